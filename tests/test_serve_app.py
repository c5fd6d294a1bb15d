"""checker.serve without sockets: the guards, where a gap belongs, the exports."""
from __future__ import annotations

import json

import pytest

from checker.judge import packs
from checker.judge.engine import evaluate
from checker.judge.placement import expected_places
from checker.readers import read_bytes
from checker.render import csv as csv_render
from checker.render.page import EXPORT_CSP, report_page
from checker.serve.app import CSP, App, clean_filename, reports_from_contract
from serve_helper import ROOT

FIXTURES = ROOT / "fixtures"


@pytest.fixture(scope="module")
def app():
    return App(host="127.0.0.1", port=8765, token="secret-token")


def headers(**values):
    base = {"host": "127.0.0.1:8765"}
    base.update({key.replace("_", "-").lower(): value for key, value in values.items()})
    return base


@pytest.mark.parametrize("host, ok", [
    ("127.0.0.1:8765", True), ("localhost:8765", True), ("LocalHost:8765", True), ("[::1]:8765", True),
    ("localhost.:8765", True),
    ("127.0.0.1", False), ("127.0.0.1:80", False), ("127.0.0.1:87650", False), ("127.0.0.1:8765x", False),
    ("evil.example:8765", False), ("127.0.0.1.nip.io:8765", False), ("::1:8765", False), ("[::1]", False),
    ("", False), (None, False), ("localhost:8765@evil", False),
])
def test_host_header(app, host, ok):
    assert app.host_allowed(host) is ok


def test_host_names_of_a_server_bound_to_another_address():
    lan = App(host="192.168.1.20", port=9000, token="t")
    assert lan.host_allowed("192.168.1.20:9000") and lan.host_allowed("localhost:9000")
    assert not lan.host_allowed("evil.example:9000")
    on_80 = App(host="127.0.0.1", port=80, token="t")
    assert on_80.host_allowed("localhost") and on_80.host_allowed("localhost:80")


def test_guard(app):
    assert app.guard("GET", headers()) is None
    assert app.guard("GET", headers(host="evil.example:8765")).status == 403
    assert app.guard("POST", headers()).status == 403  # no token
    assert app.guard("POST", headers(x_fzcheck_token="wrong")).status == 403
    assert app.guard("POST", headers(x_fzcheck_token="secret-token")) is None
    assert app.guard("POST", headers(x_fzcheck_token="secret-token", origin="http://127.0.0.1:8765")) is None
    for origin in ("http://evil.example", "null", "https://127.0.0.1:8765", "http://localhost:8765"):
        assert app.guard("POST", headers(x_fzcheck_token="secret-token", origin=origin)).status == 403, origin
    assert app.guard("POST", headers(x_fzcheck_token="secret-token", sec_fetch_site="cross-site")).status == 403
    refused = app.guard("POST", headers(x_fzcheck_token="secret-token", host="evil.example"))
    assert refused.status == 403 and b"secret-token" not in refused.body


def test_page_carries_token_and_language_but_no_document_text():
    page = App(port=1, token="tok<en>", lang="en").page()
    text = page.body.decode("utf-8")
    assert 'content="tok&lt;en&gt;"' in text and 'data-lang="en"' in text and "{{" not in text
    assert dict(page.headers)["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("raw, name", [
    ("report.docx", "report.docx"), ("%E6%8A%A5%E5%91%8A.pdf", "报告.pdf"), ("../../x/../a.txt", "a.txt"),
    ("C:%5Cdocs%5Cb.doc", "b.doc"), ("bad%00name%0A.txt", "badname.txt"), ("", "report.txt"), (None, "report.txt"),
    ("a" * 300 + ".docx", "a" * 190 + ".docx"),
])
def test_clean_filename(raw, name):
    assert clean_filename(raw) == name


def _checked(path):
    data = path.read_bytes()
    pack = packs.load("fazhi")
    document = read_bytes(path.name, data)
    report = evaluate(document, pack, "zh")
    return report, document, pack


