"""Segmentation: exact offsets, headline first, quotes kept with their sentence."""

from __future__ import annotations

import pytest

from corpus.loaders import article_from_text, load_corpus
from corpus.segment import pieces, segment


def _check_spans(article, sentences):
    """Offsets exact, in order, non-overlapping, covering everything but whitespace and Markdown marks."""
    assert sentences[0].index == 0 and sentences[0].paragraph == 0
    covered = [False] * len(article.text)
    last_end = 0
    for number, s in enumerate(sentences):
        assert s.index == number
        assert s.text == article.text[s.start : s.end]
        assert s.text == s.text.strip() and s.text
        assert s.start >= last_end
        last_end = s.end
        for i in range(s.start, s.end):
            covered[i] = True
    uncovered = "".join(ch for ch, c in zip(article.text, covered, strict=True) if not c)
    # Markdown's heading marks and the emphasis around a whole paragraph are not the article's words.
    assert not uncovered.strip("#*_ \n\t"), f"text outside any sentence: {uncovered!r}"


def test_seed_round_trip():
    article = load_corpus().articles[0]
    sentences = segment(article)
    _check_spans(article, sentences)
    assert sentences[0].text == "Russia calls for withdrawal of foreign mercenaries from Nagorno-Karabakh"
    assert len(sentences) == 14
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2, 2, 3, 3, 3, 3, 3, 4, 4, 5, 5]
    # The quote opened in the commentary sentence ends with the sentence that closes it.
    assert sentences[4].text.endswith('region."')


TRICKY = [
    (
        "Talks resume in Geneva\nThe U.S. envoy said talks would resume. He paid $4,000 for 1,500 tickets.",
        ["Talks resume in Geneva", "The U.S. envoy said talks would resume.", "He paid $4,000 for 1,500 tickets."],
    ),
    (
        'Minister speaks\n"We will not give up. We will win," the minister said. Then he left.',
        ["Minister speaks", '"We will not give up.', 'We will win," the minister said.', "Then he left."],
    ),
    (
        "Headline without a full stop\n\nFirst paragraph, wrapped\nover two lines. Second sentence.\n\nLast one",
        ["Headline without a full stop", "First paragraph, wrapped\nover two lines.", "Second sentence.", "Last one"],
    ),
    (
        '# Markdown headline\n\nShe said: "It is over." Officials agreed.',
        ["Markdown headline", 'She said: "It is over."', "Officials agreed."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_tricky_text(text, expected):
    article = article_from_text(text)
    sentences = segment(article)
    _check_spans(article, sentences)
    assert [s.text for s in sentences] == expected


def test_a_news_agency_dateline_opens_the_first_sentence():
    article = article_from_text(
        "Satellite lost\n\nASTANA, September 18. /Orda News Agency/. The launch of the satellite failed, "
        "the agency reported. It was noted that no one was hurt."
    )
    sentences = segment(article)
    _check_spans(article, sentences)
    assert [s.text for s in sentences][1:] == [
        "ASTANA, September 18. /Orda News Agency/. The launch of the satellite failed, the agency reported.",
        "It was noted that no one was hurt.",
    ]


def test_a_piece_opening_in_lower_case_after_no_full_stop_goes_on_with_its_sentence():
    # The small model cuts this quote after "a week".
    text = (
        'Waiting\n\n"I lost weight, I went to physiotherapy twice a week and I waited my turn. '
        + 'Nobody told me," he said.'
    )
    article = article_from_text(text)
    sentences = segment(article)
    _check_spans(article, sentences)
    assert '"I lost weight, I went to physiotherapy twice a week and I waited my turn.' in [s.text for s in sentences]


def test_paragraph_numbers_follow_blank_lines():
    text = "Title\n\nOne. Two.\n\nThree."
    assert [p.paragraph for p in pieces(text)] == [0, 1, 2]


def test_a_paragraph_in_markdown_emphasis_is_quoted_without_the_markers():
    article = article_from_text(
        "# Tower approved\n\n*By Rachel Cole, Reporter*\n\n**Plans were approved.** More *text* here."
    )
    sentences = segment(article)
    _check_spans(article, sentences)
    assert [s.text for s in sentences][:2] == ["Tower approved", "By Rachel Cole, Reporter"]
    assert "More *text* here." in [s.text for s in sentences]  # emphasis inside a paragraph stays verbatim


def test_long_paragraph_is_cut_but_offsets_stay_exact():
    text = "Long one\n" + " ".join([f"Word number {i} here." for i in range(12_000)])
    article = article_from_text(text)
    sentences = segment(article)
    _check_spans(article, sentences)
    assert len(sentences) > 10_000


@pytest.mark.parametrize(
    "dateline",
    ["MERRAN - ", "LINDFORD, May 3 (Northwire) - ", "March 12 (Balkan Dispatch Agency) - "],
)
def test_a_dateline_stays_with_the_sentence_it_opens(dateline):
    # spaCy's parser splits these datelines off as sentences of their own.
    text = f"Treasurer convicted\n{dateline}A former city treasurer was convicted on Tuesday of taking kickbacks."
    article = article_from_text(text)
    sentences = segment(article)
    _check_spans(article, sentences)
    assert [s.text for s in sentences][1:] == [text.split("\n")[1]]


def test_a_count_the_model_runs_into_the_datelines_date_is_a_count():
    # en_core_web_sm reads "July 23 - More than 3,200" as one DATE.
    text = (
        "Wildfire forces evacuations\n"
        "ATHENS, July 23 - More than 3,200 residents of the Achaia region were evacuated overnight, "
        "the Fire Service reported."
    )
    lede = segment(article_from_text(text))[1]
    assert "CARDINAL" in lede.entities
