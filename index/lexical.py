"""BM25 keyword index (bm25s) over the same sentence ids as the dense index."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import bm25s

# bm25s's default token pattern: runs of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _bm25s() -> Any:
    """The bm25s module, quieted: on import it sets its own logger to DEBUG."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


@cache
def _stemmer() -> Any:
    """English Snowball stemmer, so "claims" matches "claimed"."""
    import Stemmer

    return Stemmer.Stemmer("english")


# bm25s's short list of function words; longer lists (spaCy's, scikit-learn's) also drop words
# that questions ask about, such as "call", "say", "name" and "side".
def tokenize(texts: list[str]) -> list[list[str]]:
    """Lower-cased, stop-worded, stemmed tokens, as the index saw them.

    The same steps as ``bm25s.tokenize(texts, stemmer=..., stopwords="en")`` (which builds the
    index), without its per-call overhead: answering tokenizes the question and each candidate
    sentence, and bm25s rebuilt its stop-word set for every text (0.18 ms a text; this: 0.01 ms).
    """
    stopwords = _stopwords()
    stem = _stemmer().stemWords
    return [stem([w for w in _TOKEN.findall(text.lower()) if w not in stopwords]) for text in texts]


@cache
def _stopwords() -> frozenset[str]:
    """bm25s's English stop words, the list the index was built with."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@dataclass(frozen=True)
class LexicalIndex:
    """BM25 over sentence texts; row ``i`` is sentence id ``i``."""

    retriever: bm25s.BM25
    size: int

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Index ``texts`` (empty strings allowed)."""
        bm25s = _bm25s()

        retriever = bm25s.BM25()
        tokens = bm25s.tokenize(texts, stemmer=_stemmer(), stopwords="en", show_progress=False, allow_empty=True)
        # bm25s cannot add its empty-document token to an empty vocabulary (sentences of only stop
        # words, emoji or single characters); without it such a corpus simply matches no query.
        retriever.index(tokens, show_progress=False, create_empty_token=bool(tokens.vocab))
        return cls(retriever, len(texts))

    def search(self, query: str, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (scores, ids) with a positive score; empty arrays when no word matches."""
        return self.search_stems(tokenize([query])[0], k)

    def search_stems(self, stems: Iterable[str], k: int) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search` for words already stemmed (stemming a stem can change it: "escalant")."""
        tokens = [t for t in stems if t in self.retriever.vocab_dict]
        if not tokens or self.size == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        # n_threads=0 scores in this thread; 1 would start a thread pool for every query.
        ids, scores = self.retriever.retrieve([tokens], k=min(k, self.size), show_progress=False, n_threads=0)
        ids, scores = ids[0], scores[0]
        keep = scores > 0
        return scores[keep].astype(np.float32), ids[keep].astype(np.int64)

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``."""
        self.retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        """Read an index written by :meth:`save`."""
        bm25s = _bm25s()

        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, size)
