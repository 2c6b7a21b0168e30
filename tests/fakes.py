"""Test doubles shared by the tests and the subprocesses they start."""

from __future__ import annotations

import hashlib
import time

import numpy as np


class HashEmbedder:
    """Deterministic fake embedder: the same text gives the same unit vector in every process.

    Logic tests only (no meaning in the vectors). ``delay`` seconds are slept per call, to
    widen race windows in concurrency tests.
    """

    name = "fake-sha256-embedder"
    dimension = 16

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.embedded = 0

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """One unit row per text, seeded by the text's SHA-256."""
        if self.delay:
            time.sleep(self.delay)
        self.embedded += len(texts)
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(self.dimension).astype(np.float32)
            rows[i] = v / np.linalg.norm(v)
        return rows
