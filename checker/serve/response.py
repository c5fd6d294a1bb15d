"""What the app answers: a ``Response`` (status, body, type, headers) and its helpers."""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    close: bool = False  # close the connection after this response (a body was left unread)


def json_response(status: int, data: Any, close: bool = False) -> Response:
    body = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return Response(status, body, close=close)


def error_response(status: int, message: str, close: bool = False, **extra: Any) -> Response:
    return json_response(status, {"error": message, **extra}, close=close)


def _download(body: bytes, content_type: str, filename: str, extra: tuple = ()) -> Response:
    disposition = f"attachment; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    return Response(200, body, content_type, (("Content-Disposition", disposition),) + tuple(extra))
