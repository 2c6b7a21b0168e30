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


def attribution(citation: Citation, anonymous: bool = False) -> str:
    """Our words naming the source: "Armenia, claims", or that the article itself states it."""
    if not citation.speaker:
        return "the article, no source named"
    who = f"{citation.speaker} (unnamed source)" if anonymous else citation.speaker
    return f"{who}, {citation.cue}" if citation.cue else who


def quote_line(citation: Citation, source: str | None, anonymous: bool = False) -> str:
    """One quoted sentence with its marker and attribution, our words in italics."""
    where = f" · {md_escape(source)}" if source else ""
    return f"“{md_escape(citation.text)}” [{citation.n}] — *{md_escape(attribution(citation, anonymous))}{where}*"


def lead_line(lead: str, citation: Citation, source: str | None) -> str:
    """A who-question's direct answer: the source in bold, then its quote."""
    where = f" · {md_escape(source)}" if source else ""
    cue = f" — *{md_escape(citation.cue)}{where}*" if citation.cue else (f" — *{where.strip(' ·')}*" if where else "")
    return f"**{md_escape(lead)}** — “{md_escape(citation.text)}” [{citation.n}]{cue}"


def compose(index: SentenceIndex, question: str, selection: Selection, notice: str | None = None) -> Answer:
    """The answer for ``selection``: quotes only, or a plain statement that the corpus does not say."""
    multi = len(index.articles) > 1
    if selection.abstained:
        related = tuple(_citation(index, n, row, 0.0) for n, row in enumerate(selection.related, start=1))
        subject = "The articles do" if multi else "The article does"
        why = f" *({md_escape(selection.reason)}.)*" if selection.reason else ""
        return Answer(question, f"{subject} not say.{why}", True, (), related, notice)
    citations = tuple(
        _citation(index, n, row, score)
        for n, (row, score) in enumerate(zip(selection.rows, selection.scores, strict=True), start=1)
    )
    lines = []
    for citation, row in zip(citations, selection.rows, strict=True):
        source = index.articles[citation.article].label if multi else None
        if selection.lead and citation.n == 1:
            lines.append(lead_line(selection.lead, citation, source))
        else:
            lines.append(quote_line(citation, source, index.claims[row].anonymous))
    return Answer(question, "\n\n".join(lines), False, citations, (), notice)
