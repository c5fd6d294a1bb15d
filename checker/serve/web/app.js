/* fzcheck serve: the page's behaviour.
 *
 * Every piece of text that comes from a report (or from the server) goes into the page through
 * textContent / createTextNode / setAttribute, never as markup: a report that contains
 * <script> or [bold] shows those characters as written. No external resources are used.
 */
(function () {
  'use strict';

  var root = document.documentElement;
  var TOKEN = document.querySelector('meta[name="fzcheck-token"]').getAttribute('content');
  var MAX_BYTES = Number(root.getAttribute('data-max-bytes')) || 20 * 1024 * 1024;
  var SHEET = root.getAttribute('data-sheet') === 'xlsx' ? 'xlsx' : 'csv';
  var EXTENSIONS = ['.txt', '.md', '.docx', '.pdf', '.html', '.htm', '.mht', '.doc', '.wps', '.ofd'];
  var PARALLEL = 3;
  var SYMBOLS = {pass: '✔', partial: '△', fail: '✘', na: '–'};

  var TEXT = {
    zh: {
      appTitle: '法治政府建设年度报告检查', pack: '规则包', dropHere: '把报告文件拖到这里', or: '或',
      choose: '选择文件…', clear: '清空已选文件', privacy: '文件只在本机检查，不会上传到任何网站，也不会保存。',
      formats: '可检查的格式：', langButton: 'English', checking: '正在检查…', waiting: '等待检查',
      noTitle: '（无标题）', agency: '单位', year: '年度', date: '日期', format: '格式', score: '得分',
      grade: '等级', verdict: '结论', passed: '通过', failed: '未通过', couldNot: '无法检查',
      status: '状态', element: '要素', points: '得分', detail: '证据 / 说明', suggestion: '建议', basis: '依据',
      line: '第{line}行', expectedBefore: '应在{place}之前', expectedAfter: '应在{place}之后',
      expectedIn: '见{place}所在部分', expectedHere: '此处应有：{title}', text: '报告原文',
      onlyGaps: '只看缺项', downloads: '下载：', json: 'JSON', html: 'HTML 报告', sheetXlsx: 'Excel 表格',
      sheetCsv: 'CSV 表格', summary: '汇总（{n} 份报告）', rank: '名次', file: '文件', missing: '缺少的必备要素',
      perRule: '各要素情况', failCount: '缺失', partialCount: '部分满足', none: '—',
      tooLarge: '{name}：文件过大（{size} MB，上限 {limit} MB）', network: '{name}：无法连接检查服务（服务是否已停止？）',
      exportFailed: '导出失败：{message}', statusPass: '满足', statusPartial: '部分满足', statusFail: '缺失',
      statusNa: '不适用', warnings: '提示', allReports: '全部报告', thisReport: '本报告',
      listSep: '、', colon: '：'
    },
    en: {
      appTitle: 'Rule-of-law government report check', pack: 'Pack', dropHere: 'Drop report files here', or: 'or',
      choose: 'Choose files…', clear: 'Clear the list', privacy: 'Files are checked on this computer only: never sent to a website, never kept.',
      formats: 'Formats: ', langButton: '中文', checking: 'checking…', waiting: 'waiting',
      noTitle: '(no title)', agency: 'Agency', year: 'Year', date: 'Date', format: 'Format', score: 'Score',
      grade: 'Grade', verdict: 'Verdict', passed: 'passed', failed: 'not passed', couldNot: 'Could not check',
      status: 'Status', element: 'Element', points: 'Points', detail: 'Evidence / note', suggestion: 'Write',
      basis: 'Basis', line: 'line {line}', expectedBefore: 'belongs before {place}',
      expectedAfter: 'belongs after {place}', expectedIn: 'see the part at {place}',
      expectedHere: 'Expected here: {title}', text: 'The report\'s text', onlyGaps: 'gaps only',
      downloads: 'Download: ', json: 'JSON', html: 'HTML report', sheetXlsx: 'Excel sheet', sheetCsv: 'CSV sheet',
      summary: 'Summary ({n} reports)', rank: 'Rank', file: 'File', missing: 'Missing required elements',
      perRule: 'Per element', failCount: 'missing', partialCount: 'partly met', none: '—',
      tooLarge: '{name}: file too large ({size} MB, limit {limit} MB)',
      network: '{name}: cannot reach the checking service (has it been stopped?)',
      exportFailed: 'export failed: {message}', statusPass: 'met', statusPartial: 'partly met',
      statusFail: 'missing', statusNa: 'not applicable', warnings: 'Note', allReports: 'all reports',
      thisReport: 'this report', listSep: '; ', colon: ': '
    }
  };

  var state = {
    lang: root.getAttribute('data-lang') === 'en' ? 'en' : 'zh',
    pack: root.getAttribute('data-default-pack') || 'fazhi',
    packs: [],
    items: [],
    active: -1,
    onlyGaps: false,
    generation: 0,
    running: 0,
    nextId: 1
  };

  // --- helpers ------------------------------------------------------------------------------

  function t(key, vars) {
    var text = (TEXT[state.lang] || TEXT.zh)[key];
    if (text === undefined) { text = TEXT.zh[key] || key; }
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, function (all, name) {
        return Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : all;
      });
    }
    return text;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  function button(label, onClick, className) {
    var node = el('button', className || 'link', label);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  function num(value) {
    if (typeof value !== 'number') { return value === null || value === undefined ? '' : String(value); }
    return String(Math.round(value * 100) / 100);
  }

  // One way to cite a place (checker/judge/cite.py): the reader's place in the page's language,
  // else the line. 第1页第12行 / page 1, line 12; 第8段 / paragraph 8; 第12行 / line 12.
  var PLACES = [
    ['page', /^第(\d+)页第(\d+)行$/, /^page (\d+), line (\d+)$/, '第{0}页第{1}行', 'page {0}, line {1}'],
    ['box', /^第(\d+)段（文本框）$/, /^paragraph (\d+) \(text box\)$/, '第{0}段（文本框）', 'paragraph {0} (text box)'],
    ['table', /^第(\d+)个表格第(\d+)行$/, /^table (\d+), row (\d+)$/, '第{0}个表格第{1}行', 'table {0}, row {1}'],
    ['paragraph', /^第(\d+)段$/, /^paragraph (\d+)$/, '第{0}段', 'paragraph {0}'],
    ['line', /^第(\d+)行$/, /^line (\d+)$/, '第{0}行', 'line {0}']
  ];

  function citePlace(location, line) {
    var text = location ? String(location).trim() : '';
    for (var i = 0; text && i < PLACES.length; i++) {
      var match = PLACES[i][1].exec(text) || PLACES[i][2].exec(text);
      if (match) {
        return PLACES[i][state.lang === 'en' ? 4 : 3].replace('{0}', match[1]).replace('{1}', match[2]);
      }
    }
    if (text) { return text; }
    return line ? t('line', {line: line}) : '';
  }

  function statusLabel(status) {
    return t({pass: 'statusPass', partial: 'statusPartial', fail: 'statusFail', na: 'statusNa'}[status] || 'none');
  }

  function baseName(name) {
    var dot = name.lastIndexOf('.');
    return dot > 0 ? name.slice(0, dot) : name;
  }

  function message(text) {
    var box = document.getElementById('messages');
    var line = el('p', 'message', text);
    box.appendChild(line);
    setTimeout(function () { if (line.parentNode) { line.parentNode.removeChild(line); } }, 8000);
  }

  // --- static texts and language ------------------------------------------------------------

  function applyLanguage() {
    root.setAttribute('lang', state.lang === 'en' ? 'en' : 'zh-CN');
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    }
    document.getElementById('lang-toggle').textContent = t('langButton');
    document.getElementById('formats').textContent = t('formats') + EXTENSIONS.join(' ');
    document.title = t('appTitle') + ' · fzcheck';
    renderPacks();
  }

  function renderPacks() {
    var select = document.getElementById('pack');
    clear(select);
    state.packs.forEach(function (pack) {
      var option = el('option', null, (state.lang === 'en' ? pack.title_en : pack.title) + ' (' + pack.id + ')');
      option.value = pack.id;
      if (pack.id === state.pack) { option.selected = true; }
      select.appendChild(option);
    });
  }

  function loadPacks() {
    fetch('/api/packs', {headers: {'Accept': 'application/json'}})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        state.packs = data.packs || [];
        if (!state.packs.some(function (p) { return p.id === state.pack; }) && state.packs.length) {
          state.pack = data['default'] || state.packs[0].id;
        }
        renderPacks();
      })
      .catch(function () { /* the select stays empty; checks use the default pack */ });
  }

  // --- files and checks ---------------------------------------------------------------------

  function tooLargeMessage(item) {
    return t('tooLarge', {name: item.name, size: Math.floor(item.file.size / 1048576),
                          limit: Math.floor(MAX_BYTES / 1048576)});
  }

  function errorReport(item) {
    return {path: item.name, error: item.error, meta: null, score: null, grade: null, passed: false, findings: []};
  }

  function addFiles(fileList) {
    var files = Array.prototype.slice.call(fileList || []);
    if (!files.length) { return; }
    files.forEach(function (file) {
      var item = {id: state.nextId++, file: file, name: file.name || 'report.txt', status: 'pending',
                  report: null, packInfo: null, doc: null, error: null, generation: state.generation};
      state.items.push(item);
    });
    if (state.active < 0 || state.active >= state.items.length) { state.active = state.items.length - files.length; }
    schedule();
    render();
  }

  function recheckAll() {
    state.generation += 1;
    state.items.forEach(function (item) {
      item.status = 'pending';
      item.generation = state.generation;
      item.report = null;
      item.doc = null;
      item.error = null;
    });
    schedule();
    render();
  }

  function schedule() {
    while (state.running < PARALLEL) {
      var next = null;
      for (var i = 0; i < state.items.length; i++) {
        if (state.items[i].status === 'pending') { next = state.items[i]; break; }
      }
      if (!next) { return; }
      if (next.file.size > MAX_BYTES) {  // the server would refuse it (413): say so without sending it
        next.status = 'error';
        next.error = tooLargeMessage(next);
        next.report = errorReport(next);
        render();
        continue;
      }
      check(next);
    }
  }

  function check(item) {
    var generation = item.generation;
    item.status = 'checking';
    state.running += 1;
    var url = '/api/check?pack=' + encodeURIComponent(state.pack) + '&lang=' + encodeURIComponent(state.lang);
    fetch(url, {
      method: 'POST',
      headers: {'X-Fzcheck-Token': TOKEN, 'X-Filename': encodeURIComponent(item.name),
                'Content-Type': 'application/octet-stream', 'Accept': 'application/json'},
      body: item.file
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, status: response.status, data: data}; },
        function () { return {ok: false, status: response.status, data: {error: response.status + ' ' + response.statusText}}; });
    }).then(function (answer) {
      if (generation !== item.generation) { return; }
      var data = answer.data || {};
      if (answer.ok && data.result && data.result.reports && data.result.reports.length) {
        item.status = 'done';
        item.report = data.result.reports[0];
        item.packInfo = data.result.pack;
        item.doc = (data.documents || [])[0] || null;
      } else {
        item.status = 'error';
        item.error = data.error || String(answer.status);
        item.report = data.result && data.result.reports && data.result.reports[0] ? data.result.reports[0] : errorReport(item);
        item.packInfo = data.result ? data.result.pack : null;
      }
    }, function () {
      if (generation !== item.generation) { return; }
      item.status = 'error';
      item.error = t('network', {name: item.name});
      item.report = errorReport(item);
    }).then(function () {
      state.running -= 1;
      schedule();
      render();
    });
  }

  // --- results: contract and downloads ------------------------------------------------------

  function finished() {
    return state.items.filter(function (item) { return item.status === 'done' || item.status === 'error'; });
  }

  function contractOf(items) {
    var pack = null;
    items.forEach(function (item) { if (!pack && item.packInfo) { pack = item.packInfo; } });
    return {version: 1, pack: pack || {id: state.pack, version: null},
            reports: items.map(function (item) { return item.report || errorReport(item); })};
  }

  function documentsOf(items) {
    return items.map(function (item) {
      return item.doc ? {lines: item.doc.lines, locations: item.doc.locations || null, expected: item.doc.expected} : null;
    });
  }

  function save(blob, filename) {
    var link = document.createElement('a');
    var href = URL.createObjectURL(blob);
    link.href = href;
    link.download = filename;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(href); link.parentNode.removeChild(link); }, 1000);
  }

  function download(items, format, stem) {
    var contract = contractOf(items);
    if (format === 'json') {
      save(new Blob([JSON.stringify(contract, null, 2) + '\n'], {type: 'application/json'}), stem + '.json');
      return;
    }
    fetch('/api/export?format=' + encodeURIComponent(format) + '&lang=' + encodeURIComponent(state.lang), {
      method: 'POST',
      headers: {'X-Fzcheck-Token': TOKEN, 'Content-Type': 'application/json'},
      body: JSON.stringify({result: contract, documents: documentsOf(items)})
    }).then(function (response) {
      if (!response.ok) {
        return response.json().then(function (data) { throw new Error(data.error || response.status); });
      }
      var type = response.headers.get('Content-Type') || '';
      var extension = type.indexOf('spreadsheetml') >= 0 ? '.xlsx' : type.indexOf('text/csv') === 0 ? '.csv' : '.' + format;
      return response.blob().then(function (blob) { save(blob, stem + extension); });
    }).catch(function (error) {
      message(t('exportFailed', {message: error && error.message ? error.message : String(error)}));
    });
  }

  function downloadBar(items, stem, withSheet) {
    var bar = el('p', 'downloads');
    bar.appendChild(el('span', 'label', t('downloads')));
    bar.appendChild(button(t('json'), function () { download(items, 'json', stem); }, 'dl'));
    bar.appendChild(button(t('html'), function () { download(items, 'html', stem); }, 'dl'));
    if (withSheet) {
      bar.appendChild(button(SHEET === 'xlsx' ? t('sheetXlsx') : t('sheetCsv'),
        function () { download(items, SHEET, stem); }, 'dl'));
    }
    return bar;
  }

  // --- rendering ----------------------------------------------------------------------------

  function render() {
    document.getElementById('clear').hidden = state.items.length === 0;
    renderTabs();
    renderSummary();
    renderReport();
  }

  function renderTabs() {
    var tabs = document.getElementById('tabs');
    clear(tabs);
    tabs.hidden = state.items.length === 0;
    state.items.forEach(function (item, index) {
      var tab = el('button', 'tab' + (index === state.active ? ' active' : '') + ' tab-' + item.status);
      tab.type = 'button';
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-selected', index === state.active ? 'true' : 'false');
      tab.appendChild(el('span', 'tab-name', item.name));
      var note;
      if (item.status === 'done') {
        note = num(item.report.score) + ' · ' + (item.report.grade || '');
      } else if (item.status === 'error') {
        note = t('couldNot');
      } else {
        note = item.status === 'checking' ? t('checking') : t('waiting');
      }
      tab.appendChild(el('span', 'tab-note', note));
      tab.addEventListener('click', function () { state.active = index; render(); });
      tabs.appendChild(tab);
    });
  }

  function missingRequired(report) {
    return (report.findings || []).filter(function (f) { return f.severity === 'error' && f.status === 'fail'; })
      .map(function (f) { return f.title; });
  }

  function ranked(items) {
    return items.slice().sort(function (a, b) {
      var aFailed = a.status === 'done' ? 0 : 1;
      var bFailed = b.status === 'done' ? 0 : 1;
      if (aFailed !== bFailed) { return aFailed - bFailed; }
      var aScore = aFailed ? 0 : a.report.score;
      var bScore = bFailed ? 0 : b.report.score;
      if (aScore !== bScore) { return bScore - aScore; }
      return state.items.indexOf(a) - state.items.indexOf(b);
    });
  }

  function renderSummary() {
    var box = document.getElementById('summary');
    clear(box);
    var items = finished();
    box.hidden = state.items.length < 2;
    if (state.items.length < 2) { return; }
    box.appendChild(el('h2', null, t('summary', {n: state.items.length})));
    if (items.length) {
      box.appendChild(downloadBar(state.items.filter(function (item) { return items.indexOf(item) >= 0; }),
                                  'fzcheck-' + (state.lang === 'en' ? 'summary' : '汇总'), true));
    }
    var table = el('table', 'ranking');
    var head = el('tr');
    ['rank', 'file', 'agency', 'year', 'score', 'grade', 'verdict', 'missing'].forEach(function (key) {
      head.appendChild(el('th', null, t(key)));
    });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    ranked(items).forEach(function (item, position) {
      var row = el('tr', item.status === 'done' ? (item.report.passed ? 'ok' : 'bad') : 'err');
      row.setAttribute('data-file', item.name);
      row.appendChild(el('td', 'num', position + 1));
      var cell = el('td');
      cell.appendChild(button(item.name, function () { state.active = state.items.indexOf(item); render(); }));
      row.appendChild(cell);
      if (item.status === 'done') {
        var meta = item.report.meta || {};
        row.appendChild(el('td', null, meta.agency || t('none')));
        row.appendChild(el('td', null, meta.year || t('none')));
        row.appendChild(el('td', 'num', num(item.report.score)));
        row.appendChild(el('td', null, item.report.grade || ''));
        row.appendChild(el('td', null, item.report.passed ? t('passed') : t('failed')));
        row.appendChild(el('td', null, missingRequired(item.report).join(t('listSep')) || t('none')));
      } else {
        var note = el('td', 'error-text', item.error || '');
        note.colSpan = 6;
        row.appendChild(note);
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    box.appendChild(table);

    var done = items.filter(function (item) { return item.status === 'done'; });
    if (done.length < 2) { return; }
    var counts = [];
    var byRule = {};
    done.forEach(function (item) {
      (item.report.findings || []).forEach(function (f) {
        if (!byRule[f.rule]) { byRule[f.rule] = {rule: f.rule, title: f.title, fail: 0, partial: 0}; counts.push(byRule[f.rule]); }
        if (f.status === 'fail') { byRule[f.rule].fail += 1; }
        if (f.status === 'partial') { byRule[f.rule].partial += 1; }
      });
    });
    counts = counts.filter(function (c) { return c.fail || c.partial; })
      .sort(function (a, b) { return (b.fail - a.fail) || (b.partial - a.partial); });
    if (!counts.length) { return; }
    box.appendChild(el('h3', null, t('perRule')));
    var stats = el('table', 'rules');
    var statsHead = el('tr');
    [t('element'), t('failCount'), t('partialCount')].forEach(function (label) { statsHead.appendChild(el('th', null, label)); });
    stats.appendChild(el('thead')).appendChild(statsHead);
    var statsBody = el('tbody');
    counts.forEach(function (c) {
      var row = el('tr');
      var name = el('td', null, c.title);
      name.appendChild(el('span', 'rid', c.rule));
      row.appendChild(name);
      row.appendChild(el('td', 'num', c.fail + ' / ' + done.length));
      row.appendChild(el('td', 'num', c.partial + ' / ' + done.length));
      statsBody.appendChild(row);
    });
    stats.appendChild(statsBody);
    box.appendChild(stats);
  }

  function renderReport() {
    var box = document.getElementById('report');
    clear(box);
    var item = state.items[state.active];
    if (!item) { return; }
    if (item.status === 'pending' || item.status === 'checking') {
      box.appendChild(el('p', 'pending', item.name + ' — ' + t('checking')));
      return;
    }
    if (item.status === 'error') {
      var failure = el('div', 'failure');
      failure.appendChild(el('h2', null, item.name));
      failure.appendChild(el('p', 'error-text', t('couldNot') + t('colon') + (item.error || '')));
      box.appendChild(failure);
      return;
    }
    var report = item.report;
    var meta = report.meta || {};
    var header = el('div', 'report-head');
    header.appendChild(el('h2', 'report-title', meta.title || t('noTitle')));
    var facts = el('p', 'facts');
    [['file', item.name], ['agency', meta.agency], ['year', meta.year], ['date', meta.date],
     ['format', item.doc && item.doc.format]].forEach(function (pair) {
      var span = el('span', 'fact');
      span.appendChild(el('span', 'fact-key', t(pair[0]) + t('colon')));
      span.appendChild(el('span', 'fact-value fact-' + pair[0], pair[1] === null || pair[1] === undefined || pair[1] === '' ? t('none') : pair[1]));
      facts.appendChild(span);
    });
    header.appendChild(facts);
    var score = el('p', 'score ' + (report.passed ? 'ok' : 'bad'));
    score.appendChild(el('span', 'score-value', num(report.score)));
    score.appendChild(el('span', 'grade', report.grade || ''));
    score.appendChild(el('span', 'verdict', report.passed ? t('passed') : t('failed')));
    header.appendChild(score);
    (report.warnings || []).forEach(function (warning) {
      header.appendChild(el('p', 'warning', t('warnings') + t('colon') + warning));
    });
    header.appendChild(downloadBar([item], baseName(item.name) + '.fzcheck', false));
    box.appendChild(header);

    var split = el('div', 'split');
    var textPane = buildText(item);
    split.appendChild(buildGaps(item, textPane));
    split.appendChild(textPane.node);
    box.appendChild(split);
  }

  function buildGaps(item, textPane) {
    var report = item.report;
    var expected = (item.doc && item.doc.expected) || {};
    var pane = el('div', 'gaps');
    var filter = el('label', 'filter');
    var box = el('input');
    box.type = 'checkbox';
    box.checked = state.onlyGaps;
    box.addEventListener('change', function () { state.onlyGaps = box.checked; renderReport(); });
    filter.appendChild(box);
    filter.appendChild(document.createTextNode(' ' + t('onlyGaps')));
    pane.appendChild(filter);
    var table = el('table', 'gap-table');
    var head = el('tr');
    ['status', 'element', 'points', 'detail', 'suggestion', 'basis'].forEach(function (key) {
      head.appendChild(el('th', 'col-' + key, t(key)));
    });
    table.appendChild(el('thead')).appendChild(head);
    var body = el('tbody');
    (report.findings || []).forEach(function (f) {
      var row = el('tr', 'st-' + f.status);
      row.setAttribute('data-rule', f.rule);
      row.setAttribute('data-status', f.status);
      if (state.onlyGaps && (f.status === 'pass' || f.status === 'na')) { row.hidden = true; }
      var symbol = el('td', 'sym', SYMBOLS[f.status] || f.status);
      symbol.title = statusLabel(f.status);
      row.appendChild(symbol);
      var element = el('td', 'element');
      element.appendChild(el('div', 'element-title', f.title));
      element.appendChild(el('div', 'rid', f.rule));
      row.appendChild(element);
      row.appendChild(el('td', 'num points', f.status === 'na' ? '—' : num(f.earned) + '/' + num(f.weight)));
      var detail = el('td', 'detail');
      detail.appendChild(el('div', 'msg', f.message));
      var goEvidence = null;
      var goExpected = null;
      (f.evidence || []).forEach(function (evidence) {
        var line = el('div', 'evidence');
        var where = citePlace(evidence.location, evidence.line);
        if (evidence.line && textPane.lines[evidence.line]) {
          var go = function () { textPane.show(evidence.line); };
          line.appendChild(button(where, go, 'link goto'));
          if (!goEvidence) { goEvidence = go; }
        } else {
          line.appendChild(el('span', 'where', where));
        }
        if (evidence.text) { line.appendChild(document.createTextNode((where ? t('colon') : '') + evidence.text)); }
        detail.appendChild(line);
      });
      var place = expected[f.rule];
      if (place && textPane.markers[f.rule]) {
        var label = place.where === 'before' ? 'expectedBefore' : place.where === 'after' ? 'expectedAfter' : 'expectedIn';
        goExpected = function () { textPane.showMarker(f.rule); };
        var locations = (item.doc && item.doc.locations) || [];
        var at = citePlace(locations[place.line - 1], place.line);
        detail.appendChild(el('div')).appendChild(button('▸ ' + t(label, {place: at}), goExpected,
                                                         'link goto expected'));
      }
      var first = goEvidence || goExpected;
      row.appendChild(detail);
      row.appendChild(el('td', 'suggestion', f.suggestion || ''));
      row.appendChild(el('td', 'basis', f.basis || ''));
      if (first) {
        row.classList.add('linked');
        row.addEventListener('click', function (event) {
          if (event.target && event.target.tagName === 'BUTTON') { return; }
          first();
        });
      }
      body.appendChild(row);
    });
    table.appendChild(body);
    pane.appendChild(table);
    return pane;
  }

  function buildText(item) {
    var doc = item.doc || {lines: []};
    var lines = doc.lines || [];
    var locations = doc.locations || null;
    var expected = doc.expected || {};
    var findings = item.report.findings || [];
    var rank = {fail: 3, partial: 2, pass: 1};
    var marks = {};
    findings.forEach(function (f) {
      (f.evidence || []).forEach(function (evidence) {
        var n = evidence.line;
        if (!n || n < 1 || n > lines.length) { return; }
        var mark = marks[n] || (marks[n] = {status: f.status, titles: [], texts: []});
        if ((rank[f.status] || 0) > (rank[mark.status] || 0)) { mark.status = f.status; }
        mark.titles.push(statusLabel(f.status) + t('colon') + f.title);
        mark.texts.push(evidence.text || '');
      });
    });
    var titles = {};
    findings.forEach(function (f) { titles[f.rule] = f.title; });
    var before = {};
    var after = {};
    Object.keys(expected).forEach(function (rule) {
      var place = expected[rule];
      if (!place || place.where === 'in' || !(place.line >= 1 && place.line <= Math.max(lines.length, 1))) { return; }
      if (place.same_as && expected[place.same_as]) { return; }  // shares the marker of its missing part
      var bucket = place.where === 'after' ? after : before;
      (bucket[place.line] || (bucket[place.line] = [])).push(rule);
    });

    var pane = el('div', 'textpane');
    pane.appendChild(el('h3', null, t('text')));
    var view = el('div', 'textview');
    pane.appendChild(view);
    var lineNodes = {};
    var markerNodes = {};

    function marker(rule) {
      var node = el('div', 'expect', t('expectedHere', {title: titles[rule] || rule}));
      node.setAttribute('data-rule', rule);
      markerNodes[rule] = node;
      view.appendChild(node);
    }

    lines.forEach(function (text, index) {
      var n = index + 1;
      (before[n] || []).forEach(marker);
      var line = el('div', 'line');
      line.setAttribute('data-line', String(n));
      var number = el('span', 'ln', n);
      if (locations && locations[index]) { number.title = citePlace(locations[index], n); }
      line.appendChild(number);
      var body = el('span', 'tx');
      var mark = marks[n];
      if (mark) {
        line.classList.add('hl', 'hl-' + mark.status);
        line.title = mark.titles.join('\n');
        highlight(body, text, mark.texts);
      } else {
        body.textContent = text.length ? text : '\u00a0';
      }
      line.appendChild(body);
      lineNodes[n] = line;
      view.appendChild(line);
      (after[n] || []).forEach(marker);
    });
    // a rule inside an existing part: the marker is that part's heading line; a rule inside a
    // missing part: the marker of that part
    Object.keys(expected).forEach(function (rule) {
      var place = expected[rule];
      if (place && place.where === 'in' && lineNodes[place.line]) { markerNodes[rule] = lineNodes[place.line]; }
      if (place && place.same_as && markerNodes[place.same_as]) { markerNodes[rule] = markerNodes[place.same_as]; }
    });

    function flash(node) {
      // scroll the text pane itself; the window only when the pane is out of sight
      view.scrollTop = Math.max(0, node.offsetTop - view.clientHeight / 3);
      var box = view.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) { view.scrollIntoView({block: 'nearest'}); }
      node.classList.remove('flash');
      void node.offsetWidth;
      node.classList.add('flash');
    }

    return {
      node: pane,
      lines: lineNodes,
      markers: markerNodes,
      show: function (n) { if (lineNodes[n]) { flash(lineNodes[n]); } },
      showMarker: function (rule) { if (markerNodes[rule]) { flash(markerNodes[rule]); } }
    };
  }

  // The line's text with the evidence excerpt marked, built from text nodes only.
  function highlight(target, text, excerpts) {
    var best = null;
    excerpts.forEach(function (excerpt) {
      var needle = String(excerpt || '').replace(/^…+/, '').replace(/…+$/, '');
      if (needle.length < 2) { return; }
      var at = text.indexOf(needle);
      if (at >= 0 && (!best || needle.length > best.length)) { best = {at: at, length: needle.length}; }
    });
    if (!best) {
      target.textContent = text.length ? text : '\u00a0';
      return;
    }
    target.appendChild(document.createTextNode(text.slice(0, best.at)));
    target.appendChild(el('mark', null, text.slice(best.at, best.at + best.length)));
    target.appendChild(document.createTextNode(text.slice(best.at + best.length)));
  }

  // --- wiring -------------------------------------------------------------------------------

  function init() {
    var drop = document.getElementById('drop');
    var picker = document.getElementById('picker');
    picker.addEventListener('change', function () { addFiles(picker.files); picker.value = ''; });
    drop.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); picker.click(); }
    });
    ['dragenter', 'dragover'].forEach(function (name) {
      window.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add('over');
      });
    });
    ['dragleave', 'dragend'].forEach(function (name) {
      window.addEventListener(name, function (event) {
        if (!event.relatedTarget) { drop.classList.remove('over'); }
      });
    });
    window.addEventListener('drop', function (event) {
      event.preventDefault();
      drop.classList.remove('over');
      if (event.dataTransfer) { addFiles(event.dataTransfer.files); }
    });
    document.getElementById('clear').addEventListener('click', function () {
      state.generation += 1;
      state.items = [];
      state.active = -1;
      render();
    });
    document.getElementById('pack').addEventListener('change', function (event) {
      state.pack = event.target.value;
      if (state.items.length) { recheckAll(); }
    });
    document.getElementById('lang-toggle').addEventListener('click', function () {
      state.lang = state.lang === 'en' ? 'zh' : 'en';
      applyLanguage();
      if (state.items.length) { recheckAll(); } else { render(); }
    });
    applyLanguage();
    loadPacks();
    render();
  }

  init();
}());
