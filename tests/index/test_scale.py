"""Scale features of the store: the index kind in the manifest, incremental adds, the approximate index's answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import HashEmbedder as CountingEmbedder

from corpus.loaders import article_from_text, load_corpus, load_paths
from index import dense as dense_module
from index.dense import DenseIndex
from index.store import MANIFEST, SentenceIndex, open_index

DATA = Path(__file__).resolve().parents[1] / "data"
DEV = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "dev_qa.jsonl"


@pytest.fixture
def seed():
    return list(load_corpus().articles)


def story(n: int):
    return article_from_text(f"Story number {n}\nThe council met on day {n}. It said nothing new.")


def manifest(index: SentenceIndex) -> dict:
    return json.loads((index.folder / MANIFEST).read_text())


def test_manifest_records_kind_and_articles(tmp_path, seed):
    index, _ = open_index(seed, CountingEmbedder(), tmp_path)
    data = manifest(index)
    assert data["kind"] == "flat" == index.dense.kind
    assert data["article_ids"] == sorted(a.id for a in seed)


def test_large_corpus_gets_hnsw_recorded_and_reloaded(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 10)
    emb = CountingEmbedder()
    index, built = open_index(seed, emb, tmp_path)
    assert built and index.dense.kind == "hnsw" and manifest(index)["kind"] == "hnsw"
    again, built_again = open_index(seed, emb, tmp_path)
    assert not built_again and again.dense.kind == "hnsw" and again.dense.size == 14


def test_adding_an_article_embeds_only_its_sentences(tmp_path, seed):
    emb = CountingEmbedder()
    small, _ = open_index(seed, emb, tmp_path)
    assert emb.embedded == 14
    bigger, built = open_index([*seed, story(1)], emb, tmp_path)
    assert built and emb.embedded == 14 + 3
    assert bigger.folder != small.folder and small.folder.exists()
    assert len(bigger.sentences) == bigger.dense.size == bigger.lexical.size == 17
    assert [s.text for s in bigger.sentences[:14]] == [s.text for s in small.sentences]
    reloaded, built_again = open_index([story(1), *seed], emb, tmp_path)
    assert not built_again and emb.embedded == 17 and len(reloaded.sentences) == 17


def test_the_largest_cached_subset_is_extended(tmp_path, seed):
    emb = CountingEmbedder()
    open_index(seed, emb, tmp_path)
    open_index([story(1)], emb, tmp_path)
    open_index([*seed, story(1), story(2)], emb, tmp_path)
    assert emb.embedded == 14 + 3 + 6  # seed (the larger subset) extended with stories 1 and 2
    emb.embedded = 0
    everything, _ = open_index([*seed, story(1), story(2), story(3)], emb, tmp_path)
    assert emb.embedded == 3
    assert sorted(everything.articles) == sorted(a.id for a in [*seed, story(1), story(2), story(3)])
    assert everything.lexical.search("council", 50)[1].size == 3


def test_no_cached_subset_means_a_full_build(tmp_path, seed):
    emb = CountingEmbedder()
    open_index([*seed, story(1)], emb, tmp_path)
    emb.embedded = 0
    open_index([*seed, story(2)], emb, tmp_path)
    assert emb.embedded == 17


def test_other_model_is_not_extended(tmp_path, seed):
    open_index(seed, CountingEmbedder(), tmp_path)

    class OtherModel(CountingEmbedder):
        name = "another-fake"

    other = OtherModel()
    open_index([*seed, story(1)], other, tmp_path)
    assert other.embedded == 17


def test_damaged_subset_is_skipped(tmp_path, seed, caplog):
    emb = CountingEmbedder()
    small, _ = open_index(seed, emb, tmp_path)
    (small.folder / "corpus.json").write_text("{}")
    emb.embedded = 0
    index, _ = open_index([*seed, story(1)], emb, tmp_path)
    assert emb.embedded == 17 and len(index.sentences) == 17 and "not reusing" in caplog.text


def test_extending_past_the_limit_saves_hnsw(tmp_path, seed, monkeypatch):
    monkeypatch.setattr(dense_module, "EXACT_LIMIT", 15)
    emb = CountingEmbedder()
    open_index(seed, emb, tmp_path)
    index, _ = open_index([*seed, story(1)], emb, tmp_path)
    assert index.dense.kind == "hnsw" and manifest(index)["kind"] == "hnsw"
    assert SentenceIndex.load(index.folder, emb.name, emb.dimension).dense.size == 17


@pytest.mark.slow
def test_approximate_index_finds_the_exact_top_hit_on_dev_questions(embedder):
    articles = [*load_corpus().articles, *load_paths([DATA / "wire"]).articles]
    index = SentenceIndex.build(articles, embedder)
    vectors = index.dense.vectors(range(index.dense.size))
    hnsw = DenseIndex.build(vectors, kind="hnsw")
    questions = [json.loads(line)["q"] for line in DEV.read_text().splitlines() if line.strip()]
    assert len(questions) >= 10
    for query in embedder.encode(questions):
        _, exact_ids = index.dense.search(query, 10)
        _, ids = hnsw.search(query, 10)
        assert ids[0][0] == exact_ids[0][0]
        assert len(set(ids[0]) & set(exact_ids[0])) >= 9
