"""`fzcheck serve` over real HTTP: the server runs in a subprocess on a free port.

Every format the checker reads is uploaded (built at test time by formats_helper), and so are
an oversized, an empty, a binary and a damaged file and a report with <script> and rich markup.
The answers must be the CLI's: the same verdicts as `fzcheck check --format json` and the same
messages for files that cannot be read. Foreign Host headers and POSTs without the page's token
are refused.
"""
from __future__ import annotations

import json
import re
import socket
import sys
import time
from pathlib import Path

import pytest

from serve_helper import ROOT, cli_json, serve

sys.path.insert(0, str(Path(__file__).resolve().parent / "readers"))
import formats_helper as fh  # noqa: E402

FIXTURES = ROOT / "fixtures"
HOSTILE_TEXT = ("<script>alert(1)</script>[bold]x[/]法治政府建设年度报告\n\n"
                "2024年，我局推进法治政府建设。<img src=x onerror=alert(2)>[red]红[/red]\n"
                "一、主要举措和成效\n全面落实行政执法公示制度。\n")


@pytest.fixture(scope="module")
def server():
    with serve() as served:
        yield served


def statuses(report: dict) -> dict:
    return {f["rule"]: f["status"] for f in report["findings"]}


# --- the page ---------------------------------------------------------------------------

