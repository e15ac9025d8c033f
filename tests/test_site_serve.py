"""The editors' preview: serves the built site on 127.0.0.1 and rebuilds on change."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request

from plugins.servicekatalog.driver import serve
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
