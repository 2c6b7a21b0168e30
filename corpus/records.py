"""Frozen records passed between the pipeline stages.

Offsets are always into ``Article.text``, so every quote can be checked against its source.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Article:
    """One news article as newsqa shows and quotes it.

    For ``.txt`` and ``.md`` files ``text`` is the file itself; for HTML and JSONL it is the
    headline, a newline and the extracted body, since their original is markup or JSON.
    """

    id: str
    text: str
    title: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        return asdict(self)

    @property
    def label(self) -> str:
        """Title with outlet and date when known, for citations across several articles."""
        extras = [part for part in (self.source, self.published) if part]
        return f"{self.title} ({', '.join(extras)})" if extras else self.title


@dataclass(frozen=True)
class Sentence:
    """A sentence (or the headline, index 0) with exact offsets into its article's text.

    ``entities`` holds the spaCy entity labels found in it (``DATE``, ``GPE``, ``CARDINAL`` ...),
    so when / where / how-many questions can prefer sentences that carry such facts.
    """

    article_id: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    entities: tuple[str, ...] = ()

    @property
    def headline(self) -> bool:
        """Whether this is its article's headline: the first line, without closing punctuation."""
        return self.index == 0 and not self.text.rstrip().endswith((".", "!", "?", '"', "”", "'", "’"))

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        data = asdict(self)
        data["entities"] = list(self.entities)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Sentence:
        """Inverse of :meth:`to_dict`."""
        return cls(**{**data, "entities": tuple(data.get("entities", ()))})


@dataclass(frozen=True)
class Claim:
    """Who the article credits a sentence to.

    ``kind`` is ``"direct"`` (quoted words), ``"indirect"`` (reported speech) or
    ``"narration"`` (the reporter's own voice, ``speaker`` is ``None``).
    ``anonymous`` marks unnamed sources ("officials said").
    """

    article_id: str
    sentence: int
    speaker: str | None
    cue: str | None
    kind: str
    anonymous: bool = False
    aliases: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for JSON."""
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Inverse of :meth:`to_dict`."""
        return cls(**{**data, "aliases": tuple(data.get("aliases", ()))})
