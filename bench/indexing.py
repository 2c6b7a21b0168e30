"""Indexing throughput: embed and index sentences, against bare batched ``model.encode`` of the same sentences."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from bench.report import Figure, median
from corpus.records import Article

# Openings that make each copy of an article a different text (and a different article id).
_VARIANTS = ("", "Update: ", "Earlier, ", "Meanwhile, ", "Separately, ", "On Monday, ", "Late on Friday, ")


def synthetic_articles(sources: Sequence[Article], copies: int) -> list[Article]:
    """``copies`` varied copies of each source: every paragraph gets a different opening word."""
    from corpus.loaders import article_from_text

    articles = []
    for copy in range(copies):
        opening = _VARIANTS[copy % len(_VARIANTS)]
        for source in sources:
            lines = source.text.splitlines()
            title = f"{lines[0]} ({copy + 1})" if lines else f"Article {copy + 1}"
            body = [f"{opening}{line}" if line.strip() else line for line in lines[1:]]
            articles.append(article_from_text("\n".join([title, *body, f"Copy {copy + 1} of {source.id}."])))
    return articles


def corpus(folder: Path, target_sentences: int) -> list[Article]:
    """Varied copies of the articles in ``folder`` (plus the bundled one) until about ``target_sentences``."""
    from corpus.loaders import load_corpus, load_paths

    sources = [*load_corpus().articles, *load_paths([folder]).articles]
    per_copy = sum(len(a.text) for a in sources) // 130  # about 130 characters a sentence
    return synthetic_articles(sources, max(1, target_sentences // max(per_copy, 1)))


def run(articles: Sequence[Article], rounds: int = 3) -> list[Figure]:
    """Sentences per second of embed + FAISS + BM25, and of the bare encode, alternately ``rounds`` times."""
    from corpus.analysis import analyze
    from index.dense import DenseIndex
    from index.embedder import SentenceTransformerEmbedder
    from index.lexical import LexicalIndex

    start = time.perf_counter()
    analyzed = list(analyze(articles))
    parse = time.perf_counter() - start
    texts = [s.text for a in analyzed for s in a.sentences]
    embedder = SentenceTransformerEmbedder()
    model = embedder.model
    model.encode(texts[:64])  # warm-up
    ours: list[float] = []
    bare: list[float] = []
    for _ in range(rounds):
        start = time.perf_counter()
        model.encode(texts)
        bare.append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        vectors = embedder.encode(texts)
        DenseIndex.build(vectors)
        LexicalIndex.build(texts)
        ours.append(len(texts) / (time.perf_counter() - start))
    return [
        Figure(
            "indexing",
            "embed + FAISS + BM25",
            median(ours),
            "sent/s",
            median(bare),
            "model.encode(sentences) (batched)",
            target=0.9,
            higher_is_better=True,
            note=f"{len(texts):,} sentences in {len(articles)} articles, median of {rounds}",
        ),
        Figure(
            "indexing",
            "spaCy parse + attribution",
            len(texts) / parse,
            "sent/s",
            median(bare),
            "model.encode(sentences) (batched)",
            note="once per article; part of building an index, not of the embed+index target",
        ),
    ]