def test_missing_part_belongs_before_the_next_part():
    report, document, pack = _checked(FIXTURES / "variants" / "missing_shortcomings.txt")
    places = expected_places(report, document, pack)
    place = places["section.shortcomings"]
    assert place["where"] == "before" and place["how"] == "next-part"
    assert "第一责任人" in document.lines[place["line"] - 1]
    # the rule inside the missing part shares its marker
    assert places["shortcomings.reasons"]["same_as"] == "section.shortcomings"
    assert "section.measures" not in places  # met rules need no place


@pytest.mark.parametrize("variant", ["missing_plan", "missing_leader", "missing_measures", "no_closing", "no_title"])
def test_every_gap_has_a_place_inside_the_text(variant):
    report, document, pack = _checked(FIXTURES / "variants" / f"{variant}.txt")
    places = expected_places(report, document, pack)
    for finding in report.findings:
        if finding.status.value in ("fail", "partial"):
            place = places[finding.rule]
            assert 1 <= place["line"] <= len(document.lines), finding.rule
            assert place["where"] in ("before", "after", "in")


def test_missing_plan_belongs_before_the_closing_lines():
    report, document, pack = _checked(FIXTURES / "variants" / "missing_plan.txt")
    place = expected_places(report, document, pack).get("section.plan")
    if place is None:
        pytest.skip("the plan is found in this variant")
    assert place["how"] in ("closing", "end", "next-part")
    if place["how"] == "closing":
        assert place["where"] == "before"


def test_check_returns_contract_and_lines(app):
    data = (FIXTURES / "complete.txt").read_bytes()
    response = app.check("complete.txt", data, "fazhi", "zh")
    assert response.status == 200
    body = json.loads(response.body)
    assert body["result"]["version"] == 1 and body["result"]["reports"][0]["path"] == "complete.txt"
    assert body["documents"][0]["lines"][0].startswith("青川县")


def test_check_refuses_oversized_and_unreadable(app):
    small = App(port=1, token="t", max_bytes=10)
    response = small.check("a.txt", b"x" * 11, "fazhi", "zh")
    assert response.status == 413 and json.loads(response.body)["error"] == "a.txt：文件过大（0 MB，上限 0 MB）"
    response = app.check("a.txt", b"", "fazhi", "en")
    assert response.status == 422 and json.loads(response.body)["error"] == "a.txt: the file is empty"


def _hostile_result():
    text = "<script>alert(1)</script>[bold]x[/]\n\n一、主要举措和成效\n<b onmouseover=alert(2)>x</b>\n"
    pack = packs.load("fazhi")
    document = read_bytes("<i>evil</i>.txt", text.encode("utf-8"))
    report = evaluate(document, pack, "zh")
    from checker.render import json as contract

    return contract.document([report], pack), [{"lines": list(document.lines),
                                                "expected": expected_places(report, document, pack)}]


def test_report_page_escapes_everything():
    result, documents = _hostile_result()
    page = report_page(result, documents, "zh")
    assert "<script" not in page.lower() and "<b " not in page and "<i>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]x[/]" in page
    assert "&lt;i&gt;evil&lt;/i&gt;.txt" in page
    import html

    assert html.escape(EXPORT_CSP) in page


def test_report_csv_has_bom_and_no_formulas():
    result, _ = _hostile_result()
    result["reports"][0]["path"] = "=HYPERLINK(\"http://x\")"
    body = csv_render.render_contract(result, "zh").encode("utf-8")
    assert body.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in body.decode("utf-8-sig")


def test_reports_rebuild_from_the_contract():
    result, _ = _hostile_result()
    rebuilt = reports_from_contract(result)
    from checker.render import json as contract

    again = contract.document(rebuilt, packs.load("fazhi"))
    assert again["reports"][0]["findings"] == result["reports"][0]["findings"]
    assert again["reports"][0]["meta"] == result["reports"][0]["meta"]


def test_export_rejects_what_is_not_a_result(app):
    for body in (b"", b"[]", b'{"result": 1}', b'{"result": {"reports": [1]}}', b"\xff\xfe"):
        assert app.export(body, "html", "zh").status == 400
