"""Warming up: the model and spaCy are loaded before the first question when asked for."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import Assistant, Settings
from corpus.loaders import load_corpus
from corpus.nlp import load_nlp
from index.store import open_index


class CountingEmbedder:
    """Deterministic fake embedder that counts the texts it embeds."""

    name = "fake-warm-embedder"
    dimension = 8

    def __init__(self) -> None:
        self.embedded = 0

    def encode(self, texts, *, progress=False):
        self.embedded += len(texts)
        rows = np.ones((len(texts), self.dimension), dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.mark.slow
def test_warm_up_loads_the_model_and_spacy(tmp_path):
    emb = CountingEmbedder()
    index, _ = open_index(list(load_corpus().articles), emb, tmp_path)
    before = emb.embedded
    Assistant(index, emb, Settings(cache_dir=tmp_path, progress=False)).warm_up()
    assert emb.embedded == before + 1
    assert load_nlp.cache_info().currsize == 1


def test_load_without_warm_embeds_nothing_more(tmp_path):
    emb = CountingEmbedder()
    settings = Settings(cache_dir=tmp_path, progress=False)
    Assistant.load(None, settings, embedder=emb)
    built = emb.embedded
    Assistant.load(None, settings, embedder=emb)
    assert emb.embedded == built
