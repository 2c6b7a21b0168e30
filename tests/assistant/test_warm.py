"""Warming up: the model and spaCy are loaded before the first question when asked for."""

from __future__ import annotations

import pytest
from fakes import HashEmbedder as CountingEmbedder

from assistant import Assistant, Settings
from corpus.loaders import load_corpus
from corpus.nlp import load_nlp
from index.store import open_index


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
