"""The real chat app on a free loopback port, launched once per session and shared by the UI tests."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from typing import Any

import pytest


def free_port() -> int:
    """A TCP port nothing listens on right now, on loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running app: its URL and the assistant behind it (to check answers against the articles)."""

    url: str
    bot: Any


@pytest.fixture(scope="session")
def app_bot(embedder, session_cache):
    """An assistant over the bundled article, of its own: the browser test adds articles to it."""
    from assistant import Assistant, Settings

    return Assistant.load(None, Settings(cache_dir=session_cache, progress=False), embedder=embedder)


@pytest.fixture(scope="session")
def server(app_bot):
    """``build_app`` + ``launch`` exactly as ``newsqa serve`` does, MCP on, without blocking."""
    from ui.app import build_app, launch

    demo = build_app(app_bot)
    _, url, share_url = launch(demo, host="127.0.0.1", port=free_port(), mcp=True, prevent_thread_lock=True, quiet=True)
    assert share_url is None
    yield Server(url.rstrip("/"), app_bot)
    demo.close()
