"""Real local servers the browser tests use besides Kit itself.

- SchoolSite: a "school web site" on its own origin that embeds the widget
  with one script tag, as a school would, plus a neutral page to exit to.
- Relay: a plain TCP forwarder in front of Kit's web app. Stopping it makes
  the server unreachable from the browser (connections refused, open ones
  cut) without touching the shared stack; starting it again brings it back.
"""
from __future__ import annotations

import html
import http.server
import socket
import threading
from typing import Dict, List, Optional


class SchoolSite:
    """Serves pages registered by tests; every page is plain HTML, no scripts
    of its own, so only the widget runs on it."""

    def __init__(self, port: int) -> None:
        self.csp: Dict[str, str] = {}
        self.pages: Dict[str, str] = {
            "/neutral": self.html("Weather today", "<h1>Weather today</h1><p>Sunny spells.</p>"),
            "/before": self.html("School news", "<h1>School news</h1><p>Sports day is on Friday.</p>"),
        }
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                body = site.pages.get(self.path.split("?")[0])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                if self.path in site.csp:
                    self.send_header("Content-Security-Policy", site.csp[self.path])
                self.end_headers()
                self.wfile.write((body or "not found").encode())

            def log_message(self, *args) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.origin = f"http://127.0.0.1:{port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def html(title: str, body: str, head: str = "") -> str:
        return (
            '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f"<title>{html.escape(title)}</title>{head}</head><body><main>{body}</main></body></html>"
        )

    def embed(self, path: str, script_src: str, csp: str = "", **data: str) -> str:
        """Registers a school page with the one-tag embed; data-* from keywords
        (exit_url -> data-exit-url), served with `csp` as its
        Content-Security-Policy when given. Returns the page's URL."""
        if csp:
            self.csp[path] = csp
        attrs = "".join(
            f' data-{name.replace("_", "-")}="{html.escape(value, quote=True)}"' for name, value in data.items()
        )
        tag = f'<script src="{html.escape(script_src, quote=True)}" defer{attrs}></script>'
        body = '<h1>Year 7 computing</h1><p>This week: staying safe online.</p><a href="/before">School news</a>'
        if data.get("position") == "inline":
            body += '<div id="kit-chat"></div>'
        self.pages[path] = self.html("Year 7 computing", body, head=tag)
        return self.origin + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Relay:
    """127.0.0.1:port -> 127.0.0.1:target, byte for byte."""

    def __init__(self, target_port: int, port: int = 0) -> None:
        self.target_port = target_port
        self.port = port
        self.listener: Optional[socket.socket] = None
        self.open: List[socket.socket] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Relay":
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self) -> None:
        """Refuses new connections and cuts the open ones (browsers keep them alive)."""
        if self.listener is not None:
            try:
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        with self.lock:
            for conn in self.open:
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                conn.close()
            self.open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while True:
                chunk = source.recv(65536)
                if not chunk:
                    break
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for conn in (source, sink):
                try:
                    conn.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
