"""Fixtures for the robustness tests: a fast fake embedder and helpers to run real subprocesses."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture
def fake_embedder():
    """A fresh deterministic fake embedder (logic tests only)."""
    from fakes import HashEmbedder  # tests/fakes.py, registered by tests/conftest.py

    return HashEmbedder()


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    """Environment for Python subprocesses: ``import fakes`` works, offline, quiet."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE.parent), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    env.update(GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project's virtualenv)."""
    return sys.executable


@pytest.fixture(scope="session")
def server(seed_bot) -> Iterator[str]:
    """The real chat app over the seed article, on a free loopback port (as ``newsqa serve``)."""
    app_module = pytest.importorskip("ui.app")
    demo = app_module.build_app(seed_bot)
    _, url, _ = app_module.launch(demo, port=None, prevent_thread_lock=True, quiet=True)
    yield url
    demo.close()


@pytest.fixture(scope="session")
def api(server):
    """A gradio_client session on :func:`server` (offline: no lookups beyond loopback)."""
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    from gradio_client import Client

    return Client(server, verbose=False, analytics_enabled=False, download_files=False)
