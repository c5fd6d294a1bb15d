"""Who may talk to the server: the Host header (DNS-rebinding defence), the page's token, the
Origin and Sec-Fetch-Site of a POST. ``Guards`` is mixed into ``checker.serve.app.App``.
"""
from __future__ import annotations

import hmac
import ipaddress
import socket
from typing import Mapping
from urllib.parse import urlsplit

from checker.serve.response import Response, _say, error_response

TOKEN_HEADER = "X-Fzcheck-Token"


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_host_names(host: str) -> set[str]:
    """The names a browser may put in the Host header for a server bound to ``host``."""
    names = {"127.0.0.1", "localhost", "::1"}
    bare = host.strip("[]").lower()
    if not _loopback(bare):
        names.add(bare)
        if bare in ("0.0.0.0", "::", ""):  # every interface: this computer's names and addresses
            try:
                hostname = socket.gethostname()
                names.update({hostname.lower(), socket.getfqdn().lower()})
                names.update(socket.gethostbyname_ex(hostname)[2])
            except OSError:
                pass
    return names


class Guards:
    """The guards of ``App``; they read its ``host_names``, ``port``, ``token`` and ``lang``."""

    host_names: set[str]
    port: int
    token: str
    lang: str

    def host_allowed(self, value: str | None) -> bool:
        """Whether a Host header names this server (DNS-rebinding defence)."""
        if not value:
            return False
        value = value.strip().lower()
        if value.startswith("["):
            name, _, rest = value[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ("" if not rest else None)
        else:
            name, colon, port = value.rpartition(":") if ":" in value else (value, "", "")
            if name.count(":"):  # an unbracketed IPv6 address is no valid Host
                return False
        if port is None:
            return False
        if port == "":
            if self.port != 80:
                return False
        elif not port.isdigit() or int(port) != self.port:
            return False
        return name.rstrip(".") in self.host_names

    def origin_allowed(self, origin: str, host_header: str) -> bool:
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() == host_header.strip().lower() and \
            self.host_allowed(parts.netloc)

    def guard(self, method: str, headers: Mapping[str, str]) -> Response | None:
        """None when the request may proceed; else the refusal. ``headers`` has lower-case keys."""
        lang = self.lang
        host = headers.get("host")
        if not self.host_allowed(host):
            return error_response(403, _say(lang, "拒绝访问：请求的主机名不是本机服务地址（Host 头不符）",
                                            "refused: the Host header does not name this local server"), close=True)
        if method != "POST":
            return None
        token = headers.get(TOKEN_HEADER.lower(), "")
        if not token or not hmac.compare_digest(token.encode("utf-8", "replace"), self.token.encode()):
            return error_response(403, _say(lang, "拒绝访问：请求不是来自本机检查页面（缺少或错误的令牌），请刷新页面后重试",
                                            "refused: the request did not come from this server's page (missing or "
                                            "wrong token); reload the page and try again"), close=True)
        origin = headers.get("origin")
        if origin is not None and not self.origin_allowed(origin, host or ""):
            return error_response(403, _say(lang, "拒绝访问：请求来自其他网站", "refused: the request came from another site"),
                                  close=True)
        site = headers.get("sec-fetch-site")
        if site is not None and site not in ("same-origin", "none"):
            return error_response(403, _say(lang, "拒绝访问：请求来自其他网站", "refused: the request came from another site"),
                                  close=True)
        return None
