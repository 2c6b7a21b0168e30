"""The Assistant: load a corpus, answer questions with quoted, attributed sentences."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.answer import Answer
from assistant.compose import compose
from assistant.history import Turn, normalize_history
from assistant.select import select
from assistant.settings import Settings
from corpus.errors import ArticleError, CorpusError, QuestionError
from corpus.loaders import load_corpus, load_paths
from corpus.records import Article
from index.embedder import Embedder, SentenceTransformerEmbedder
from index.store import SentenceIndex, open_index

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AddResult:
    """Articles that were added and one error per file (or line) that was rejected."""

    added: tuple[Article, ...]
    errors: tuple[ArticleError, ...]


class Assistant:
    """Answers questions about a corpus of articles by quoting them.

    Build one with :meth:`load`; :meth:`ask` is safe to call from several threads.
    """

    def __init__(self, index: SentenceIndex, embedder: Embedder, settings: Settings, built: bool = False) -> None:
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.built = built
        self.load_errors: tuple[ArticleError, ...] = ()
        self._lock = threading.RLock()

    @classmethod
    def load(
        cls,
        paths: Sequence[str | Path] | None = None,
        settings: Settings | None = None,
        embedder: Embedder | None = None,
    ) -> Assistant:
        """Load articles (the bundled one when ``paths`` is empty) and open or build their index.

        Files that fail to load are skipped and listed in ``load_errors``; raises
        :class:`CorpusError` when none loads.
        """
        settings = settings or Settings()
        embedder = embedder or SentenceTransformerEmbedder(batch_size=settings.batch_size)
        result = load_corpus(paths, settings.max_file_bytes)
        index, built = open_index(result.articles, embedder, settings.index_dir, progress=settings.progress)
        bot = cls(index, embedder, settings, built)
        bot.load_errors = result.errors
        for error in result.errors:
            log.warning("skipped %s", error)
        return bot

    @property
    def articles(self) -> list[Article]:
        """Articles in the corpus, in index order."""
        return list(self.index.articles.values())

    def add(self, paths: Iterable[str | Path]) -> AddResult:
        """Load more articles and make them searchable at once; the index is saved again.

        Only the new articles' sentences are embedded. Bad files are reported, not raised.
        """
        result = load_paths(paths, self.settings.max_file_bytes)
        with self._lock:
            added = self.index.extend(result.articles, self.embedder, progress=self.settings.progress)
            if added:
                from index.store import corpus_key

                key = corpus_key(self.index.articles, self.embedder.name)
                self.index.save(self.settings.index_dir / "indexes" / key)
        return AddResult(tuple(added), result.errors)

    def ask(self, question: str, history: Sequence[str | dict | Turn] | None = None, k: int | None = None) -> Answer:
        """Answer ``question`` with verbatim sentences, each cited and attributed.

        Args:
            question: what the user typed.
            history: earlier turns of the same chat, oldest first: user questions as strings,
                or ``{"role", "content"}`` messages.
            k: most quotes to return (defaults to ``settings.top_k``).

        Raises:
            QuestionError: the question is empty.
        """
        k = k or self.settings.top_k
        if k <= 0:
            raise ValueError(f"k must be greater than 0. Currently, k is {k}")
        cleaned, notice = self._clean(question)
        turns = normalize_history(history)
        with self._lock:
            selection = select(self.index, self.embedder, cleaned, turns, k)
        return compose(self.index, cleaned, selection, notice=notice)

    def _clean(self, question: str) -> tuple[str, str | None]:
        """Strip, drop unprintable characters and truncate over-long questions."""
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        text = question.encode("utf-8", "replace").decode("utf-8")
        text = "".join(ch if ch.isprintable() else " " for ch in text)
        text = " ".join(text.split())
        if not text:
            raise QuestionError("please type a question")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            return text[:limit], f"The question was cut to its first {limit:,} characters."
        return text, None


__all__ = ["AddResult", "Assistant", "CorpusError", "QuestionError"]
