"""Who said what: the source each sentence is credited to, from spaCy's dependency parse."""

from __future__ import annotations

from corpus.records import Article, Claim
from corpus.segment import ParsedSentence


def attribute(article: Article, sentences: list[ParsedSentence]) -> list[Claim]:
    """One claim record per sentence (first version: reporter narration only)."""
    return [Claim(article.id, p.sentence.index, None, None, "narration") for p in sentences]
