"""Turn chosen sentences into the answer: quotes, [n] markers and attributions, nothing else."""

from __future__ import annotations

import re

from assistant.answer import Answer, Citation
from assistant.select import Selection
from index.store import SentenceIndex

# Characters Markdown (or HTML inside it) would interpret mid-line; quotes never start a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
# A line break inside a quote would let the next line start a heading, list or code block.
_LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*")


def md_escape(text: str) -> str:
    """Show ``text`` literally in Markdown: no links, emphasis, HTML or headings (line breaks become spaces)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def _citation(index: SentenceIndex, n: int, row: int, score: float) -> Citation:
    """The contract's citation for one sentence row."""
    sentence = index.sentences[row]
    claim = index.claims[row]
    article = index.articles[sentence.article_id]
    return Citation(
        n=n,
        article=article.id,
        title=article.title,
        sentence=sentence.index,
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
        speaker=claim.speaker,
        cue=claim.cue,
        score=round(float(score), 4),
    )


def attribution(citation: Citation) -> str:
    """Our words naming the source: "Armenia (claims)", or that the article states it."""
    if citation.speaker:
        return f"{citation.speaker} ({citation.cue})" if citation.cue else citation.speaker
    return "the article's own reporting"


def quote_line(citation: Citation, multi_article: bool) -> str:
    """One quoted sentence with its marker and attribution, our words in italics."""
    source = f" · {md_escape(citation.title)}" if multi_article else ""
    return f"“{md_escape(citation.text)}” [{citation.n}] — *{md_escape(attribution(citation))}{source}*"


def compose(index: SentenceIndex, question: str, selection: Selection, notice: str | None = None) -> Answer:
    """The answer for ``selection``: quotes only, or a plain statement that the corpus does not say."""
    multi = len(index.articles) > 1
    if selection.abstained:
        related = tuple(_citation(index, n, row, 0.0) for n, row in enumerate(selection.related, start=1))
        subject = "The articles do" if multi else "The article does"
        return Answer(question, f"{subject} not say.", True, (), related, notice)
    citations = tuple(
        _citation(index, n, row, score)
        for n, (row, score) in enumerate(zip(selection.rows, selection.scores, strict=True), start=1)
    )
    lines = []
    if selection.lead:
        lines.append(f"**{md_escape(selection.lead)}**")
    lines.extend(quote_line(c, multi) for c in citations)
    return Answer(question, "\n\n".join(lines), False, citations, (), notice)
