"""Shared fixtures: no network, a temporary cache, the real model loaded once."""

from __future__ import annotations

import importlib.util
import ipaddress
import socket
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = Path(__file__).resolve().parents[1] / "corpus" / "data" / "000_c87b7926864de8b2.txt"


def _register(name: str) -> None:
    """Make ``tests/<name>.py`` importable as ``name`` (tests are imported by path, not as a package)."""
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sys.modules.setdefault(name, module)


_register("fakes")  # test doubles
_register("browser")  # how browser tests start Chromium


def _is_loopback(address: object) -> bool:
    """True for 127.0.0.0/8, ::1, localhost and Unix sockets."""
    if isinstance(address, tuple):
        address = address[0]
    if isinstance(address, bytes):
        address = address.decode()
    if address in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(address).split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    """A test tried to reach beyond loopback."""


@pytest.fixture(autouse=True, scope="session")
def block_network():
    """Refuse every connection that is not to loopback, for the whole test session."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(address: object) -> None:
        if not _is_loopback(address):
            raise NetworkBlocked(f"test tried to reach {address!r}")

    def connect(self: socket.socket, address: object) -> None:
        if self.family != socket.AF_UNIX:
            guard(address)
        return real_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family != socket.AF_UNIX:
            guard(address)
        return real_connect_ex(self, address)

    def getaddrinfo(host: object, *args: object, **kwargs: object):
        guard(host)
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    yield
    socket.socket.connect = real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = real_connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo = real_getaddrinfo  # type: ignore[assignment]


@pytest.fixture(scope="session")
def embedder():
    """The real bundled model, loaded once per session."""
    from index.embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder()


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """A cache folder shared by the session's real-model tests."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="session")
def seed_bot(embedder, session_cache):
    """An assistant over the bundled article with the real model."""
    from assistant import Assistant, Settings

    return Assistant.load(None, Settings(cache_dir=session_cache, progress=False), embedder=embedder)


@pytest.fixture(scope="session")
def wire_bot(embedder, session_cache):
    """An assistant over the invented multi-article wire corpus."""
    from assistant import Assistant, Settings

    return Assistant.load([DATA / "wire"], Settings(cache_dir=session_cache, progress=False), embedder=embedder)
