"""Serve the built site on 127.0.0.1 for the editors' preview and rebuild it on change."""

from __future__ import annotations

import errno
import html
import io
import os
import sys
import threading
import urllib.parse
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from catalogue.oserrors import describe
from catalogue.site.admin import admin_policy

ROOT = Path(__file__).resolve().parents[2]  # the project folder
WATCHED = ("content", "theme", "schema", "plugins", "pelicanconf.py")

#: The policy the preview sends and the README recommends to a city's web server.
CSP = "default-src 'self'"
#: Seconds a connection may stay silent before the server answers 408 and closes it.
IDLE_TIMEOUT = 30.0
#: The longest request line read (http.server's own limit); longer ones get 414.
MAX_LINE = 65536

ERROR_PAGE = """\
<!DOCTYPE html>
<html lang="de">
<head><meta charset="utf-8"><title>%(code)d %(message)s</title></head>
<body><h1>%(code)d %(message)s</h1><p>%(explain)s</p></body>
</html>
"""
#: German explanations of the errors the preview sends; others keep http.server's.
EXPLAIN = {
    400: "Die Anfrage ist ungültig.",
    404: "Diese Seite gibt es nicht.",
    408: "Es kam zu lange keine Anfrage; die Verbindung wird geschlossen.",
    414: "Die Adresse ist zu lang.",
    431: "Die Anfrage hat zu viele oder zu lange Kopfzeilen.",
    501: "Diese Anfragemethode beantwortet die Vorschau nicht.",
    500: "In der Vorschau ist ein Fehler aufgetreten; die Meldung steht im Terminal.",
    505: "Diese HTTP-Version beantwortet die Vorschau nicht.",
}


class ServeError(Exception):
    """The preview cannot listen on the address asked for; the message says what to change."""


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files with the site's CSP on every response, errors included, and its 404 page.

    Construct with functools.partial(SiteHandler, directory=..., timeout=...). Every request
    gets a status line and the headers, even a garbage or HTTP/0.9 one; a connection that
    stays silent for `timeout` seconds gets 408 and is closed; nothing is logged.
    """

    timeout = IDLE_TIMEOUT  # StreamRequestHandler puts it on the socket
    # A request line that cannot be parsed, and an HTTP/0.9 one ("GET /"), get an HTTP/1.0
    # answer with headers (http.server's default, HTTP/0.9, sends a bare body, no CSP).
    default_request_version = "HTTP/1.0"
    error_message_format = ERROR_PAGE

    def __init__(self, *args, timeout: float | None = None, **kwargs) -> None:
        if timeout is not None:  # this handler's own idle timeout (tests use a short one)
            self.timeout = timeout  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def handle_one_request(self) -> None:
        """Read one request and answer it; http.server's version with every path answered."""
        # None until a request line is read, as in http.server (typeshed says str)
        self.command, self.requestline = None, ""  # type: ignore[assignment]
        self.request_version = self.default_request_version
        self._answered = False
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
            if not self.raw_requestline:  # the client closed the connection
                self.close_connection = True
                return
            if len(self.raw_requestline) > MAX_LINE:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
                return
            if not self.raw_requestline.strip():  # parse_request would close without answer
                self.send_error(HTTPStatus.BAD_REQUEST, explain="Die Anfragezeile ist leer.")
                return
            if not self.parse_request():  # it has sent the error
                return
            method = getattr(self, "do_" + self.command, None)
            if method is None:
                self.send_error(HTTPStatus.NOT_IMPLEMENTED)
                return
            method()
            self.wfile.flush()
        except TimeoutError:
            self.close_connection = True
            if not self._answered:
                self.send_error(HTTPStatus.REQUEST_TIMEOUT)
        except ConnectionError:  # the browser went away mid-answer: nothing to tell anyone
            self.close_connection = True
        except Exception:  # a bug here: still an answer, then one line from PreviewServer
            self.close_connection = True
            if not self._answered:
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            raise

    def parse_request(self) -> bool:
        if len(self.raw_requestline.split()) != 2:
            return super().parse_request()
        # HTTP/0.9 ("GET /"): no headers follow, so wait for none
        stream, self.rfile = self.rfile, io.BytesIO(b"\r\n")
        try:
            return super().parse_request()
        finally:
            self.rfile = stream

    def send_head(self):
        if _bad_path(self.path):
            self.send_error(
                HTTPStatus.BAD_REQUEST, explain="Die Adresse enthält ungültige Zeichen."
            )
            return None
        return super().send_head()

    def end_headers(self) -> None:
        path = getattr(self, "path", None)  # unset for a request that could not be parsed
        self.send_header("Content-Security-Policy", admin_policy(self.directory, path) or CSP)
        self.send_header("Cache-Control", "no-store")
        self._answered = True
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        """An error answer with the headers; 404 is the site's own page when it has one.

        The status line carries the standard reason phrase only: http.server's messages
        quote the request, which can be anything.
        """
        code = int(code)
        self.close_connection = True
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
        else:
            phrase, default = self.responses.get(code, ("Fehler", ""))
            body = (
                self.error_message_format
                % {
                    "code": code,
                    "message": html.escape(phrase, quote=False),
                    "explain": html.escape(explain or EXPLAIN.get(code, default), quote=False),
                }
            ).encode("utf-8")
        try:
            self.send_response(code)
            self.send_header("Connection", "close")
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:  # the client is gone (or never listened): nothing to answer
            pass

    def log_message(self, format, *args) -> None:
        pass


