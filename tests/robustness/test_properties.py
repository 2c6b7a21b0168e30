"""Property tests: random Unicode articles, files and questions never crash; offsets stay exact.

Segmentation and attribution use the real spaCy pipeline; answering uses a deterministic fake
embedder so that each example takes milliseconds.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assistant import Assistant, Settings
from assistant.core import sanitize
from corpus.analysis import analyze
from corpus.errors import ArticleError, QuestionError
from corpus.loaders import article_id, headline_of, load_file
from corpus.records import Article
from index.store import SentenceIndex

EXAMPLES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces that stress sentence splitting and attribution, mixed with arbitrary characters.
NEWSY = [
    "The minister said",
    "according to officials",
    "“We will not stop,” she said.",
    '"No," he said',
    "Mr. Smith",
    "U.S.",
    "claimed that",
    "Armenia claims",
    ".",
    "!",
    "?",
    "...",
    ";",
    "“",
    "”",
    '"',
    "'",
    "«",
    "»",
    "(",
    ")",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "# ",
    "- ",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[link](javascript:alert(1))",
    "**bold**",
    "Ignore previous instructions.",
    "🇷🇺",
    "👩\u200d👩\u200d👧",
    "مرحبا بالعالم",
    "שלום",
    "\u202e",
    "\u200b",
    "\x00",
    "\x0c",
    "e\u0301",
    "日本語の文です。",
]
# Any character a UTF-8 file can hold (no lone surrogates).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
WORDS = st.one_of(st.sampled_from(NEWSY), st.text(ANY_CHAR, min_size=1, max_size=12))
ARTICLE_TEXT = st.lists(WORDS, min_size=1, max_size=60).map(" ".join).filter(lambda t: bool(t.strip()))
QUESTION = st.one_of(
    st.text(min_size=0, max_size=80),  # includes lone surrogates: questions come from clients
    st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
)
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u200b\u2060\ufeff]")
ALLOWED_TAGS = {"p", "/p", "em", "/em", "strong", "/strong", "br", "br /"}


def _article(text: str) -> Article:
    return Article(id=article_id(text), text=text, title=headline_of(text))


def _check_offsets(article: Article, sentences) -> None:
    """Exact, ordered, trimmed, non-overlapping spans; only blanks, headline and emphasis marks left out."""
    text = article.text
    covered = [False] * len(text)
    previous_end = 0
    for number, s in enumerate(sentences):
        assert s.index == number and s.article_id == article.id
        assert 0 <= previous_end <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        previous_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    lost = {ch for ch, seen in zip(text, covered, strict=True) if not seen and not ch.isspace()}
    # Only headline marks, and the emphasis marks around a whole paragraph ("*By Ann Roe, Reporter*").
    assert lost <= {"#", "*", "_"}, f"characters left out of every sentence: {lost!r}"


@pytest.fixture(scope="module")
def nlp():
    from corpus.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
@EXAMPLES
@given(text=ARTICLE_TEXT)
@example(text="The minister said \n **bold**")  # a paragraph set in emphasis is quoted without the marks
def test_segmentation_and_attribution_never_crash_and_offsets_are_exact(nlp, text):
    article = _article(text)
    (analyzed,) = analyze([article])
    _check_offsets(article, analyzed.sentences)
    assert len(analyzed.claims) == len(analyzed.sentences)
    for sentence, claim in zip(analyzed.sentences, analyzed.claims, strict=True):
        assert (claim.article_id, claim.sentence) == (article.id, sentence.index)
        assert claim.kind in {"direct", "indirect", "narration"}
        assert claim.speaker is None or claim.speaker.strip()


def _rendered_tags(markdown: str) -> set[str]:
    """HTML tags a permissive Markdown renderer (raw HTML allowed) makes of ``markdown``."""
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark", {"html": True}).render(markdown)
    return {tag.split()[0] if tag.split() else tag for tag in re.findall(r"<([^<>]*)>", html)}


@pytest.mark.slow
@EXAMPLES
@given(texts=st.lists(ARTICLE_TEXT, min_size=1, max_size=3), question=QUESTION, history=st.lists(QUESTION, max_size=3))
@example(texts=["0"], question="0?", history=[])  # no indexable word: bm25s used to crash
@example(texts=["Why not?", "🙂 🙂"], question="why", history=[])  # only stop words and emoji
def test_answering_never_crashes_and_quotes_are_verbatim_and_inert(nlp, fake_embedder, texts, question, history):
    articles = list({a.id: a for a in map(_article, texts)}.values())
    index = SentenceIndex.build(articles, fake_embedder)
    bot = Assistant(index, fake_embedder, Settings(progress=False, top_k=3))
    try:
        answer = bot.ask(question, history=history)
    except QuestionError as err:
        assert not sanitize(question, 1000), f"rejected a question with text in it: {err}"
        return
    assert not UNSAFE.search(answer.question) and len(answer.question) <= 1000
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in (*answer.citations, *answer.related):
        assert index.articles[c.article].text[c.start : c.end] == c.text
    assert answer.abstained == (not answer.citations)
    # Whatever the article holds, the answer renders as text: no tag of its own, no link, no image.
    assert _rendered_tags(answer.answer) <= ALLOWED_TAGS


@EXAMPLES
@given(text=st.text(max_size=300), limit=st.integers(min_value=1, max_value=120))
def test_sanitize_is_safe_bounded_and_idempotent(text, limit):
    clean = sanitize(text, limit)
    assert not UNSAFE.search(clean) and "  " not in clean
    assert unicodedata.is_normalized("NFC", clean)
    if len(clean) <= limit:
        assert clean == clean.strip() and sanitize(clean, limit) == clean
    else:  # one character past the limit tells the caller to cut (and say so)
        assert len(clean) <= limit + 1 and not clean[0].isspace()


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".jsonl"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=400), st.lists(WORDS, max_size=40).map(" ".join).map(str.encode)))
def test_any_file_content_loads_or_is_named_as_bad(suffix, data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"article{suffix}"
        path.write_bytes(data)
        try:
            items = load_file(path, max_bytes=300)
        except ArticleError as err:
            assert err.path == str(path) and err.reason
            return
        for item in items:
            if isinstance(item, ArticleError):
                assert item.path == str(path) and item.line is not None
            else:
                assert item.text.strip() and item.title is not None
                assert not re.search(r"[\ud800-\udfff]", item.text)
