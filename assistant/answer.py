"""The answer contract: an answer is quotes with their sources, not a joined string."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Citation:
    """One quoted sentence: ``text == article text[start:end]``."""

    n: int
    article: str
    title: str
    sentence: int
    text: str
    start: int
    end: int
    speaker: str | None
    cue: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Plain dict, the contract's citation shape."""
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """What the assistant returns for one question.

    ``answer`` is Markdown built only from quoted sentences, [n] markers and our own short
    connective words. When ``abstained`` is true, ``citations`` is empty and ``related`` may hold
    the closest passages, which are explicitly not an answer.
    """

    question: str
    answer: str
    abstained: bool
    citations: tuple[Citation, ...]
    related: tuple[Citation, ...] = ()
    notice: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The answer contract as a JSON-ready dict."""
        data: dict[str, Any] = {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_dict() for c in self.citations],
        }
        if self.related:
            data["related"] = [c.to_dict() for c in self.related]
        if self.notice:
            data["notice"] = self.notice
        return data
