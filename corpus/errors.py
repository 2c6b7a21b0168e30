"""Exception classes shared by every stage; translated to user messages only at the boundaries."""

from __future__ import annotations


class NewsqaError(Exception):
    """Base class for every error newsqa raises on purpose."""


class ArticleError(NewsqaError):
    """An article file could not be read or holds no usable text."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class CorpusError(NewsqaError):
    """The corpus as a whole is unusable (no paths, no articles)."""


class IndexDamagedError(NewsqaError):
    """A saved index is missing, damaged or was built with another model."""


class QuestionError(NewsqaError):
    """The question cannot be answered as asked (empty, too long)."""
