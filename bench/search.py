"""Search alone on random unit vectors: latency, recall@10 against exact search, memory and build time.

Random vectors separate search cost from embedding cost. Two kinds are generated:

- ``latent`` (default): a random point in a 32-dimensional latent space, mapped into 384
  dimensions by a fixed random matrix, plus isotropic noise, then normalized. Like sentence
  embeddings, these have a low intrinsic dimension, so nearest neighbours are meaningfully
  nearer than the rest (mean top-1 cosine of a fresh query is about 0.7).
- ``isotropic``: independent Gaussian coordinates. Every similarity is near zero and the nearest
  neighbours are barely nearer than any other vector: the worst case for any approximate index,
  reported so the limit is known, not because queries look like this.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from bench.report import Figure, median, percentile
from index.dense import DenseIndex, choose_kind

DIMENSION = 384


LATENT_DIMENSION = 32
LATENT_NOISE = 0.35
DATA_KINDS = ("latent", "isotropic")


def unit_vectors(count: int, seed: int, data: str = "latent", dimension: int = DIMENSION) -> np.ndarray:
    """``count`` random L2-normalized float32 rows of the given ``data`` kind (see the module doc)."""
    if data not in DATA_KINDS:
        raise ValueError(f"data must be one of {DATA_KINDS}. Currently, data is {data!r}")
    rng = np.random.default_rng(seed)
    # The same mapping for data and queries, so they share one latent space.
    mapping = np.random.default_rng(0).standard_normal((LATENT_DIMENSION, dimension), dtype=np.float32)
    mapping /= np.sqrt(LATENT_DIMENSION)
    vectors = np.empty((count, dimension), dtype=np.float32)
    step = 100_000
    for start in range(0, count, step):
        rows = min(step, count - start)
        block = rng.standard_normal((rows, dimension), dtype=np.float32)
        if data == "latent":
            block *= LATENT_NOISE / np.sqrt(dimension)
            block += rng.standard_normal((rows, LATENT_DIMENSION), dtype=np.float32) @ mapping
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        vectors[start : start + rows] = block
    return vectors


def index_bytes(dense: DenseIndex) -> int:
    """Size of the FAISS index as serialized, which is what it holds in memory."""
    import faiss

    return int(faiss.serialize_index(dense.index).nbytes)


def single_query_times(dense: DenseIndex, queries: np.ndarray, k: int = 10) -> tuple[list[float], np.ndarray]:
    """Milliseconds per one-query search (as the assistant searches), and the ids found."""
    times: list[float] = []
    found = np.empty((len(queries), k), dtype=np.int64)
    dense.search(queries[:1], k)  # warm caches and thread pools
    for i in range(len(queries)):
        start = time.perf_counter()
        _, ids = dense.search(queries[i : i + 1], k)
        times.append((time.perf_counter() - start) * 1000)
        found[i] = ids[0]
    return times, found


def recall_at(found: np.ndarray, exact: np.ndarray) -> float:
    """Mean share of the exact top-k found by the approximate search."""
    hits = [len(set(f.tolist()) & set(e.tolist())) / exact.shape[1] for f, e in zip(found, exact, strict=True)]
    return float(np.mean(hits))


def run(
    sizes: Sequence[int] = (10_000, 100_000),
    queries: int = 200,
    ef_sweep: Sequence[int] = (),
    data: str = "latent",
    kinds: Sequence[str] = ("hnsw",),
    log: bool = True,
) -> list[Figure]:
    """Exact and automatically chosen (or HNSW) search at each size, each compared with exact search.

    Args:
        sizes: numbers of vectors.
        queries: single-vector queries timed at each size.
        ef_sweep: extra HNSW ``efSearch`` values to report (tuning aid).
        data: ``latent`` or ``isotropic`` vectors (see the module doc).
        kinds: approximate indexes to measure: ``hnsw`` (what newsqa builds) and/or ``ivf``.
        log: print progress lines.
    """
    import faiss

    figures: list[Figure] = []
    query_vectors = unit_vectors(queries, seed=1, data=data)
    for size in sizes:
        vectors = unit_vectors(size, seed=size, data=data)
        start = time.perf_counter()
        flat = DenseIndex.build(vectors, kind="flat")
        flat_build = time.perf_counter() - start
        _, exact = flat.search(query_vectors, 10)  # batched: the ground truth
        flat_times, _ = single_query_times(flat, query_vectors)
        flat_p50 = median(flat_times)
        label = f"{size:,} {data}"
        auto = choose_kind(size)
        figures.append(
            Figure(
                "search",
                f"flat p50 @ {label}",
                flat_p50,
                "ms",
                target=5.0,
                absolute=True,
                note=f"p95 {percentile(flat_times, 95):.2f} ms; {index_bytes(flat) / size:.0f} B/vector; "
                f"build {flat_build:.1f} s; auto kind here: {auto}",
            )
        )
        if log:
            print(f"[search] {label}: flat p50 {flat_p50:.2f} ms", flush=True)
        if "ivf" in kinds:
            figures += ivf_figures(vectors, query_vectors, exact, flat_p50, label, log)
        if "hnsw" not in kinds:
            continue
        start = time.perf_counter()
        hnsw = DenseIndex.build(vectors, kind="hnsw")
        build = time.perf_counter() - start
        del vectors
        hnsw_times, found = single_query_times(hnsw, query_vectors)
        recall = recall_at(found, exact)
        per_vector = index_bytes(hnsw) / size
        figures.append(
            Figure(
                "search",
                f"hnsw p50 @ {label}",
                median(hnsw_times),
                "ms",
                flat_p50,
                "flat (exact) p50",
                target=5.0,
                absolute=True,
                note=f"p95 {percentile(hnsw_times, 95):.2f} ms; build {build:.1f} s",
            )
        )
        figures.append(
            Figure("search", f"hnsw recall@10 @ {label}", recall, "", target=0.95, higher_is_better=True, absolute=True)
        )
        figures.append(
            Figure("search", f"hnsw memory @ {label}", per_vector, "B/vector", 4.0 * DIMENSION, "raw float32 vector")
        )
        if log:
            print(
                f"[search] {label}: hnsw p50 {median(hnsw_times):.2f} ms recall {recall:.3f} build {build:.0f} s",
                flush=True,
            )
        for ef in ef_sweep:
            faiss.downcast_index(hnsw.index).hnsw.efSearch = ef  # type: ignore[attr-defined]
            times, found = single_query_times(hnsw, query_vectors)
            figures.append(
                Figure(
                    "search",
                    f"hnsw ef={ef} p50 @ {label}",
                    median(times),
                    "ms",
                    flat_p50,
                    "flat p50",
                    note=f"recall@10 {recall_at(found, exact):.3f}; p95 {percentile(times, 95):.2f} ms",
                )
            )
            if log:
                print(
                    f"[search] {label}: ef={ef} p50 {median(times):.2f} ms recall {recall_at(found, exact):.3f}",
                    flush=True,
                )
        del hnsw, flat
    return figures


def ivf_figures(
    vectors: np.ndarray, queries: np.ndarray, exact: np.ndarray, flat_p50: float, label: str, log: bool
) -> list[Figure]:
    """IVF-Flat (sqrt(n) lists, k-means on a sample): build time, and latency and recall per ``nprobe``.

    Not what newsqa builds; measured because an IVF index builds far faster than HNSW at 1M.
    """
    import faiss

    size = len(vectors)
    lists = max(16, int(np.sqrt(size)))
    start = time.perf_counter()
    quantizer = faiss.IndexFlatIP(vectors.shape[1])
    ivf = faiss.IndexIVFFlat(quantizer, vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.random.default_rng(0).choice(size, min(size, 50 * lists), replace=False)]
    ivf.train(sample)
    ivf.add(vectors)
    build = time.perf_counter() - start
    index = DenseIndex(ivf, "ivf")
    figures = []
    for nprobe in (8, 16, 32, 64):
        ivf.nprobe = nprobe
        times, found = single_query_times(index, queries)
        recall = recall_at(found, exact)
        figures.append(
            Figure(
                "search",
                f"ivf{lists} nprobe={nprobe} p50 @ {label}",
                median(times),
                "ms",
                flat_p50,
                "flat (exact) p50",
                target=5.0,
                absolute=True,
                note=f"recall@10 {recall:.3f}; p95 {percentile(times, 95):.2f} ms; build {build:.0f} s; "
                f"{index_bytes(index) / size:.0f} B/vector",
            )
        )
        if log:
            print(
                f"[search] {label}: ivf{lists} nprobe={nprobe} p50 {median(times):.2f} ms recall {recall:.3f} "
                f"build {build:.0f} s",
                flush=True,
            )
    return figures
