"""The query tokenizer matches the one the BM25 index was built with."""

from __future__ import annotations

from pathlib import Path

import bm25s
import pytest

from index.lexical import LexicalIndex, _stemmer, tokenize

DATA = Path(__file__).resolve().parents[1] / "data"
SEED = Path(__file__).resolve().parents[2] / "corpus" / "data"


def texts():
    lines = []
    for folder in (DATA / "wire", DATA / "styles", SEED):
        for path in sorted(folder.iterdir()):
            lines += path.read_text(encoding="utf-8").splitlines()
    return lines


@pytest.mark.parametrize(
    "text",
    ["", "   ", "a I", "Who CLAIMED it?", "Turkey's F-16s; 1,500 troops", "naïve café — Zürich", "x_y 42 ab"],
)
def test_edge_cases_match_bm25s(text):
    expected = bm25s.tokenize([text], stemmer=_stemmer(), stopwords="en", return_ids=False, show_progress=False)
    assert tokenize([text]) == expected


def test_every_test_sentence_matches_bm25s():
    lines = texts()
    assert len(lines) > 100
    expected = bm25s.tokenize(lines, stemmer=_stemmer(), stopwords="en", return_ids=False, show_progress=False)
    assert tokenize(lines) == expected


def test_query_tokens_are_in_the_index_vocabulary():
    index = LexicalIndex.build(["Armenia claimed that mercenaries were sent."])
    assert set(tokenize(["claims the mercenary"])[0]) <= set(index.retriever.vocab_dict)


def test_words_already_stemmed_are_searched_as_they_are():
    index = LexicalIndex.build(["The tribunal barred Ramiro Escalante.", "Officials said nothing."])
    stems = tokenize(["Escalante"])[0]
    # Stemming a stem again can change it ("escalant" -> "escal"), so stems skip the tokenizer.
    assert tokenize([" ".join(stems)])[0] != stems
    assert list(index.search_stems(stems, 5)[1]) == [0]
    assert list(index.search("Escalante", 5)[1]) == [0]
