"""Indexing throughput: embed and index sentences, against bare batched ``model.encode`` of the same sentences."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bench.report import Figure, median
from corpus.records import Article

if TYPE_CHECKING:
    from corpus.analysis import AnalyzedArticle

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
        *memory_per_sentence(articles, analyzed, vectors, embedder.name),
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


def memory_per_sentence(
    articles: Sequence[Article], analyzed: Sequence[AnalyzedArticle], vectors: np.ndarray, model_name: str
) -> list[Figure]:
    """Bytes per sentence of a loaded index: Python records and BM25 (traced), and FAISS (its serialized size).

    The index is saved and loaded again, so the figure is what ``newsqa ask`` holds, not what building left.
    """
    import tempfile
    import tracemalloc

    import faiss

    from index.dense import DenseIndex
    from index.lexical import LexicalIndex
    from index.store import SentenceIndex

    sentences = [s for a in analyzed for s in a.sentences]
    built = SentenceIndex(
        articles={a.article.id: a.article for a in analyzed},
        sentences=sentences,
        claims=[c for a in analyzed for c in a.claims],
        dense=DenseIndex.build(vectors),
        lexical=LexicalIndex.build([s.text for s in sentences]),
        model_name=model_name,
    )
    count = len(sentences)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "index"
        built.save(folder)
        tracemalloc.start()
        lexical = LexicalIndex.load(folder / "lexical", count)
        lexical_bytes = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        del lexical
        tracemalloc.start()
        loaded = SentenceIndex.load(folder, model_name, vectors.shape[1])
        traced = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        disk = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    dense_bytes = int(faiss.serialize_index(loaded.dense.index).nbytes)
    return [
        Figure(
            "memory",
            "loaded index, per sentence",
            (traced + dense_bytes) / count,
            "B",
            4.0 * vectors.shape[1],
            "one float32 vector",
            note=f"{count:,} sentences; FAISS {dense_bytes / count:.0f} B, BM25 "
            f"{lexical_bytes / count:.0f} B, records and the rest {(traced - lexical_bytes) / count:.0f} B; "
            f"on disk {disk / count:.0f} B",
        ),
    ]
