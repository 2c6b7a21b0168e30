"""The Assistant: load a corpus, answer questions with quoted, attributed sentences."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
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

# C0/C1 controls, lone surrogates (from broken clients), bidirectional overrides and isolates
# (they can make text read differently than it is stored) and invisible zero-width marks.
# Zero-width (non-)joiners stay: emoji sequences and Persian words need them.
_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
# Only this many characters per allowed one are ever scanned, so a huge paste costs milliseconds.
_SCAN_FACTOR = 16


def sanitize(text: str, limit: int) -> str:
    """Printable, NFC-normalized text with runs of whitespace collapsed to one space.

    At most ``limit * 16`` characters are read; the result may be longer than ``limit``, which
    tells the caller the text was cut.
    """
    text = _UNSAFE_CHARS.sub(" ", text[: limit * _SCAN_FACTOR + 1])
    text = unicodedata.normalize("NFC", " ".join(text.split())[: limit * 2 + 1])
    return text[: limit + 1]


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
        *,
        warm: bool = False,
    ) -> Assistant:
        """Load articles (the bundled one when ``paths`` is empty) and open or build their index.

        Files that fail to load are skipped and listed in ``load_errors``; raises
        :class:`CorpusError` when none loads. With ``warm``, everything answering needs is
        loaded before returning (see :meth:`warm_up`).
        """
        settings = settings or Settings()
        embedder = embedder or SentenceTransformerEmbedder(batch_size=settings.batch_size)
        result = load_corpus(paths, settings.max_file_bytes)
        index, built = open_index(result.articles, embedder, settings.index_dir, progress=settings.progress)
        bot = cls(index, embedder, settings, built)
        bot.load_errors = result.errors
        for error in result.errors:
            log.info("skipped %s", error)  # callers report load_errors; the CLI prints them
        if warm:
            bot.warm_up()
        return bot

    def warm_up(self) -> None:
        """Load spaCy (question analysis) in a background thread while this one loads the embedding model.

        On two cores the two loads overlap instead of queueing behind the first question; the
        thread is joined before returning, so no question races a half-loaded pipeline.
        """
        from corpus.nlp import load_nlp

        parser = threading.Thread(target=load_nlp, name="newsqa-load-spacy", daemon=True)
        parser.start()
        self.embedder.encode(["warm up"])
        parser.join()

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
                try:
                    self.index.save(self.settings.index_dir / "indexes" / key)
                except OSError as err:  # the articles are searchable already; only the cache missed them
                    log.warning("could not save the index (%s); it will be built again next time", err)
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
        turns = self._clean_history(history)
        with self._lock:
            selection = select(self.index, self.embedder, cleaned, turns, k)
        return compose(self.index, cleaned, selection, notice=notice)

    def _clean(self, question: object) -> tuple[str, str | None]:
        """Question text safe to search with, and a notice when it had to be cut.

        Raises:
            QuestionError: the question is not text, or nothing but blanks and control characters.
        """
        if not isinstance(question, str):
            raise QuestionError("the question must be text")
        limit = self.settings.max_question_chars
        text = sanitize(question, limit)
        if not text:
            raise QuestionError("please type a question")
        if len(text) > limit:
            return text[:limit].rstrip(), f"The question was cut to its first {limit:,} characters."
        return text, None

    def _clean_history(self, history: Sequence[str | dict | Turn] | None) -> list[Turn]:
        """The most recent turns, sanitized and cut like questions; blank ones dropped."""
        limit = self.settings.max_question_chars
        items = [history] if isinstance(history, str | dict) else list(history or ())
        turns = normalize_history(items[-self.settings.max_history_turns :])
        cleaned = (Turn(t.role, sanitize(t.content, limit)[:limit]) for t in turns)
        return [t for t in cleaned if t.content]


__all__ = ["AddResult", "Assistant", "CorpusError", "QuestionError"]
