"""Fixtures for the robustness tests: a fast fake embedder and helpers to run real subprocesses."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def _fakes() -> ModuleType:
    """``fakes.py`` beside this file (tests are imported by path, not as a package)."""
    spec = importlib.util.spec_from_file_location("robustness_fakes", HERE / "fakes.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fake_embedder():
    """A fresh deterministic fake embedder (logic tests only)."""
    return _fakes().HashEmbedder()


@pytest.fixture(scope="session")
def subprocess_env() -> dict[str, str]:
    """Environment for Python subprocesses: ``import fakes`` works, offline, quiet."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(HERE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    env.update(GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    return env


@pytest.fixture(scope="session")
def python() -> str:
    """The interpreter running the tests (the project's virtualenv)."""
    return sys.executable
