"""Choose the sentences that answer a question, or decide that the corpus does not answer it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.history import Turn, user_questions
from assistant.retrieve import Hit, hybrid_search
from index.embedder import Embedder
from index.store import SentenceIndex

SEARCH_DEPTH = 50
MIN_DENSE = 0.35


@dataclass(frozen=True)
class Selection:
    """Rows chosen as the answer (best first), the lead speaker if who-shaped, or an abstention."""

    rows: tuple[int, ...]
    scores: tuple[float, ...]
    abstained: bool
    related: tuple[int, ...] = ()
    lead: str | None = None


def select(index: SentenceIndex, embedder: Embedder, question: str, turns: Sequence[Turn], k: int) -> Selection:
    """First version: hybrid search, a similarity floor for abstention."""
    query = " ".join([*user_questions(turns)[-1:], question])
    vector = embedder.encode([query])[0]
    hits: list[Hit] = hybrid_search(index, vector, query, SEARCH_DEPTH)
    if not hits or max(h.dense for h in hits) < MIN_DENSE:
        return Selection((), (), True, tuple(h.row for h in hits[:3]))
    chosen = hits[:k]
    return Selection(tuple(h.row for h in chosen), tuple(h.dense for h in chosen), False)
