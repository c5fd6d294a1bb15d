"""`fzcheck serve`: the local web page for authors (checker/serve/ does the work)."""
from __future__ import annotations

import sys

import click

from checker.commands._common import DEBUG_OPTION, LANG_OPTION, _debug, _lang, run_guarded, say_err

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=None, metavar="N",
              help=f"端口（默认 {DEFAULT_PORT}，被占用时换一个空闲端口；0 表示任意空闲端口） / port "
                   f"(default {DEFAULT_PORT}, or a free one when it is taken; 0: any free port)")
@click.option("--host", default=DEFAULT_HOST, show_default=True, metavar="HOST",
              help="绑定的地址；改成非本机地址会让局域网内的其他人也能访问 / address to bind; anything but "
                   "the loopback address lets other computers reach the page")
@click.option("--no-browser", is_flag=True, default=False, help="不自动打开浏览器 / do not open a browser")
@LANG_OPTION
@DEBUG_OPTION
@click.pass_context
def command(ctx: click.Context, port: int | None, host: str, no_browser: bool, lang: str | None, debug: bool) -> None:
    """在本机浏览器中检查报告：拖入文件，查看得分、缺项和原文中的证据。

    Start a local web page: drop reports in the browser, see the score, the gap table and the
    evidence in the text. Files are checked on this computer only and are not kept.
    """
    lang = _lang(ctx, lang)
    debug = _debug(ctx, debug)
    sys.exit(run_guarded(lambda: _serve(host, port, no_browser, lang, debug), lang, debug))


def _say(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _bind(host: str, port: int | None, lang: str, debug: bool):
    from checker.errors import CheckerError
    from checker.serve import http

    candidates = [port] if port is not None else [*range(DEFAULT_PORT, DEFAULT_PORT + 10), 0]
    last = None
    for candidate in candidates:
        try:
            return http.make_server(host, candidate, lang=lang, debug=debug)
        except OSError as exc:
            last = exc
    if port is not None and last is not None and getattr(last, "errno", None) in (98, 48, 10048):
        raise CheckerError(f"端口 {port} 已被占用（换一个端口，或用 --port 0 自动选择）",
                           f"port {port} is already in use (choose another, or --port 0 for any free port)")
    raise CheckerError(f"无法在 {host} 上启动服务：{getattr(last, 'strerror', None) or last}",
                       f"cannot start the server on {host}: {getattr(last, 'strerror', None) or last}")


def _serve(host: str, port: int | None, no_browser: bool, lang: str, debug: bool) -> int:
    from checker.serve import http
    from checker.serve.guard import _loopback

    httpd, app = _bind(host, port, lang, debug)
    url = http.url_of(app)
    if not _loopback(app.host):
        say_err(_say(lang, f"警告：服务绑定在 {host}，不只本机，局域网中的其他计算机也能打开此页面并上传文件；"
                           f"只在确有需要时这样做",
                     f"warning: the server is bound to {host}, not only this computer: other computers on the "
                     f"network can open the page and upload files; do this only when you mean it"))
    click.echo(_say(lang, f"fzcheck 检查页面：{url}  （文件只在本机检查，不保存；按 Ctrl+C 停止）",
                    f"fzcheck page: {url}  (files are checked on this computer and not kept; Ctrl+C stops)"))
    sys.stdout.flush()

    def open_browser() -> None:
        if no_browser:
            return
        import threading
        import webbrowser

        threading.Timer(0.3, lambda: webbrowser.open(url)).start()

    try:
        http.serve(httpd, open_browser)
    except KeyboardInterrupt:
        say_err(_say(lang, "已停止", "stopped"))
    finally:
        httpd.server_close()
    return 0
