"""The server's logic without sockets (``App``): guard a request, route it, check an upload,
build a download. ``checker.serve.http`` moves the bytes.

    browser ─ POST /api/check (raw body, X-Filename) ─▶ read_bytes ─▶ evaluate ─▶ contract JSON
                                                                    + the document's lines
                                                                    + where each gap belongs

Files are checked in memory and forgotten when the response is sent; nothing is written to disk
(.doc/.wps go through LibreOffice's temporary folder, which its reader removes).
"""
from __future__ import annotations

import html
import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from checker.errors import CheckerError
from checker.judge.placement import expected_places
from checker.render import csv as csv_render
from checker.render.page import EXPORT_CSP, _findings, _reports, _text, report_page
from checker.serve.guard import Guards, allowed_host_names
from checker.serve.load import MAX_RUNNING, RETRY_AFTER_SECONDS, Admission
from checker.serve.response import Response, _download, _say, error_response, json_response

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_EXPORT_BYTES = 200 * 1024 * 1024  # a batch export sends back the results (and texts) it shows
DRAIN_LIMIT = 256 * 1024 * 1024  # an oversized body up to this size is read and dropped, so the client sees the 413
FILENAME_HEADER = "X-Filename"
ACCEPTED_EXTENSIONS = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".mht", ".mhtml", ".doc", ".wps", ".ofd")

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
STATIC = {
    "/static/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/static/app.css": ("app.css", "text/css; charset=utf-8"),
}


def too_large_message(name: str, size: int, limit: int, lang: str) -> str:
    """The CLI's wording (checker.readers.read_path) for a file over the limit."""
    return _say(lang, f"{name}：文件过大（{size // 1048576} MB，上限 {limit // 1048576} MB）",
                f"{name}: file too large ({size // 1048576} MB, limit {limit // 1048576} MB)")


def clean_filename(raw: str | None) -> str:
    """The file's own name from the X-Filename header (percent-encoded UTF-8): no folders, no
    control characters, at most 200 characters."""
    name = unquote(raw or "", errors="replace")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:190] + dot + ext[:9]) if dot and len(ext) < 10 else name[:200]
    return name or "report.txt"


def batch_renderer(name: str) -> Callable | None:
    """The batch review's renderer ``name`` (``html``, ``csv``: summary -> str; ``xlsx``: summary
    -> bytes) when checker.review.batch and that renderer are installed, else None."""
    import importlib
    import importlib.util

    needed = ["checker.review.batch", f"checker.render.{name}"] + (["openpyxl"] if name == "xlsx" else [])
    try:
        if any(importlib.util.find_spec(module) is None for module in needed):
            return None
    except (ImportError, ValueError):
        return None
    batch = importlib.import_module("checker.review.batch")
    module = importlib.import_module(f"checker.render.{name}")
    function = getattr(module, "render_bytes" if name == "xlsx" else "render", None)
    return function if hasattr(batch, "summarise") and callable(function) else None


def spreadsheet_format() -> str:
    """``xlsx`` when the batch review's workbook export (checker.review.batch + checker.render.xlsx,
    with openpyxl) is there, else ``csv``."""
    return "xlsx" if batch_renderer("xlsx") is not None else "csv"


