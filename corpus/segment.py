"""Split an article into a headline and sentences with exact character offsets.

spaCy's dependency parse finds the boundaries; a few repairs keep quotation marks with the
sentence they close and a wire dateline ("PARIS (AP) -") with the sentence it opens.
Every sentence satisfies ``text == article.text[start:end]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus.records import Article, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
CLOSING_QUOTES = "\"”’'»"
# spaCy parses paragraphs; longer ones are cut at whitespace so memory stays bounded.
MAX_PIECE_CHARS = 50_000


# A wire dateline: "ASTREL, Velmora, March 5 (Meridian) - ", "PARIS (AP) — " or, with no place,
# "March 12 (Reuters) - "; or a news agency's: "ASTANA, September 18. /Orda News Agency/. ".
DATELINE = re.compile(
    r"^(?:(?:[A-Z][A-Z .'’-]{1,40}(?:,[^\n]{0,60}?)?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\s*)"
    r"(?:\([^)\n]{1,40}\))?\s+[-–—]{1,2}\s+"
    r"|[A-Z][A-Z .'’-]{1,40},[^\n/.]{1,30}\.\s*/[^/\n]{1,60}/\.?\s+)"
)


def dateline_end(text: str) -> int:
    """Length of the wire dateline opening ``text`` (0 when there is none)."""
    match = DATELINE.match(text)
    return match.end() if match else 0


def story_entities(span: Span) -> list[Span]:
    """The span's named entities, with one the model ran across the wire dateline cut at it.

    "ATHENS, July 23 - More than 3,200 residents ...": the small model reads "July 23 - More than
    3,200" as one DATE; the count after the dash is a CARDINAL of its own.
    """
    from spacy.tokens import Span as EntitySpan

    story = span.start_char + dateline_end(span.text)
    entities = []
    for ent in span.ents:
        if ent.start_char < story < ent.end_char:
            after = [t for t in ent if t.idx >= story]
            if after and any(t.like_num for t in after):
                cut = span.doc[after[0].i : ent.end]
                entities.append(EntitySpan(span.doc, cut.start, cut.end, label="CARDINAL"))
                continue
        entities.append(ent)
    return entities


@dataclass(frozen=True)
class Piece:
    """A stretch of the article parsed as one spaCy doc: the headline or (part of) a paragraph."""

    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class ParsedSentence:
    """A sentence with the spaCy span it came from (for attribution and entities)."""

    sentence: Sentence
    span: Span


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` so it neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _unemphasised(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a paragraph set in Markdown emphasis ("*By Ann Roe, Reporter*") to its words."""
    while end - start > 2 and text[start] in "*_" and text[end - 1] == text[start]:
        start, end = _trimmed(text, start + 1, end - 1)
    return start, end