def test_page_is_served_with_strict_headers_and_no_external_sources(server):
    status, headers, body = server.request("GET", "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert headers["X-Content-Type-Options"] == "nosniff"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    page = body.decode("utf-8")
    assert server.token and server.token in page
    for path, kind in (("/static/app.js", "javascript"), ("/static/app.css", "css")):
        status, headers, asset = server.request("GET", path)
        assert status == 200 and kind in headers["Content-Type"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        page += asset.decode("utf-8")
    # offline: nothing fetched from elsewhere (no scheme-relative or absolute URLs, no @import)
    assert not re.search(r"(?:https?:)?//[a-z0-9]", page.replace("http://www.w3.org", ""), re.I), \
        re.findall(r"(?:https?:)?//[^\s'\"]+", page)
    assert "@import" not in page
    for ext in (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".mht", ".doc", ".wps", ".ofd"):
        assert ext in page


def test_page_code_builds_the_dom_from_text_only():
    """The page never turns data into markup: no innerHTML and friends anywhere in app.js."""
    code = (ROOT / "checker" / "serve" / "web" / "app.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout('", 'setTimeout("'):
        assert sink not in code, sink
    assert "textContent" in code and "createTextNode" in code


def test_packs_lists_the_builtin_packs(server):
    status, headers, body = server.request("GET", "/api/packs")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    ids = [p["id"] for p in json.loads(body)["packs"]]
    assert {"fazhi", "market"} <= set(ids)


def test_unknown_path_is_404_json(server):
    status, headers, body = server.request("GET", "/../../etc/passwd")
    assert status == 404 and headers["Content-Type"].startswith("application/json")


# --- checking -----------------------------------------------------------------------------

def test_txt_gives_the_cli_verdicts(server, tmp_path):
    source = FIXTURES / "variants" / "missing_shortcomings.txt"
    status, data = server.check(source.name, source.read_bytes())
    assert status == 200
    cli = cli_json([str(source)], tmp_path)
    ours, theirs = data["result"]["reports"][0], cli["reports"][0]
    assert data["result"]["pack"] == cli["pack"]
    assert ours["path"] == source.name
    for key in ("error", "meta", "score", "grade", "passed", "findings"):
        assert ours[key] == theirs[key], key
    document = data["documents"][0]
    assert document["lines"] == source.read_text(encoding="utf-8").split("\n")
    # the missing part points at the place it belongs: before the next part's heading
    place = document["expected"]["section.shortcomings"]
    assert place["where"] == "before"
    assert "第一责任人" in document["lines"][place["line"] - 1]


def test_pack_and_language_are_honoured(server, tmp_path):
    source = FIXTURES / "complete.txt"
    status, data = server.check(source.name, source.read_bytes(), lang="en", pack="market")
    assert status == 200
    cli = cli_json([str(source)], tmp_path, "--pack", "market", "--lang", "en")
    assert data["result"]["pack"]["id"] == "market"
    assert data["result"]["reports"][0]["findings"] == cli["reports"][0]["findings"]
    status, data = server.check(source.name, source.read_bytes(), pack="no-such-pack")
    assert status == 400 and "no-such-pack" in data["error"]


@pytest.mark.parametrize("name", ["complete", "defective"])
def test_every_format_gives_the_txt_verdicts(server, name):
    pytest.importorskip("docx")
    pytest.importorskip("reportlab")
    from test_reader_verdicts import builders  # the formats tests' builders (tests/readers)

    report = fh.REPORT if name == "complete" else fh.DEFECTIVE
    builds = {f"report.{key}": build for key, build in builders(report).items()}
    builds["report.md"] = builds["report.txt"]
    builds["report.htm"] = builds["report.gb2312.html"]
    expected = None
    for filename, build in builds.items():
        status, data = server.check(filename, build())
        assert status == 200, (filename, data)
        result = data["result"]["reports"][0]
        assert result["error"] is None
        assert data["documents"][0]["lines"], filename
        # a saved web page states when it was published (its metadata): publication.timely and
        # meta.published may know what the .txt cannot; everything else is the same
        seen = ({k: v for k, v in statuses(result).items() if k != "publication.timely"},
                {k: v for k, v in result["meta"].items() if k != "published"})
        if expected is None:
            expected = seen
        assert seen == expected, filename


def test_doc_and_wps_through_libreoffice(server, tmp_path):
    """.doc/.wps are converted by LibreOffice: skipped where it is not installed."""
    import shutil
    import subprocess

    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice is not installed")
    pytest.importorskip("docx")
    source = tmp_path / "report.docx"
    source.write_bytes(fh.to_docx(True, fh.REPORT))
    converted = subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                                "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
                               capture_output=True, timeout=180)
    if converted.returncode != 0 or not (tmp_path / "report.doc").exists():
        pytest.skip(f"LibreOffice could not convert: {converted.stderr[-300:]!r}")
    data = (tmp_path / "report.doc").read_bytes()
    _, txt = server.check("report.txt", fh.to_txt(fh.REPORT))
    for name in ("report.doc", "report.wps"):
        status, answer = server.check(name, data)
        assert status == 200, answer
        assert statuses(answer["result"]["reports"][0]) == statuses(txt["result"]["reports"][0])


# --- files that cannot be checked: the CLI's message, and the server carries on -------------

@pytest.mark.parametrize("name, data", [
    ("empty.txt", b""),
    ("blank.txt", b"  \n\t\n"),
    ("binary.txt", bytes(range(256)) * 40),
    ("binary.docx", b"\x00\x01\x02\x03" * 500),
    ("damaged.docx", b"PK\x03\x04" + b"\x00" * 200),
    ("damaged.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100),
])
def test_unreadable_file_gets_the_cli_message(server, tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    cli = cli_json([name], tmp_path)
    for lang in ("zh", "en"):
        status, answer = server.check(name, data, lang=lang)
        assert status == 422, answer
        message = cli["reports"][0]["error"] if lang == "zh" else cli_json([name], tmp_path, "--lang", "en")["reports"][0]["error"]
        assert answer["error"] == message
        assert answer["result"]["reports"][0]["error"] == message
        assert "Traceback" not in json.dumps(answer)
    # and the page goes on working
    status, answer = server.check("complete.txt", (FIXTURES / "complete.txt").read_bytes())
    assert status == 200 and answer["result"]["reports"][0]["error"] is None


def test_oversized_file_is_refused_with_413(server):
    data = b"a" * (20 * 1024 * 1024 + 1)
    status, answer = server.check("big.txt", data)
    assert status == 413
    assert answer["error"] == "big.txt：文件过大（20 MB，上限 20 MB）"
    status, answer = server.check("big.txt", data, lang="en")
    assert status == 413 and answer["error"] == "big.txt: file too large (20 MB, limit 20 MB)"
    status, answer = server.check("small.txt", (FIXTURES / "complete.txt").read_bytes())
    assert status == 200


def test_filename_is_reduced_to_its_name(server):
    status, data = server.check("../../etc/évil\\name<b>.txt", (FIXTURES / "complete.txt").read_bytes())
    assert status == 200
    assert data["result"]["reports"][0]["path"] == "name<b>.txt"


# --- document text is data ------------------------------------------------------------------

def test_script_and_markup_in_a_report_stay_text(server):
    status, data = server.check("hostile.txt", HOSTILE_TEXT.encode("utf-8"))
    assert status == 200
    lines = data["documents"][0]["lines"]
    assert lines[0] == "<script>alert(1)</script>[bold]x[/]法治政府建设年度报告"
    assert "[red]红[/red]" in lines[2]
    # the page itself never carries document text
    _, _, page = server.request("GET", "/")
    assert b"alert(" not in page and b"[bold]" not in page

    # the exported report page escapes it
    payload = json.dumps({"result": data["result"], "documents": data["documents"]}).encode("utf-8")
    status, headers, body = server.request("POST", "/api/export?format=html", payload,
                                           {"X-Fzcheck-Token": server.token, "Content-Type": "application/json"})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "attachment" in headers["Content-Disposition"]
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    page = body.decode("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]x[/]" in page
    assert "<script" not in page.lower() and "<img" not in page.lower()


def test_exports_json_csv_and_spreadsheet(server):
    reports = []
    for source in (FIXTURES / "complete.txt", FIXTURES / "variants" / "missing_shortcomings.txt"):
        _, data = server.check(source.name, source.read_bytes())
        reports.append(data)
    merged = {**reports[0]["result"], "reports": [r["result"]["reports"][0] for r in reports]}
    payload = json.dumps({"result": merged, "documents": [r["documents"][0] for r in reports]}).encode("utf-8")
    headers = {"X-Fzcheck-Token": server.token, "Content-Type": "application/json"}

    status, _, body = server.request("POST", "/api/export?format=json", payload, headers)
    assert status == 200 and json.loads(body) == merged

    status, response_headers, body = server.request("POST", "/api/export?format=csv", payload, headers)
    assert status == 200 and response_headers["Content-Type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf")
    rows = body.decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:2] in (["名次", "文件"], ["排名", "文件"])
    assert len(rows) == 3 and rows[1].split(",")[1] == "complete.txt"  # ranked: the complete report first

    status, response_headers, body = server.request("POST", "/api/export?format=xlsx", payload, headers)
    assert status == 200
    kind = response_headers["Content-Type"]
    if "spreadsheetml" in kind:  # the batch review's workbook
        openpyxl = pytest.importorskip("openpyxl")
        import io

        book = openpyxl.load_workbook(io.BytesIO(body))
        ranking = book.worksheets[0]
        assert ranking.max_row == 3
        cells = [str(c.value) for row in ranking.iter_rows(min_row=2) for c in row]
        assert "complete.txt" in cells and "missing_shortcomings.txt" in cells
    else:  # without it, the CSV
        assert kind.startswith("text/csv") and body.startswith(b"\xef\xbb\xbf")
    bogus = json.dumps({"result": {**merged, "reports": [{**merged["reports"][0], "findings": [
        {"rule": "x", "severity": "fatal", "status": "gone"}]}]}}).encode("utf-8")
    status, _, _ = server.request("POST", "/api/export?format=xlsx", bogus, headers)
    assert status in (200, 400)  # 400 when the workbook is built from it; the CSV takes it as text

    status, response_headers, body = server.request("POST", "/api/export?format=html", payload, headers)
    page = body.decode("utf-8")  # the batch review's page when it is installed, else our own
    assert status == 200 and response_headers["Content-Type"].startswith("text/html")
    assert "complete.txt" in page and "missing_shortcomings.txt" in page and "存在的不足和原因" in page
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", page)  # self-contained

    single = json.dumps({"result": reports[1]["result"], "documents": reports[1]["documents"]}).encode("utf-8")
    status, _, body = server.request("POST", "/api/export?format=html", single, headers)
    page = body.decode("utf-8")  # one report: its gap table and its text with the marker
    assert status == 200 and page.count("<section") == 1 and "此处应有：存在的不足和原因" in page
    status, _, body = server.request("POST", "/api/export?format=csv", single, headers)
    assert status == 200 and len(body.decode("utf-8-sig").splitlines()) == 2

    status, _, body = server.request("POST", "/api/export?format=exe", payload, headers)
    assert status == 400
    status, _, body = server.request("POST", "/api/export?format=html", b"{not json", headers)
    assert status == 400 and "error" in json.loads(body)


# --- who may talk to the server ---------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1", "127.0.0.1.evil.example:{port}",
                                  "localhost.:{port}0", ""])
def test_foreign_host_header_is_refused(server, host):
    host = host.format(port=server.port)
    status, _, body = server.request("GET", "/", headers={"Host": host})
    assert status in (403, 421), host
    assert server.token.encode() not in body
    status, _, _ = server.request("POST", "/api/check", b"text", {"Host": host, "X-Fzcheck-Token": server.token,
                                                                 "X-Filename": "a.txt"})
    assert status in (403, 421)


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_local_host_names_are_accepted(server, host):
    status, _, _ = server.request("GET", "/", headers={"Host": host.format(port=server.port)})
    assert status == 200


def test_post_needs_the_page_token_and_a_local_origin(server):
    data = (FIXTURES / "complete.txt").read_bytes()
    status, _, body = server.request("POST", "/api/check", data, {"X-Filename": "a.txt"})
    assert status == 403 and "令牌" in json.loads(body)["error"]
    status, _, _ = server.request("POST", "/api/check", data, {"X-Filename": "a.txt", "X-Fzcheck-Token": "guess"})
    assert status == 403
    status, _, _ = server.request("POST", "/api/export?format=html", b"{}", {"Content-Type": "application/json"})
    assert status == 403
    status, _ = server.check("a.txt", data, headers={"Origin": "http://evil.example"})
    assert status == 403
    status, _ = server.check("a.txt", data, headers={"Origin": "null"})
    assert status == 403
    status, _ = server.check("a.txt", data, headers={"Sec-Fetch-Site": "cross-site"})
    assert status == 403
    status, _ = server.check("a.txt", data, headers={"Origin": f"http://127.0.0.1:{server.port}",
                                                     "Sec-Fetch-Site": "same-origin"})
    assert status == 200


def test_a_slow_upload_does_not_hold_up_other_requests(server):
    """One client sends half a body and stops; the page and other checks still answer at once."""
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    try:
        slow.sendall((f"POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                      f"X-Fzcheck-Token: {server.token}\r\nX-Filename: slow.txt\r\n"
                      f"Content-Length: 100000\r\n\r\n").encode() + b"x" * 1000)
        started = time.monotonic()
        status, _, _ = server.request("GET", "/api/packs", timeout=10)
        assert status == 200
        status, _ = server.check("complete.txt", (FIXTURES / "complete.txt").read_bytes())
        assert status == 200
        assert time.monotonic() - started < 8
    finally:
        slow.close()


def test_a_large_pdf_and_other_requests_at_the_same_time(server):
    """A slow check runs in its own thread: the page answers while it runs."""
    import threading

    pytest.importorskip("reportlab")
    big = fh.to_pdf(report=fh.REPORT * 25, lines_per_page=40)
    results = {}

    def upload():
        results["big"] = server.check("big.pdf", big)

    worker = threading.Thread(target=upload)
    worker.start()
    time.sleep(0.05)
    started = time.monotonic()
    status, _, _ = server.request("GET", "/", timeout=10)
    page_time = time.monotonic() - started
    worker.join(120)
    assert status == 200
    assert results["big"][0] == 200
    assert page_time < 5


# --- the command --------------------------------------------------------------------------

def test_other_host_warns_on_stderr():
    with serve("--host", "0.0.0.0") as served:
        status, _, _ = served.request("GET", "/")
        assert status == 200
        served.process.terminate()
        stderr = served.process.stderr.read().decode("utf-8")
    assert "警告" in stderr and "0.0.0.0" in stderr


def test_english_page_and_messages():
    with serve("--lang", "en") as served:
        _, _, page = served.request("GET", "/")
        assert b'data-lang="en"' in page
        status, answer = served.check("empty.txt", b"", lang="")
        assert status == 422 and answer["error"] == "empty.txt: the file is empty"
        status, _, body = served.request("GET", "/", headers={"Host": "evil.example"})
        assert "refused" in json.loads(body)["error"]


def test_busy_port_is_a_clear_error(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port), "--no-browser", env={"BROWSER": "true"})
    assert result.returncode == 2
    stderr = result.stderr.decode("utf-8")
    assert f"端口 {port} 已被占用" in stderr and "Traceback" not in stderr


def test_serve_is_listed_and_documented(cli):
    result = cli("serve", "--help")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    for option in ("--port", "--host", "--no-browser", "--lang"):
        assert option in out
