"""The on-disk index: reuse, rebuild on change, manifest checks, damage detection."""

from __future__ import annotations

import json

import pytest
from fakes import HashEmbedder as CountingEmbedder

from corpus.errors import IndexDamagedError
from corpus.loaders import article_from_text, load_corpus
from index.store import MANIFEST, SentenceIndex, open_index


@pytest.fixture
def seed():
    return list(load_corpus().articles)


def test_second_open_loads_instead_of_embedding(tmp_path, seed):
    emb = CountingEmbedder()
    first, built = open_index(seed, emb, tmp_path)
    assert built and emb.embedded == 14
    second, built_again = open_index(seed, emb, tmp_path)
    assert not built_again and emb.embedded == 14
    assert [s.text for s in second.sentences] == [s.text for s in first.sentences]
    assert second.dense.size == 14 and second.lexical.size == 14
    manifest = json.loads((second.folder / MANIFEST).read_text())
    assert manifest["model"] == emb.name and manifest["dimension"] == 16 and manifest["sentences"] == 14
    assert set(manifest["checksums"]) >= {"corpus.json", "dense.faiss"}


def test_changed_corpus_gets_a_new_index(tmp_path, seed):
    emb = CountingEmbedder()
    first, _ = open_index(seed, emb, tmp_path)
    extra = article_from_text("Second story\nIt rained. Nobody said anything.")
    both, built = open_index([*seed, extra], emb, tmp_path)
    assert built and both.folder != first.folder
    assert len(both.sentences) == 14 + 3


def test_other_model_is_not_reused(tmp_path, seed):
    emb = CountingEmbedder()
    index, _ = open_index(seed, emb, tmp_path)
    with pytest.raises(IndexDamagedError, match="model"):
        SentenceIndex.load(index.folder, "another-model", 16)
    with pytest.raises(IndexDamagedError, match="dimension"):
        SentenceIndex.load(index.folder, emb.name, 32)


def test_damaged_file_is_detected_and_rebuilt(tmp_path, seed, caplog):
    emb = CountingEmbedder()
    index, _ = open_index(seed, emb, tmp_path)
    faiss_file = index.folder / "dense.faiss"
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    with pytest.raises(IndexDamagedError, match="checksum"):
        SentenceIndex.load(index.folder, emb.name, 16)
    rebuilt, built = open_index(seed, emb, tmp_path)
    assert built and "rebuilding" in caplog.text
    assert SentenceIndex.load(rebuilt.folder, emb.name, 16).dense.size == 14


def test_extend_embeds_only_new_sentences(tmp_path, seed):
    emb = CountingEmbedder()
    index, _ = open_index(seed, emb, tmp_path)
    before = emb.embedded
    added = index.extend([*seed, article_from_text("New story\nOne. Two.")], emb)
    assert len(added) == 1
    assert emb.embedded - before == 3
    assert index.dense.size == len(index.sentences) == 17
    hits = index.lexical.search("story", 5)[1]
    assert 14 in hits
