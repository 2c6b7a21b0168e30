"""Hybrid retrieval: dense (FAISS) and lexical (BM25) rankings fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from index.store import SentenceIndex

# Cormack et al.'s constant: damps the head of each ranking so neither retriever dominates.
RRF_K = 60


@dataclass(frozen=True)
class Hit:
    """A candidate sentence row with its scores from each retriever."""

    row: int
    fused: float
    dense: float
    lexical: float
    dense_rank: int | None
    lexical_rank: int | None


def rrf(rankings: Iterable[list[int]], k: int = RRF_K) -> dict[int, float]:
    """Reciprocal rank fusion of several rankings of row ids."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, row in enumerate(ranking):
            fused[row] = fused.get(row, 0.0) + 1.0 / (k + rank + 1)
    return fused


def hybrid_search(index: SentenceIndex, query_vector: np.ndarray, query: str, depth: int) -> list[Hit]:
    """Candidates from both retrievers, best fused score first, ties broken by row."""
    scores, ids = index.dense.search(query_vector.reshape(1, -1), depth)
    dense = {int(i): float(s) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0}
    lex_scores, lex_ids = index.lexical.search(query, depth)
    lexical = {int(i): float(s) for s, i in zip(lex_scores, lex_ids, strict=True)}
    dense_order = list(dense)
    lexical_order = list(lexical)
    fused = rrf([dense_order, lexical_order])
    dense_rank = {row: r for r, row in enumerate(dense_order)}
    lexical_rank = {row: r for r, row in enumerate(lexical_order)}
    missing = [row for row in fused if row not in dense]
    if missing:
        # Lexical-only candidates still need a dense score for the later stages.
        vectors = index.dense.vectors(missing)
        for row, value in zip(missing, vectors @ query_vector.reshape(-1), strict=True):
            dense[row] = float(value)
    hits = [
        Hit(row, score, dense[row], lexical.get(row, 0.0), dense_rank.get(row), lexical_rank.get(row))
        for row, score in fused.items()
    ]
    hits.sort(key=lambda h: (-h.fused, h.row))
    return hits
