"""The page in a real browser: Debian's chromium + chromedriver through selenium.

Uploads two fixtures through the file picker, waits for the gap tables and checks each row
(rule and status) against `fzcheck check --format json` for the same files; checks the
evidence highlighting, the "expected here" marker of a missing part, the batch ranking, the
language toggle, and that a report's <script> stays text. Saves screenshots to
tests/artifacts/. Skipped where selenium, chromium or chromedriver is missing.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from serve_helper import ROOT, cli_json, serve

webdriver = pytest.importorskip("selenium.webdriver")

ARTIFACTS = ROOT / "tests" / "artifacts"
FILES = [ROOT / "fixtures" / "complete.txt", ROOT / "fixtures" / "variants" / "missing_shortcomings.txt"]


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name) or (name if os.path.isabs(name) and os.path.exists(name) else None)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    chromium = _binary("chromium", "chromium-browser", "/usr/bin/chromium")
    driver_path = _binary("chromedriver", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
    if not chromium or not driver_path:
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    profile = tempfile.mkdtemp(prefix="fzcheck-chromium-")
    options = Options()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1500,1100", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except WebDriverException as exc:
        shutil.rmtree(profile, ignore_errors=True)
        pytest.skip(f"chromium could not be started: {exc.msg}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def server():
    with serve() as served:
        yield served


def _wait(driver, condition, timeout=30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _rows(driver):
    from selenium.webdriver.common.by import By

    return [(row.get_attribute("data-rule"), row.get_attribute("data-status"), row)
            for row in driver.find_elements(By.CSS_SELECTOR, "#report table.gap-table tbody tr")]


def _severe(driver) -> list[str]:
    try:
        return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 — a driver without the log endpoint
        return []


def test_page_checks_two_files_like_the_cli(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    expected = cli_json([str(path) for path in FILES], tmp_path)
    browser.get(server.url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pack option"))
    assert browser.find_element(By.CSS_SELECTOR, "h1").text == "法治政府建设年度报告检查"
    browser.find_element(By.ID, "picker").send_keys("\n".join(str(path) for path in FILES))
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tabs .tab-done")) == 2)

    tabs = browser.find_elements(By.CSS_SELECTOR, "#tabs .tab")
    assert [tab.find_element(By.CLASS_NAME, "tab-name").text for tab in tabs] == [p.name for p in FILES]
    for index, report in enumerate(expected["reports"]):
        browser.find_elements(By.CSS_SELECTOR, "#tabs .tab")[index].click()  # tabs are rebuilt on each click
        _wait(browser, lambda d: _rows(d))
        rows = _rows(browser)
        assert [(rule, status) for rule, status, _ in rows] == [(f["rule"], f["status"]) for f in report["findings"]]
        for (rule, status, row), finding in zip(rows, report["findings"]):
            symbol = row.find_element(By.CSS_SELECTOR, "td.sym").text
            assert symbol == {"pass": "✔", "partial": "△", "fail": "✘", "na": "–"}[status]
            assert row.find_element(By.CSS_SELECTOR, ".element-title").text == finding["title"]
        score = browser.find_element(By.CSS_SELECTOR, "#report .score-value").text
        assert float(score) == report["score"]
        assert browser.find_element(By.CSS_SELECTOR, "#report .grade").text == report["grade"]
        assert browser.find_element(By.CSS_SELECTOR, "#report .report-title").text == report["meta"]["title"]
        # every evidence line is highlighted in the text beside the table
        evidence_lines = {e["line"] for f in report["findings"] for e in f["evidence"]}
        highlighted = {int(n.get_attribute("data-line"))
                       for n in browser.find_elements(By.CSS_SELECTOR, "#report .textview .line.hl")}
        assert evidence_lines <= highlighted
        if index == 0:
            browser.save_screenshot(str(_artifact("serve-complete.png")))

    # the defective file (shown last): its missing part has a marker where it belongs
    marker = browser.find_element(By.CSS_SELECTOR, '#report .expect[data-rule="section.shortcomings"]')
    assert "存在的不足和原因" in marker.text
    following = marker.find_element(By.XPATH, "following-sibling::div[1]")
    assert "第一责任人" in following.text
    row = next(row for rule, _, row in _rows(browser) if rule == "section.shortcomings")
    row.find_element(By.CSS_SELECTOR, "button.expected").click()
    _wait(browser, lambda d: "flash" in marker.get_attribute("class"))

    # the batch summary ranks both
    ranking = browser.find_elements(By.CSS_SELECTOR, "#summary table.ranking tbody tr")
    assert [r.get_attribute("data-file") for r in ranking] == \
        [p.name for _, p in sorted(zip(expected["reports"], FILES), key=lambda pair: -pair[0]["score"])]
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(_artifact("serve-summary.png")))
    # the screenshot for the README: the report from its tabs down, the missing part's marker in sight
    browser.execute_script("window.scrollTo(0, document.getElementById('tabs').offsetTop - 8);"
                           "arguments[0].parentNode.scrollTop = arguments[0].offsetTop - 220;", marker)
    browser.save_screenshot(str(_artifact("serve.png")))
    assert not _severe(browser), _severe(browser)

    # English: the page re-checks in the other language
    browser.find_element(By.ID, "lang-toggle").click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "h1").text == "Rule-of-law government report check")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tabs .tab-done")) == 2)
    english = cli_json([str(FILES[1])], tmp_path, "--lang", "en")["reports"][0]
    _wait(browser, lambda d: _rows(d))
    titles = [row.find_element(By.CSS_SELECTOR, ".element-title").text for _, _, row in _rows(browser)]
    assert titles == [f["title"] for f in english["findings"]]


def test_report_markup_stays_text_and_errors_keep_the_page_usable(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    hostile = tmp_path / "hostile.txt"
    hostile.write_text("<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">[bold]x[/]"
                       "法治政府建设年度报告\n\n2024年，我局推进法治政府建设。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    browser.get(server.url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pack option"))
    browser.find_element(By.ID, "picker").send_keys(f"{hostile}\n{empty}")
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tabs .tab-done, #tabs .tab-error")) == 2)
    assert browser.execute_script("return window.__pwned === undefined")
    browser.find_elements(By.CSS_SELECTOR, "#tabs .tab")[0].click()
    first_line = browser.find_element(By.CSS_SELECTOR, '#report .textview .line[data-line="1"] .tx')
    assert first_line.text.startswith("<script>window.__pwned=1</script><img src=x")
    assert not browser.find_elements(By.CSS_SELECTOR, "#report script, #report img")
    browser.find_elements(By.CSS_SELECTOR, "#tabs .tab")[1].click()
    message = browser.find_element(By.CSS_SELECTOR, "#report .error-text").text
    assert message.endswith("empty.txt：文件为空")
    # the page goes on: another file is checked after the error
    browser.find_element(By.ID, "picker").send_keys(str(FILES[0]))
    _wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#tabs .tab-done")) == 2)
    assert not [m for m in _severe(browser) if "pwned" in m or "Content Security Policy" in m]


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def test_file_controls_are_separate_and_the_pack_menu_is_not_cut(browser, server):
    """"或 [选择文件…] [清空已选文件]" read as two controls; the English pack menu shows its whole title."""
    from selenium.webdriver.common.by import By

    browser.get(server.url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pack option"))
    browser.find_element(By.ID, "picker").send_keys(str(FILES[0]))
    _wait(browser, lambda d: d.find_element(By.ID, "clear").is_displayed())
    picker = browser.find_element(By.CSS_SELECTOR, "label.picker")
    clear = browser.find_element(By.ID, "clear")
    assert "button" in picker.get_attribute("class") and "button" in clear.get_attribute("class")
    gap = clear.rect["x"] - (picker.rect["x"] + picker.rect["width"])
    assert gap >= 12 or clear.rect["y"] > picker.rect["y"] + picker.rect["height"], (picker.rect, clear.rect)
    for selector in ("label.picker", "#clear"):  # each has a border of its own
        assert browser.execute_script(
            "return getComputedStyle(document.querySelector(arguments[0])).borderTopStyle", selector) == "solid"

    browser.find_element(By.ID, "lang-toggle").click()
    _wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "h1").text == "Rule-of-law government report check")
    script = """
        var select = document.getElementById('pack');
        var canvas = document.createElement('canvas').getContext('2d');
        canvas.font = getComputedStyle(select).font;
        var widest = 0;
        for (var i = 0; i < select.options.length; i++) {
          select.selectedIndex = i;
          widest = Math.max(widest, canvas.measureText(select.options[i].text).width - select.clientWidth + 16);
        }
        return [widest, select.options[select.options.length - 1].text];
    """
    overflow, text = browser.execute_script(script)
    assert overflow <= 0, (overflow, text)
    assert text.startswith("Annual") and text.endswith(")")


def test_the_page_cites_places_as_the_table_does(browser, server, tmp_path):
    """A PDF's evidence and the 'belongs before' link both cite 第N页第M行 (page N, line M), as the
    table and the JSON do — never a bare line number of the text view."""
    import sys

    from selenium.webdriver.common.by import By

    sys.path.insert(0, str(ROOT / "tests" / "readers"))
    import formats_helper as fh

    path = tmp_path / "defective.pdf"
    path.write_bytes(fh.to_pdf(report=fh.DEFECTIVE))
    expected = cli_json([str(path)], tmp_path)["reports"][0]
    browser.get(server.url)
    _wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#pack option"))
    browser.find_element(By.ID, "picker").send_keys(str(path))
    _wait(browser, lambda d: _rows(d))
    shown = [node.text for node in browser.find_elements(By.CSS_SELECTOR, "#report .detail .evidence")]
    cited = [f"{e['location']}：{e['text']}" for f in expected["findings"] for e in f["evidence"] if e["text"]]
    assert shown and shown == cited
    links = [node.text for node in browser.find_elements(By.CSS_SELECTOR, "#report button.expected")]
    assert links and all(re.search(r"第\d+页第\d+行", link) for link in links), links
