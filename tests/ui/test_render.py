"""The chat's HTML, from hand-made records: escaping, clickable markers, highlights, the claim table."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.errors import ArticleError
from corpus.records import Article, Claim, Sentence
from ui import render

EVIL = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'

ONE = Article(id="a1", text="", title="Ministry warns <b>everyone</b>", source="Wire & Co", published="2024-03-04")
TWO = Article(id="b2", text="", title="Second story")


def sentences_of(article: Article, texts: list[str]) -> list[Sentence]:
    """Sentences 0..n of an article (offsets are irrelevant to rendering)."""
    return [Sentence(article.id, i, 0 if i == 0 else 1 + i // 2, 0, len(t), t) for i, t in enumerate(texts)]


SENTENCES = [
    *sentences_of(ONE, [ONE.title, "The ministry said the leak was contained.", EVIL, "Rain is expected."]),
    *sentences_of(TWO, [TWO.title, "Officials said talks would resume."]),
]
CLAIMS = [
    Claim("a1", 0, None, None, "narration"),
    Claim("a1", 1, "The ministry", "said", "indirect"),
    Claim("a1", 2, "Vasko <admin>", "said", "direct"),
    Claim("a1", 3, None, None, "narration"),
    Claim("b2", 0, None, None, "narration"),
    Claim("b2", 1, "officials", "said", "indirect", anonymous=True),
]
ARTICLES = {ONE.id: ONE, TWO.id: TWO}


def citation(n: int, article: str, sentence: int, text: str) -> dict:
    """A contract citation."""
    return {
        "n": n,
        "article": article,
        "title": ARTICLES[article].title,
        "sentence": sentence,
        "text": text,
        "start": 0,
        "end": len(text),
        "speaker": None,
        "cue": None,
        "score": 0.5,
    }


ANSWER = {
    "question": "What did the ministry say?",
    "answer": "**The ministry**\n\n“The ministry said the leak was contained.” [1] — *the ministry (said)*\n\n"
    "“\\<script\\> \\[2\\] \\*no\\*” [2] — *Vasko \\<admin\\>*",
    "abstained": False,
    "citations": [
        citation(1, "a1", 1, "The ministry said the leak was contained."),
        citation(2, "a1", 2, EVIL),
    ],
}
ABSTAINED = {
    "question": "Who won the match?",
    "answer": "The articles do not say.",
    "abstained": True,
    "citations": [],
    "related": [citation(1, "b2", 1, "Officials said talks would resume.")],
}


def anchors_in(html_text: str) -> list[str]:
    """Targets of the citation links in some HTML."""
    return re.findall(r'href="#([^"]+)"', html_text)


def ids_in(html_text: str) -> set[str]:
    """Element ids in some HTML."""
    return set(re.findall(r'\bid="([^"]+)"', html_text))


# -- chat messages --------------------------------------------------------------------------


def test_markers_become_links_to_the_cited_sentences():
    shown = render.render_answer(ANSWER, ARTICLES)
    assert anchors_in(shown).count(render.anchor("a1", 1)) == 2  # the [1] in the text and in the source list
    assert re.search(r'<a class="nq-cite" href="#nq-a1-1"[^>]*>\[1\]</a>', shown)
    assert "<strong>The ministry</strong>" in shown and "<em>the ministry (said)</em>" in shown


def test_escaped_brackets_and_markup_from_the_article_stay_text():
    shown = render.render_answer(ANSWER, ARTICLES)
    # "\[2\]" quoted from the article is text, and "[2]" after it is the real marker.
    assert "&lt;script&gt; [2] *no*" in shown
    assert shown.count('">[2]</a>') == 2  # the marker and its entry in the source list
    assert "<script" not in shown and "<admin>" not in shown


def test_a_marker_without_a_citation_stays_plain_text():
    shown = render.render_answer({**ANSWER, "answer": "“Quote.” [7]"}, {ONE.id: ONE})
    assert "“Quote.” [7]" in shown and "nq-cite" not in shown


@pytest.mark.parametrize(
    "markdown",
    [
        "<b>raw</b> html",
        "![pixel](http://example.com/x.png)",
        "[link](javascript:alert(1))",
        "<http://example.com>",
        "\ue0001\ue001 smuggled placeholder",
    ],
)
def test_answer_markdown_cannot_inject_html_links_or_images(markdown):
    shown = render.render_answer({**ANSWER, "answer": markdown}, ARTICLES)
    assert "<b>" not in shown and "<img" not in shown
    assert "javascript:" not in shown.replace("javascript:alert(1)", "")  # shown as text at most
    assert 'href="http' not in shown and "\ue000" not in shown


def test_several_articles_each_citation_names_its_article_outlet_and_date():
    shown = render.render_answer(ANSWER, ARTICLES)
    assert "Ministry warns &lt;b&gt;everyone&lt;/b&gt; (Wire &amp; Co, 2024-03-04)" in shown
    single = render.render_answer(ANSWER, {ONE.id: ONE})
    assert "nq-source-list" not in single


def test_abstention_looks_different_and_related_passages_are_not_an_answer():
    shown = render.render_answer(ABSTAINED, ARTICLES)
    assert 'class="nq-abstain"' in shown and "Not in the article" in shown
    assert "not an answer" in shown and "nq-cite" not in shown
    assert anchors_in(shown) == [render.anchor("b2", 1)]
    assert "nq-abstain" not in render.render_answer(ANSWER, ARTICLES)


def test_notice_is_shown():
    shown = render.render_answer({**ANSWER, "notice": "The question was cut <short>."}, ARTICLES)
    assert "The question was cut &lt;short&gt;." in shown


def test_messages_are_one_html_block_without_newlines():
    for shown in (
        render.render_answer(ANSWER, ARTICLES),
        render.render_answer(ABSTAINED, ARTICLES),
        render.render_sources(ARTICLES, SENTENCES),
        render.render_claims(ARTICLES, SENTENCES, CLAIMS),
        render.render_question("two\nlines"),
    ):
        assert "\n" not in shown


@given(st.text())
def test_any_question_is_shown_as_exactly_its_text(question):
    shown = render.render_question(question)
    inner = shown.removeprefix('<p class="nq-question">').removesuffix("</p>")
    assert "<" not in inner and ">" not in inner
    assert html.unescape(inner) == question.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


# -- the sources panel ----------------------------------------------------------------------


def test_sources_number_every_sentence_and_escape_the_article():
    panel = render.render_sources(ARTICLES, SENTENCES)
    assert {render.anchor(s.article_id, s.index) for s in SENTENCES} <= ids_in(panel)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;" in panel
    assert "<script" not in panel and "<img" not in panel and "<b>" not in panel
    assert '<h3 class="nq-headline">' in panel and "Wire &amp; Co · 2024-03-04" in panel


def test_cited_sentences_are_highlighted_with_their_numbers():
    panel = render.render_sources(ARTICLES, SENTENCES, render.Highlight.of(ANSWER))
    cited = re.findall(r'<span class="nq-s nq-cited" id="([^"]+)"', panel)
    assert cited == [render.anchor("a1", 1), render.anchor("a1", 2)]
    assert '<span class="nq-badge">[2]</span>' in panel
    # Every link in the answer points at an element of the panel.
    assert set(anchors_in(render.render_answer(ANSWER, ARTICLES))) <= ids_in(panel)


def test_with_many_articles_only_those_the_answer_points_into_are_open():
    many = {**ARTICLES, **{f"c{i}": Article(id=f"c{i}", text="", title=f"Other {i}") for i in range(3)}}
    panel = render.render_sources(many, SENTENCES, render.Highlight.of(ABSTAINED))
    opened = re.findall(r'<details class="nq-article" id="nq-article-(\w+)" open>', panel)
    assert opened == ["b2"]
    assert len(re.findall(r'<details class="nq-article"', panel)) == 5


def test_unsafe_article_ids_get_a_safe_anchor():
    target = render.anchor('x" onmouseover="alert(1)', 3)
    assert re.fullmatch(r"nq-[0-9a-f]{16}-3", target)
    assert render.anchor("abc_1-2", 0) == "nq-abc_1-2-0"


# -- who said what --------------------------------------------------------------------------


def test_claim_table_lists_attributed_sentences_only_and_rows_lead_to_them():
    table = render.render_claims(ARTICLES, SENTENCES, CLAIMS)
    rows = re.findall(r'<tr class="nq-claim-row" data-nq-target="([^"]+)"', table)
    assert rows == [render.anchor("a1", 1), render.anchor("a1", 2), render.anchor("b2", 1)]
    assert set(rows) <= ids_in(render.render_sources(ARTICLES, SENTENCES))
    assert "Vasko &lt;admin&gt;" in table and "(unnamed source)" in table
    # Several articles: rows grouped under each headline (with outlet and date).
    assert re.findall(r'<tr class="nq-claims-article"><th colspan="5">([^<]+)</th>', table) == [
        "Ministry warns &lt;b&gt;everyone&lt;/b&gt; (Wire &amp; Co, 2024-03-04)",
        "Second story",
    ]
    assert "nq-claims-article" not in render.render_claims({ONE.id: ONE}, SENTENCES[:4], CLAIMS[:4])
    assert "reported" in table and "quoted" in table


def test_claim_table_filters_by_speaker():
    table = render.render_claims(ARTICLES, SENTENCES, CLAIMS, "officials")
    assert table.count('class="nq-claim-row"') == 1 and "credited to officials" in table
    empty = render.render_claims(ARTICLES, SENTENCES, CLAIMS, "Nobody <x>")
    assert "No attributed sentences for Nobody &lt;x&gt;" in empty


def test_speakers_are_counted_most_first():
    claims = [*CLAIMS, Claim("b2", 2, "officials", "added", "indirect")]
    assert render.speakers(claims) == [("officials", 2), ("The ministry", 1), ("Vasko <admin>", 1)]


# -- uploads --------------------------------------------------------------------------------


def test_each_uploaded_file_gets_its_own_message():
    outcomes = [
        render.FileOutcome("good.txt", added=(ONE,)),
        render.FileOutcome("batch.jsonl", added=(TWO,), errors=(ArticleError("/tmp/gradio/x/batch.jsonl", "bad", 3),)),
        render.FileOutcome("same.txt"),
        render.FileOutcome("<evil>.txt", errors=(ArticleError("/tmp/gradio/y/<evil>.txt", "is empty"),)),
    ]
    shown = render.render_upload(outcomes, total_articles=3)
    assert [o.status for o in outcomes] == ["added", "partial", "duplicate", "rejected"]
    assert "good.txt</strong>: added 1 article: “Ministry warns &lt;b&gt;everyone&lt;/b&gt;”" in shown
    assert "line 3: bad" in shown and "already in the corpus" in shown
    assert "&lt;evil&gt;.txt</strong>: not added" in shown and "<li>is empty</li>" in shown
    assert "/tmp/gradio" not in shown  # the temporary upload path means nothing to the user
    assert "now holds 3 articles" in shown and "right away" in shown