@dataclass
class App(Guards):
    """The server's logic without sockets: guard a request, route it, build the response."""

    host: str = "127.0.0.1"
    port: int = 0
    lang: str = "zh"
    default_pack: str = "fazhi"
    max_bytes: int = MAX_UPLOAD_BYTES
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    debug: bool = False
    max_parallel: int = MAX_RUNNING
    host_names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.host_names:
            self.host_names = allowed_host_names(self.host)
        self._packs: dict[str, Any] = {}
        self._packs_lock = threading.Lock()
        # what the server takes on at once (checker/serve/load.py); its slots bound the checks
        self.admission = Admission(running=self.max_parallel)

    # GET ---------------------------------------------------------------------------------
    def get(self, path: str) -> Response:
        route = urlsplit(path).path
        if route in ("/", "/index.html"):
            return self.page()
        if route in STATIC:
            name, content_type = STATIC[route]
            return Response(200, _asset(name), content_type)
        if route == "/api/packs":
            return json_response(200, self.packs_info())
        if route == "/favicon.ico":
            return Response(204, b"", "text/plain")
        return error_response(404, _say(self.lang, "没有这个页面", "not found"))

    def page(self) -> Response:
        text = _asset("index.html").decode("utf-8")
        values = {"lang": self.lang, "token": self.token, "max_bytes": str(self.max_bytes),
                  "sheet": spreadsheet_format(), "accept": ",".join(ACCEPTED_EXTENSIONS),
                  "default_pack": self.default_pack}
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", html.escape(value, quote=True))
        return Response(200, text.encode("utf-8"), "text/html; charset=utf-8", (("Content-Security-Policy", CSP),))

    def packs_info(self) -> dict:
        from checker.judge import packs

        listed = []
        for name in packs.builtin_names():
            try:
                pack = self.pack(name)
            except CheckerError:
                continue
            listed.append({"id": pack.id, "version": pack.version, "title": pack.title,
                           "title_en": getattr(pack, "title_en", None) or pack.title})
        return {"packs": listed, "default": self.default_pack, "spreadsheet": spreadsheet_format(),
                "max_bytes": self.max_bytes}

    def pack(self, name: str):
        """A built-in pack by name, loaded once (the page offers only the built-in packs)."""
        from checker.judge import packs

        with self._packs_lock:
            if name not in self._packs:
                if name not in packs.builtin_names():
                    raise CheckerError(f"没有名为“{name}”的内置规则包", f"no built-in pack named '{name}'")
                self._packs[name] = packs.load(name)
            return self._packs[name]

    # POST --------------------------------------------------------------------------------
    def body_limit(self, route: str) -> int:
        return MAX_EXPORT_BYTES if route == "/api/export" else self.max_bytes

    def post(self, path: str, headers: Mapping[str, str], data: bytes) -> Response:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        lang = query.get("lang") if query.get("lang") in ("zh", "en") else self.lang
        if parts.path == "/api/check":
            return self.check(clean_filename(headers.get(FILENAME_HEADER.lower())), data,
                              query.get("pack") or self.default_pack, lang)
        if parts.path == "/api/export":
            return self.export(data, query.get("format", ""), lang)
        return error_response(404, _say(lang, "没有这个接口", "not found"))

    def busy(self, path: str) -> Response:
        """503 for an upload past the bounds of checker/serve/load.py, with when to retry."""
        query = {k: v[-1] for k, v in parse_qs(urlsplit(path).query).items()}
        lang = query.get("lang") if query.get("lang") in ("zh", "en") else self.lang
        response = error_response(503, _say(lang, f"服务器正忙：同时上传检查的文件太多，请 {RETRY_AFTER_SECONDS} 秒后重试",
                                            f"the server is busy: too many files are being checked at once; "
                                            f"retry in {RETRY_AFTER_SECONDS} s"),
                                  close=True, retry_after=RETRY_AFTER_SECONDS)
        return Response(response.status, response.body, response.content_type,
                        (("Retry-After", str(RETRY_AFTER_SECONDS)),), close=True)

    def too_large(self, path: str, headers: Mapping[str, str], size: int) -> Response:
        parts = urlsplit(path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        lang = query.get("lang") if query.get("lang") in ("zh", "en") else self.lang
        name = clean_filename(headers.get(FILENAME_HEADER.lower()))
        return error_response(413, too_large_message(name, size, self.body_limit(parts.path), lang),
                              close=size > DRAIN_LIMIT)

    def check(self, name: str, data: bytes, pack_name: str, lang: str) -> Response:
        """Check one file's bytes: 200 with {result, documents}; 422 when the file cannot be read."""
        from checker.errors import InputError
        from checker.judge.engine import evaluate
        from checker.model import Report
        from checker.readers import read_bytes
        from checker.render import json as contract

        try:
            pack = self.pack(pack_name)
        except CheckerError as exc:
            return error_response(400, exc.message(lang))
        if len(data) > self.max_bytes:
            return error_response(413, too_large_message(name, len(data), self.max_bytes, lang))
        with self.admission.running(len(data)):
            try:
                document = read_bytes(name, data)
                report = evaluate(document, pack, lang)
                expected = expected_places(report, document, pack)
            except InputError as exc:
                failed = Report(path=name, error=exc.message(lang))
                return error_response(422, exc.message(lang), result=contract.document([failed], pack),
                                      documents=[None])
            except CheckerError as exc:  # e.g. a pack regex that timed out on this text
                return error_response(422, exc.message(lang))
        documents = [{"lines": list(document.lines), "format": document.format,
                      "locations": list(document.locations) if document.locations else None,
                      "expected": expected}]
        return json_response(200, {"result": contract.document([report], pack), "documents": documents})

    def export(self, data: bytes, fmt: str, lang: str) -> Response:
        """The results the page holds, as a file: ``html`` (a self-contained report page),
        ``xlsx`` / ``csv`` (the batch spreadsheet) or ``json`` (the check contract)."""
        try:
            payload = json.loads(data.decode("utf-8"))
            result = payload["result"]
            documents = payload.get("documents") or []
            _reports(result)
            if not isinstance(documents, list):
                raise ValueError("documents")
        except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
            return error_response(400, _say(lang, "导出请求的内容无效", "the export request is not valid"))
        stamp = "fzcheck"
        csv_type, xlsx_type = "text/csv; charset=utf-8", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if fmt == "json":
            body = json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
            return _download(body, "application/json; charset=utf-8", f"{stamp}.json")
        if fmt not in ("html", "csv", "xlsx"):
            return error_response(400, _say(lang, f"不支持的导出格式：{fmt}", f"unsupported export format: {fmt}"))
        several = len(_reports(result)) > 1
        # several reports: the batch review's page and spreadsheets, when that module is installed
        renderer = batch_renderer("xlsx" if fmt == "xlsx" else fmt) if several or fmt == "xlsx" else None
        if fmt == "xlsx" and renderer is None:
            fmt, renderer = "csv", batch_renderer("csv")
        if renderer is not None:
            try:
                summary = self.summary(result)
            except (ValueError, TypeError, KeyError, AttributeError, CheckerError):  # a contract that does not rebuild
                return error_response(400, _say(lang, "导出请求的内容无效", "the export request is not valid"))
            value = renderer(summary, lang)
            body = value.encode("utf-8") if isinstance(value, str) else bytes(value)
            kind = {"html": "text/html; charset=utf-8", "csv": csv_type, "xlsx": xlsx_type}[fmt]
            return _download(body, kind, f"{stamp}.{fmt}")
        if fmt == "html":
            body = report_page(result, documents, lang).encode("utf-8")
            return _download(body, "text/html; charset=utf-8", f"{stamp}.html", (("Content-Security-Policy", EXPORT_CSP),))
        return _download(csv_render.render_contract(result, lang).encode("utf-8"), csv_type, f"{stamp}.csv")

    def summary(self, result: Mapping):
        """The batch review's summary of the reports in ``result`` (checker.review.batch.summarise)."""
        import importlib

        batch = importlib.import_module("checker.review.batch")
        pack = self.pack(_text((result.get("pack") or {}).get("id")) or self.default_pack)
        return batch.summarise(reports_from_contract(result), pack)


def reports_from_contract(result: Mapping) -> list:
    """model.Report objects rebuilt from the contract JSON (for the batch review's renderers)."""
    import dataclasses

    from checker.model import Evidence, Finding, Meta, Report, Score, Severity, Status

    known = {f.name for f in dataclasses.fields(Report)}  # fields a newer contract may carry
    rebuilt = []
    for report in _reports(result):
        if report.get("error") is not None:
            rebuilt.append(Report(path=_text(report.get("path")), error=_text(report.get("error"))))
            continue
        meta = report.get("meta") if isinstance(report.get("meta"), Mapping) else None
        findings = []
        for f in _findings(report):
            evidence = tuple(Evidence(line=int(e.get("line") or 0), text=_text(e.get("text")), location=e.get("location"))
                             for e in f.get("evidence") or [] if isinstance(e, Mapping))
            findings.append(Finding(rule=_text(f.get("rule")), title=_text(f.get("title")),
                                    severity=Severity(f.get("severity")), status=Status(f.get("status")),
                                    weight=float(f.get("weight") or 0), earned=float(f.get("earned") or 0),
                                    message=_text(f.get("message")), suggestion=f.get("suggestion"),
                                    basis=f.get("basis"), evidence=evidence))
        extra = {"document_type": report.get("document_type"), "warnings": tuple(report.get("warnings") or ())}
        rebuilt.append(Report(
            path=_text(report.get("path")), error=None,
            meta=Meta(title=meta.get("title"), agency=meta.get("agency"), year=meta.get("year"),
                      date=meta.get("date"), published=meta.get("published")) if meta else None,
            findings=tuple(findings),
            score=Score(score=float(report.get("score") or 0), grade=_text(report.get("grade")),
                        passed=bool(report.get("passed")), reasons=()),
            **{key: value for key, value in extra.items() if key in known}))
    return rebuilt


def _asset(name: str) -> bytes:
    from importlib.resources import files

    return files("checker.serve.web").joinpath(name).read_bytes()
