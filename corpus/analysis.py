"""Parse articles once: sentences with offsets, and who-said-what for each sentence."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from corpus.records import Article, Claim, Sentence


@dataclass(frozen=True)
class AnalyzedArticle:
    """An article with its sentences (headline first) and one claim record per sentence."""

    article: Article
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]


def analyze(articles: Iterable[Article], *, progress: bool = False, batch_size: int = 64) -> Iterator[AnalyzedArticle]:
    """Segment and attribute each article with one spaCy parse."""
    from corpus.claims import attribute
    from corpus.nlp import load_nlp
    from corpus.segment import parse_articles

    items = list(articles)
    parsed = parse_articles(items, load_nlp(), batch_size=batch_size)
    if progress and len(items) > 1:
        from tqdm.auto import tqdm

        parsed = tqdm(parsed, total=len(items), desc="Reading articles", unit="article")
    for article, sentences in parsed:
        claims = attribute(article, sentences)
        yield AnalyzedArticle(article, tuple(p.sentence for p in sentences), tuple(claims))
