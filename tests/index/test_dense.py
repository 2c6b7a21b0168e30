"""The FAISS index: exact or HNSW by size, recall of the approximate index, growth past the limit."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index import dense as dense_module
from index.dense import EXACT_LIMIT, DenseIndex, choose_kind


def unit_vectors(count, seed, data="latent", dimension=384):
    """Random unit rows; ``latent`` ones have a low intrinsic dimension like sentence embeddings."""
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((count, dimension), dtype=np.float32)
    if data == "latent":
        mapping = np.random.default_rng(0).standard_normal((32, dimension), dtype=np.float32) / np.sqrt(32)
        vectors = 0.35 * vectors / np.sqrt(dimension) + rng.standard_normal((count, 32), dtype=np.float32) @ mapping
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def recall_at(found, exact):
    """Mean share of the exact top-k that the approximate search found."""
    return float(np.mean([len(set(f) & set(e)) / len(e) for f, e in zip(found.tolist(), exact.tolist(), strict=True)]))


@pytest.mark.parametrize(
    ("size", "kind"),
    [(0, "flat"), (1, "flat"), (EXACT_LIMIT, "flat"), (EXACT_LIMIT + 1, "hnsw"), (10_000_000, "hnsw")],
)
def test_kind_follows_size(size, kind):
    assert choose_kind(size) == kind


def test_unknown_kind_is_refused_with_the_value():
    with pytest.raises(ValueError, match="kind is 'ivf'"):
        DenseIndex.build(unit_vectors(4, seed=0), kind="ivf")


@pytest.mark.parametrize("data", ["latent", "isotropic"])
def test_hnsw_recall_at_10_on_random_vectors(data):
    vectors = unit_vectors(3000, seed=7, data=data)
    queries = unit_vectors(100, seed=8, data=data)
    _, exact = DenseIndex.build(vectors, kind="flat").search(queries, 10)
    hnsw = DenseIndex.build(vectors, kind="hnsw")
    assert hnsw.kind == "hnsw" and hnsw.size == 3000
    found = np.stack([hnsw.search(q.reshape(1, -1), 10)[1][0] for q in queries])
    assert recall_at(found, exact) >= 0.95


def test_single_and_batched_search_agree_on_exact_index():
    vectors = unit_vectors(500, seed=1)
    queries = unit_vectors(5, seed=2)
    flat = DenseIndex.build(vectors)
    _, batched = flat.search(queries, 3)
    single = np.stack([flat.search(q, 3)[1][0] for q in queries])
    assert (single == batched).all()


def test_single_query_search_leaves_thread_count_alone():
    before = faiss.omp_get_max_threads()
    DenseIndex.build(unit_vectors(50, seed=3)).search(unit_vectors(1, seed=4), 5)
    assert faiss.omp_get_max_threads() == before


def test_growing_past_the_limit_switches_to_hnsw_without_losing_rows(monkeypatch):
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 100)
    first, second = unit_vectors(80, seed=5), unit_vectors(40, seed=6)
    index = DenseIndex.build(first)
    assert index.kind == "flat"
    index = index.add(second)
    assert index.kind == "hnsw" and index.size == 120
    np.testing.assert_allclose(index.vectors(range(120)), np.vstack([first, second]), atol=1e-6)
    assert index.search(second[:1], 1)[1][0][0] == 80


def test_add_below_the_limit_keeps_the_same_index():
    index = DenseIndex.build(unit_vectors(10, seed=9))
    assert index.add(unit_vectors(5, seed=10)) is index and index.size == 15


def test_vectors_of_chosen_rows():
    vectors = unit_vectors(20, seed=11)
    index = DenseIndex.build(vectors, kind="hnsw")
    np.testing.assert_allclose(index.vectors([3, 17]), vectors[[3, 17]], atol=1e-6)
    assert index.vectors([]).shape == (0, 384)


def test_hnsw_round_trip_restores_the_search_beam(tmp_path):
    index = DenseIndex.build(unit_vectors(200, seed=12), kind="hnsw")
    index.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss", "hnsw")
    assert loaded.kind == "hnsw" and loaded.size == 200
    assert faiss.downcast_index(loaded.index).hnsw.efSearch == dense_module.HNSW_EF_SEARCH


def test_search_beam_widens_past_the_large_size(monkeypatch, tmp_path):
    monkeypatch.setattr(dense_module, "HNSW_LARGE", 100)
    small = DenseIndex.build(unit_vectors(80, seed=13), kind="hnsw")
    assert faiss.downcast_index(small.index).hnsw.efSearch == dense_module.HNSW_EF_SEARCH
    grown = small.add(unit_vectors(40, seed=14))
    assert faiss.downcast_index(grown.index).hnsw.efSearch == dense_module.HNSW_EF_SEARCH_LARGE
    grown.save(tmp_path / "dense.faiss")
    loaded = DenseIndex.load(tmp_path / "dense.faiss", "hnsw")
    assert faiss.downcast_index(loaded.index).hnsw.efSearch == dense_module.HNSW_EF_SEARCH_LARGE