def _cut(text: str, start: int, end: int, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """Cut an over-long stretch at whitespace (or hard, when there is none)."""
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        cut = cut if cut > start else start + limit
        yield start, cut
        start = cut
    yield start, end


def pieces(text: str) -> list[Piece]:
    """Headline (paragraph 0) and paragraphs of ``text``.

    Paragraphs are separated by blank lines when the text has any (wrapped Markdown), otherwise
    by single newlines (one paragraph per line, like wire copy).
    """
    separator = BLANK_LINE if BLANK_LINE.search(text.strip()) else re.compile(r"\n")
    found: list[Piece] = []
    position = 0
    bounds = [(m.start(), m.end()) for m in separator.finditer(text)] + [(len(text), len(text))]
    for sep_start, sep_end in bounds:
        start, end = _trimmed(text, position, sep_start)
        position = sep_end
        if start >= end:
            continue
        if not found:
            line_end = text.find("\n", start, end)
            head_end = end if line_end < 0 else line_end
            head_start = start
            while head_start < head_end and text[head_start] in "# \t":
                head_start += 1
            head_start, head_end = _trimmed(text, head_start, head_end)
            if head_start < head_end:
                found.append(Piece(0, head_start, head_end))
            start, end = _trimmed(text, head_end, end)
            if start >= end:
                continue
        start, end = _unemphasised(text, start, end)
        number = max((p.paragraph for p in found), default=-1) + 1
        found.extend(Piece(number, a, b) for a, b in _cut(text, start, end))
    return found


def _is_closing_fragment(fragment: str) -> bool:
    """A stray piece that only closes the previous sentence (a quote mark, a bracket)."""
    return (
        bool(fragment)
        and all(ch in CLOSING_QUOTES + ")]" or not ch.isalnum() for ch in fragment)
        and not any(ch.isalnum() for ch in fragment)
    )


def _continues(text: str, previous_end: int, start: int) -> bool:
    """A piece that goes on with the sentence before it: "... twice a week | and I waited my turn."

    The small model sometimes cuts where no sentence ends; a sentence never opens in lower case
    after one that has no closing punctuation.
    """
    closed = text[previous_end - 1] in ".!?:;" + CLOSING_QUOTES + ")]"
    return not closed and text[start].islower() and text[previous_end:start].strip() == ""


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """spaCy sentence spans, trimmed, with closing quotation marks moved to the sentence they close."""
    text = doc.text
    bounds = [_trimmed(text, s.start_char, s.end_char) for s in doc.sents]
    bounds = [(a, b) for a, b in bounds if a < b]
    merged: list[tuple[int, int]] = []
    for start, end in bounds:
        if merged:
            fragment = text[start:end]
            previous_start = merged[-1][0]
            if dateline_end(text[previous_start:]) >= merged[-1][1] - previous_start:
                # "HALVERSTON -" or "ASTANA, May 14. /Steppe" split off: the dateline opens the sentence after it.
                merged[-1] = (previous_start, end)
                continue
            if _is_closing_fragment(fragment) or _continues(text, merged[-1][1], start):
                merged[-1] = (merged[-1][0], end)
                continue
            # A leading closing quote right after the previous sentence's final punctuation.
            if (
                text[start] in CLOSING_QUOTES
                and text[start - 1] in ".!?"
                and (end - start == 1 or text[start + 1].isspace())
            ):
                merged[-1] = (merged[-1][0], start + 1)
                start, end = _trimmed(text, start + 1, end)
                if start >= end:
                    continue
        merged.append((start, end))
    return merged


def _parsed_sentences(article: Article, parsed: Iterable[tuple[Piece, Doc]]) -> list[ParsedSentence]:
    """Sentence records for one article's parsed pieces, numbered in order."""
    out: list[ParsedSentence] = []
    for piece, doc in parsed:
        for start, end in _sentence_bounds(doc):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:  # unreachable with "expand", kept for type narrowing
                continue
            a, b = piece.start + start, piece.start + end
            labels = tuple(sorted({ent.label_ for ent in story_entities(span)}))
            sentence = Sentence(article.id, len(out), piece.paragraph, a, b, article.text[a:b], labels)
            out.append(ParsedSentence(sentence, span))
    return out


def parse_articles(
    articles: Iterable[Article], nlp: Language, batch_size: int = 64
) -> Iterator[tuple[Article, list[ParsedSentence]]]:
    """Parse articles with spaCy in batches, yielding each with its sentences."""
    for article in articles:
        article_pieces = pieces(article.text)
        texts = (article.text[p.start : p.end] for p in article_pieces)
        docs = nlp.pipe(texts, batch_size=batch_size)
        yield article, _parsed_sentences(article, zip(article_pieces, docs, strict=True))


def segment(article: Article, nlp: Language | None = None) -> list[Sentence]:
    """The article's sentences, headline first (index 0)."""
    if nlp is None:
        from corpus.nlp import load_nlp

        nlp = load_nlp()
    ((_, parsed),) = parse_articles([article], nlp)
    return [p.sentence for p in parsed]
