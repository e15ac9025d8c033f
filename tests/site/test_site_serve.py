"""The editors' preview: serves the built site on 127.0.0.1, answers every request, rebuilds."""

from __future__ import annotations

import errno
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import BaseRequestHandler

import pytest

from plugins.servicekatalog.server import (
    PreviewServer,
    ServeError,
    SiteHandler,
    open_server,
    serve,
)
from tests.conftest import build_fixture


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(predicate, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_serve_builds_serves_and_rebuilds_on_change(tmp_path):
    output = tmp_path / "output"
    watched = tmp_path / "content"
    watched.mkdir()
    calls = []

    def rebuild():
        calls.append(time.monotonic())
        build_fixture(output)

    port = _free_port()
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(rebuild, output),
        kwargs={"port": port, "watch": (watched,), "stop_event": stop},
        daemon=True,
    )
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                urllib.request.urlopen(base + "/", timeout=1).close()
                return True
            except OSError:
                return False

        assert _wait(up)
        with urllib.request.urlopen(base + "/a-z/", timeout=5) as response:
            assert response.headers["Content-Security-Policy"] == "default-src 'self'"
            assert "Hund anmelden" in response.read().decode()
        try:
            urllib.request.urlopen(base + "/gibt-es-nicht/", timeout=5)
            raise AssertionError("expected a 404")
        except urllib.error.HTTPError as error:
            assert error.code == 404
            assert "Seite nicht gefunden" in error.read().decode()
        assert len(calls) == 1
        time.sleep(0.3)  # let the watcher start
        (watched / "new.yaml").write_text("x: 1\n")
        assert _wait(lambda: len(calls) >= 2)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()


@contextmanager
def running(site: Path, timeout: float = 5.0) -> Iterator[int]:
    """The preview's own server on 127.0.0.1 (a free port) for SITE; yields the port."""
    server = open_server(site, "127.0.0.1", 0, timeout)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def exchange(port: int, data: bytes, wait: float = 10.0) -> bytes:
    """Send DATA on a fresh connection and read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as sock:
        if data:
            sock.sendall(data)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def status_and_headers(answer: bytes) -> tuple[str, dict[str, str]]:
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in head[1:])
    return head[0], headers


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>Start</title>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<p>Seite nicht gefunden</p>", encoding="utf-8")
    return tmp_path


TLS_HELLO = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32)) + b"\r\n\r\n"
HEADER_FLOOD = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(200)) + b"\r\n"


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        (b"GET /\x00 HTTP/1.1\r\n\r\n", 400),
        (b"GET /%ed%a0%80 HTTP/1.1\r\n\r\n", 400),  # a lone surrogate: no file name has it
        (b"GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        (b"GET /../../etc/passwd HTTP/1.0\r\n\r\n", 404),
        (TLS_HELLO, 400),
        (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414),
        (b"GET /\r\n", 200),  # HTTP/0.9 is answered as HTTP/1.0, with headers
        (b"POST /\r\n", 400),
        (HEADER_FLOOD, 431),
        (b"GET / HTTP/1.1\r\nX: " + b"y" * 70000 + b"\r\n\r\n", 431),
        (b"GET / HTTP/9.9\r\n\r\n", 505),
        (b"GET / HTTP/x\r\n\r\n", 400),
        (b"\r\n", 400),
        (b"BREW / HTTP/1.1\r\n\r\n", 501),
        (b"GET /gibt-es-nicht HTTP/1.1\r\n\r\n", 404),
    ],
)
def test_every_request_gets_a_status_line_and_the_csp(site, capfd, request_bytes, status):
    with running(site) as port:
        answer = exchange(port, request_bytes)
    line, headers = status_and_headers(answer)
    assert line.startswith(f"HTTP/1.0 {status} "), answer[:200]
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert headers["Cache-Control"] == "no-store"
    assert b"root:" not in answer
    if status == 404:
        assert answer.endswith(b"<p>Seite nicht gefunden</p>")
    assert capfd.readouterr().err == ""  # no traceback, no log line


@pytest.mark.parametrize("sent", [b"", b"GET / HTTP/1.1\r\nHost: x"])
def test_an_idle_connection_gets_408_and_is_closed(site, sent):
    with running(site, timeout=0.5) as port:
        start = time.monotonic()
        answer = exchange(port, sent, wait=10.0)  # returns once the server has closed it
        waited = time.monotonic() - start
    line, headers = status_and_headers(answer)
    assert line.startswith("HTTP/1.0 408 ")
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert waited < 9.0  # the server closed it, not the client's own 10 s timeout


def test_the_server_does_not_wait_for_idle_connections_when_it_stops(site):
    with running(site, timeout=60.0) as port:
        idle = socket.create_connection(("127.0.0.1", port), timeout=10)
        idle.sendall(b"GET / HT")  # the handler thread waits for the rest

        def handler_waiting() -> bool:
            return any("process_request" in t.name for t in threading.enumerate())

        assert _wait(handler_waiting)
        start = time.monotonic()
    stopped = time.monotonic() - start
    idle.close()
    assert stopped < 5.0  # daemon threads: stopping does not wait the 60 s out


def test_a_failing_request_is_one_german_line_without_traceback(site, capfd):
    server = PreviewServer(("127.0.0.1", 0), BaseRequestHandler)
    try:
        raise ValueError("kaputt")
    except ValueError:
        server.handle_error(None, ("127.0.0.1", 4711))
    finally:
        server.server_close()
    err = capfd.readouterr().err
    assert err == ("Vorschau: Fehler bei einer Anfrage von 127.0.0.1 (ValueError: kaputt).\n")


def test_a_busy_port_is_a_plain_message_before_any_build(tmp_path):
    calls = []
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError) as caught:
            serve(lambda: calls.append(1), tmp_path, port=port, watch=(tmp_path,))
    assert str(caught.value).startswith(f"Port {port} ist schon belegt")
    assert f"--port {port + 1}" in str(caught.value)
    assert calls == []  # the editor learns it at once, not after a full build


@pytest.mark.parametrize("port", [65536, 99999, -1])
def test_a_port_out_of_range_is_a_plain_message(tmp_path, port):
    with pytest.raises(ServeError, match=f"^Port {port} gibt es nicht: erlaubt sind 1 bis 65535"):
        open_server(tmp_path, "127.0.0.1", port)


def test_a_rebuild_failing_on_the_environment_is_a_plain_line(tmp_path, capfd):
    stop = threading.Event()
    stop.set()  # serve returns after the first rebuild

    def rebuild():
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "output"))

    serve(rebuild, tmp_path / "output", port=0, watch=(tmp_path,), stop_event=stop)
    err = capfd.readouterr().err
    assert err.startswith(
        f"Neuaufbau fehlgeschlagen: {tmp_path / 'output'}: keine Berechtigung (Permission denied)."
        " Prüfen Sie die Zugriffsrechte"
    )
    assert "Vorschau: http://127.0.0.1:" in err  # the preview still runs, on a free port


def test_a_bug_while_answering_is_500_with_the_csp_and_one_line(site, capfd, monkeypatch):
    def broken(self, path):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(SiteHandler, "translate_path", broken)
    with running(site) as port:
        answer = exchange(port, b"GET / HTTP/1.1\r\n\r\n")
    line, headers = status_and_headers(answer)
    assert line.startswith("HTTP/1.0 500 ")
    assert headers["Content-Security-Policy"] == "default-src 'self'"
    assert capfd.readouterr().err == (
        "Vorschau: Fehler bei einer Anfrage von 127.0.0.1 (RuntimeError: kaputt).\n"
    )
