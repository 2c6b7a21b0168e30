"""FAISS vector index over sentence embeddings; a sentence's row number is its id."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import faiss

KINDS = ("flat", "hnsw")
# Exact search scans every vector: about 1.5 ms per 10k on one core (memory bound; 2.8 ms at 10k
# and 56 ms at 100k on a busy machine, docs/scaling.md). Up to 20k it stays within ~5 ms, a
# fraction of embedding the question; beyond, HNSW keeps p50 near 1-2 ms (recall@10 0.99 at 100k).
EXACT_LIMIT = 20_000
# HNSW graph: 32 neighbours per node; beams tuned on embedding-like vectors (bench/search.py):
# recall@10 1.00 at 10k and 0.99 at 100k with efSearch 128, p50 1-2 ms.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128
# Past this many vectors the search beam doubles: at 1M on this graph, efSearch 128 found 0.944
# of the exact top 10 (p50 2.25 ms) and 256 found 0.987 (p50 4.10 ms) (docs/scaling.md).
HNSW_LARGE = 200_000
HNSW_EF_SEARCH_LARGE = 256


def _set_beam(index: faiss.Index) -> None:
    """Search beam of an HNSW index for its current size."""
    import faiss

    hnsw = faiss.downcast_index(index).hnsw  # type: ignore[attr-defined]
    hnsw.efSearch = HNSW_EF_SEARCH if index.ntotal <= HNSW_LARGE else HNSW_EF_SEARCH_LARGE


def choose_kind(size: int) -> str:
    """``flat`` (exact) up to :data:`EXACT_LIMIT` vectors, ``hnsw`` (approximate) beyond."""
    return "flat" if size <= EXACT_LIMIT else "hnsw"


def _empty(kind: str, dimension: int) -> faiss.Index:
    """An empty FAISS index of ``kind`` using inner product (cosine on unit vectors)."""
    import faiss

    if kind == "flat":
        return faiss.IndexFlatIP(dimension)
    if kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        return hnsw
    raise ValueError(f"kind must be one of {KINDS}. Currently, kind is {kind!r}")


@dataclass(frozen=True)
class DenseIndex:
    """A FAISS index; vectors are L2-normalized, so inner product equals cosine similarity."""

    index: faiss.Index
    kind: str

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str | None = None) -> DenseIndex:
        """Index ``vectors``; ``kind`` defaults to :func:`choose_kind` of their number."""
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        kind = kind or choose_kind(len(vectors))
        index = _empty(kind, vectors.shape[1])
        if len(vectors):
            index.add(vectors)
        if kind == "hnsw":
            _set_beam(index)
        return cls(index, kind)

    @property
    def size(self) -> int:
        """Number of vectors held."""
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        """Vector dimension."""
        return int(self.index.d)

    def add(self, vectors: np.ndarray) -> DenseIndex:
        """Append rows (ids continue from the current size); returns the index to use from now on.

        That is this index, except when an exact index grows past :data:`EXACT_LIMIT`: then an
        HNSW index is built from the stored vectors (nothing is embedded again).
        """
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1, self.dimension)
        if self.kind == "flat" and choose_kind(self.size + len(vectors)) != "flat":
            return DenseIndex.build(np.vstack([self.vectors(range(self.size)), vectors]))
        if len(vectors):
            self.index.add(vectors)
        if self.kind == "hnsw":
            _set_beam(self.index)
        return self

    def vectors(self, rows: range | list[int] | np.ndarray) -> np.ndarray:
        """The stored vectors of ``rows``, as a ``(len(rows), dimension)`` array."""
        ids = np.asarray(rows, dtype=np.int64)
        if len(ids) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if isinstance(rows, range) and rows.step == 1:
            return np.asarray(self.index.reconstruct_n(rows.start, len(rows)), dtype=np.float32)
        return np.asarray(self.index.reconstruct_batch(ids), dtype=np.float32)

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (scores, ids) per query row; missing slots have id -1."""
        import faiss

        queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dimension)
        k = max(1, min(k, self.size))
        if len(queries) > 1:
            return self.index.search(queries, k)
        # One query is latency-bound: OpenMP threads cost more to wake than they save, and on a
        # busy machine a descheduled worker stalls the whole search (10k exact: 8 ms vs 1.8 ms).
        # The thread count is per calling thread, so other threads keep theirs.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            return self.index.search(queries, k)
        finally:
            faiss.omp_set_num_threads(threads)

    def save(self, path: Path) -> None:
        """Write the index to ``path``."""
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> DenseIndex:
        """Read an index written by :meth:`save`; the search beam is set from this version's tuning."""
        import faiss

        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}. Currently, kind is {kind!r}")
        index = faiss.read_index(str(path))
        if kind == "hnsw":
            _set_beam(index)
        return cls(index, kind)