def _bad_path(path: str) -> bool:
    """True for a request path no file can have: a NUL byte or a character with no bytes.

    Decodes as SimpleHTTPRequestHandler.translate_path does, which then opens the file.
    """
    path = path.split("?", 1)[0].split("#", 1)[0]
    try:
        path = urllib.parse.unquote(path, errors="surrogatepass")
    except UnicodeDecodeError:
        path = urllib.parse.unquote(path)
    if "\x00" in path:
        return True
    try:
        os.fsencode(path)
    except UnicodeError:
        return True
    return False


class PreviewServer(ThreadingHTTPServer):
    """One daemon thread per connection; a request that fails is one German line, no traceback."""

    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return
        print(
            f"Vorschau: Fehler bei einer Anfrage von {client_address[0]} "
            f"({type(error).__name__}: {error}).",
            file=sys.stderr,
        )


def open_server(
    directory: Path, host: str = "127.0.0.1", port: int = 8000, timeout: float = IDLE_TIMEOUT
) -> PreviewServer:
    """A server bound to HOST:PORT (0: a free port) for DIRECTORY; ServeError says why not."""
    handler = partial(SiteHandler, directory=str(directory), timeout=timeout)
    try:
        return PreviewServer((host, port), handler)
    except OverflowError:
        raise ServeError(
            f"Port {port} gibt es nicht: erlaubt sind 1 bis 65535, z. B. --port 8000 "
            "(--port 0 wählt einen freien Port)."
        ) from None
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            reason = (
                f"Port {port} ist schon belegt, vielleicht von einer anderen laufenden Vorschau. "
                f"Beenden Sie sie oder wählen Sie einen anderen Port, z. B. --port {port % 65535 + 1} "
                "(--port 0 wählt einen freien Port)."
            )
        elif error.errno in (errno.EACCES, errno.EPERM):
            reason = (
                f"Port {port} darf hier nur der Administrator öffnen. "
                "Wählen Sie einen Port ab 1024, z. B. --port 8000."
            )
        else:
            reason = (
                f"Die Vorschau kann {host}:{port} nicht öffnen ({error.strerror or error}). "
                "Wählen Sie einen anderen Port, z. B. --port 0 für einen freien."
            )
        raise ServeError(reason) from None


def serve(
    rebuild: Callable[[], object],
    output: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    watch: tuple[Path, ...] | None = None,
    stop_event=None,
    timeout: float = IDLE_TIMEOUT,
) -> None:
    """Serve OUTPUT on http://HOST:PORT/ and call REBUILD() whenever a watched path changes.

    The address is taken first, so a busy port is a ServeError before any build. REBUILD
    is called once before serving; its exceptions are printed, never fatal, so a broken
    record in the preview leaves the last good site online. WATCH defaults to content/,
    theme/, schema/, plugins/ and pelicanconf.py. Stops on Ctrl-C or STOP_EVENT.
    """
    from watchfiles import watch as watch_changes

    def run_rebuild() -> None:
        try:
            rebuild()
        except Exception as error:  # the preview keeps running on bad content
            message = describe(error) if isinstance(error, OSError) else None
            print(f"Neuaufbau fehlgeschlagen: {message or error}", file=sys.stderr)

    output = Path(output).resolve()
    server = open_server(output, host, port, timeout)
    thread = None
    try:
        run_rebuild()
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        print(
            f"Vorschau: http://{host}:{server.server_address[1]}/ (Strg+C beendet)",
            file=sys.stderr,
        )
        paths = [p for p in (watch or tuple(ROOT / name for name in WATCHED)) if Path(p).exists()]
        for _changes in watch_changes(*paths, stop_event=stop_event, raise_interrupt=False):
            run_rebuild()
    finally:
        if thread is not None:
            server.shutdown()
        server.server_close()
