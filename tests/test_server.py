"""The running server is local-only: loopback bind, DNS-rebinding websocket refused, no telemetry or
tracebacks for the viewer (README "Security")."""

from __future__ import annotations

import base64
import os
import socket
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.browser

LISTEN = "0A"  # TCP state in /proc/net/tcp*


def _listeners(port: int) -> list[str]:
    """The local addresses listening on `port`, read from /proc/net/tcp and tcp6 (no psutil, no ss)."""
    found = []
    for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != LISTEN or int(port_hex, 16) != port:
                continue
            raw = bytes.fromhex(address)
            # the kernel prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(socket.inet_ntop(family, raw))
    return found


def _upgrade(port: int, host: str, origin: str) -> str:
    """The status line the server answers to a websocket upgrade of /_stcore/stream (raw HTTP/1.1)."""
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}\r\n"
        f"Origin: {origin}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n"
        "\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(request.encode("ascii"))
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:  # closed without an answer: refused too
                return "closed"
            data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def test_listens_on_loopback_only(app_server):
    addresses = _listeners(app_server.port)
    assert addresses, f"nothing listens on port {app_server.port}"
    assert set(addresses) == {"127.0.0.1"}, addresses


@pytest.mark.parametrize(
    ("host", "origin"),
    [
        ("evil.example", "http://evil.example"),  # DNS rebinding: a foreign name resolving to 127.0.0.1
        ("evil.example:{port}", "http://evil.example:{port}"),
        ("evil.example", "http://127.0.0.1:{port}"),  # allowedHosts alone, whatever the Origin
        ("127.0.0.1:{port}", "http://evil.example"),  # a foreign page talking to the real host: CORS/XSRF
    ],
)
def test_foreign_host_or_origin_is_refused(app_server, host, origin):
    port = app_server.port
    status = _upgrade(port, host.format(port=port), origin.format(port=port))
    assert status == "closed" or " 403 " in f"{status} ", status


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_local_host_is_accepted(app_server, name):
    port = app_server.port
    status = _upgrade(port, f"{name}:{port}", f"http://{name}:{port}")
    assert " 101 " in f"{status} ", status


def test_config_keeps_it_private():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["address"] == "127.0.0.1"
    assert set(config["server"]["allowedHosts"]) <= {"localhost", "127.0.0.1", "::1", "[::1]"}
    assert ".venv" in config["server"]["folderWatchBlacklist"]


def test_ten_concurrent_sessions_each_get_their_own_view(app_server):
    """Ten sessions at once over the app's websocket, as ten tabs would be, each with its own filters and language,
    each then changing to another view: every page is the one its query asks for, without an error."""
    from bench.sessions import SESSIONS, run_rounds
    from loaders import DEFAULT_PATH

    out = run_rounds(app_server.port, DEFAULT_PATH, rounds=2, settle=0.2)
    assert not out["failures"], out["failures"]
    assert out["views"] == [2 * len(SESSIONS)] * 2
