"""HTML for the chat: answers with clickable [n] markers, the articles beside them, who said what.

Every piece of article or user text goes through :func:`html.escape` here, so nothing a user
uploads or types is ever interpreted as HTML. The output holds no newline: the chatbot's
Markdown renderer then takes each message as one raw HTML block and leaves it alone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

    from corpus.errors import ArticleError
    from corpus.records import Article, Claim, Sentence

# A [n] marker not preceded by a backslash escape (escapes are consumed first, pair by pair).
_MARKER_OR_ESCAPE = re.compile(r"\\.|\[(\d+)\]", re.DOTALL)
# Private-use characters stand in for markers while the Markdown is rendered.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
KIND_LABELS = {"direct": "quoted", "indirect": "reported", "narration": "narration"}


def _e(text: object) -> str:
    """HTML-escaped text, quotes included (safe in attributes too)."""
    return escape(str(text), quote=True)


def _oneline(html: str) -> str:
    """Join lines so Markdown sees one HTML block (a blank line would end it)."""
    return html.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def article_key(article_id: str) -> str:
    """A token safe in an HTML id for this article (the id itself when it already is)."""
    if _SAFE_ID.fullmatch(article_id):
        return article_id
    return hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def anchor(article_id: str, sentence: int) -> str:
    """HTML id of one sentence in the sources panel: what a citation link points at."""
    return f"nq-{article_key(article_id)}-{sentence}"


def article_label(article: Article) -> str:
    """Headline with outlet and date when known (plain text, not escaped)."""
    extras = [part for part in (article.source, article.published) if part]
    return f"{article.title} ({', '.join(extras)})" if extras else article.title


# -- chat messages --------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """A CommonMark renderer that can only emit text formatting: no raw HTML, links or images."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["html_block", "html_inline", "link", "image", "autolink", "reference"])
    return md


def markdown_to_html(text: str, markers: Mapping[int, str] | None = None) -> str:
    """Render the answer's Markdown to HTML, turning each [n] marker into its ``markers[n]`` HTML.

    Escaped brackets (``\\[1\\]``, quoted from an article) stay text; markers without an entry
    stay plain ``[n]``.
    """
    markers = markers or {}
    source = text.replace(_OPEN, "").replace(_CLOSE, "")

    def mark(match: re.Match[str]) -> str:
        number = match.group(1)
        return match.group(0) if number is None else f"{_OPEN}{number}{_CLOSE}"

    html = _markdown().render(_MARKER_OR_ESCAPE.sub(mark, source))
    return _PLACEHOLDER.sub(lambda m: markers.get(int(m.group(1)), f"[{m.group(1)}]"), html).strip()


def cite_link(n: int, citation: Mapping[str, Any], articles: Mapping[str, Article]) -> str:
    """The clickable [n]: jumps to and highlights the sentence in the sources panel."""
    target = anchor(citation["article"], citation["sentence"])
    article = articles.get(citation["article"])
    where = f"sentence {citation['sentence']}"
    if article is not None and len(articles) > 1:
        where += f" of “{article_label(article)}”"
    return (
        f'<a class="nq-cite" href="#{target}" '
        f'title="Show {_e(where)}" aria-label="citation {n}: show {_e(where)}">[{n}]</a>'
    )


def _source_item(citation: Mapping[str, Any], articles: Mapping[str, Article]) -> str:
    """One line of the sources list under an answer: [n], the article, the sentence number."""
    target = anchor(citation["article"], citation["sentence"])
    article = articles.get(citation["article"])
    label = article_label(article) if article is not None else citation.get("title") or citation["article"]
    return (
        f'<li><a class="nq-cite" href="#{target}">[{citation["n"]}]</a> '
        f'<span class="nq-source-title">{_e(label)}</span>'
        f' <span class="nq-source-where">· sentence {int(citation["sentence"])}</span></li>'
    )


def render_question(question: str) -> str:
    """The user's message, shown as text."""
    return _oneline(f'<p class="nq-question">{_e(question)}</p>')


def render_answer(answer: Mapping[str, Any], articles: Mapping[str, Article]) -> str:
    """An answer contract as chat HTML: quotes with clickable [n], sources when several articles.

    An abstention is drawn as a distinct notice, and its closest passages are listed as
    explicitly not an answer.
    """
    citations = {int(c["n"]): c for c in answer.get("citations") or []}
    links = {n: cite_link(n, c, articles) for n, c in citations.items()}
    parts: list[str] = []
    if answer.get("notice"):
        parts.append(f'<p class="nq-notice">{_e(answer["notice"])}</p>')
    body = markdown_to_html(str(answer.get("answer") or ""), links)
    if answer.get("abstained"):
        parts.append(
            '<div class="nq-abstain" role="note"><p class="nq-abstain-label">'
            '<span aria-hidden="true">∅</span> Not in the article</p>'
            f"{body}</div>"
        )
        related = answer.get("related") or []
        if related:
            items = "".join(_related_item(c, articles) for c in related)
            parts.append(
                '<details class="nq-related"><summary>Closest passages — not an answer</summary>'
                f"<ul>{items}</ul></details>"
            )
    else:
        parts.append(f'<div class="nq-quotes">{body}</div>')
        if len(articles) > 1 and citations:
            items = "".join(_source_item(c, articles) for _, c in sorted(citations.items()))
            parts.append(f'<ol class="nq-source-list" aria-label="Sources">{items}</ol>')
    return _oneline(f'<div class="nq-answer">{"".join(parts)}</div>')


def _related_item(citation: Mapping[str, Any], articles: Mapping[str, Article]) -> str:
    """A passage close to an unanswered question, with a link to it (not a citation)."""
    target = anchor(citation["article"], citation["sentence"])
    article = articles.get(citation["article"])
    where = f"sentence {int(citation['sentence'])}"
    if article is not None and len(articles) > 1:
        where = f"{article_label(article)}, {where}"
    return f'<li><a class="nq-goto" href="#{target}">{_e(where)}</a>: <q>{_e(citation["text"])}</q></li>'


def render_reply(text: str) -> str:
    """A short message of our own in the chat (e.g. asking for a question)."""
    return _oneline(f'<div class="nq-answer"><p class="nq-reply">{_e(text)}</p></div>')


# -- the sources panel ----------------------------------------------------------------------


@dataclass(frozen=True)
class Highlight:
    """What the latest answer points at: cited sentences (with their [n]) and related ones."""

    cited: Mapping[tuple[str, int], tuple[int, ...]]
    related: frozenset[tuple[str, int]] = frozenset()

    @classmethod
    def of(cls, answer: Mapping[str, Any] | None) -> Highlight:
        """The highlight for an answer contract (nothing for ``None``)."""
        cited: dict[tuple[str, int], tuple[int, ...]] = {}
        if not answer:
            return cls({})
        for c in answer.get("citations") or []:
            key = (c["article"], int(c["sentence"]))
            cited[key] = (*cited.get(key, ()), int(c["n"]))
        related = frozenset((c["article"], int(c["sentence"])) for c in answer.get("related") or [])
        return cls(cited, related)

    def articles(self) -> set[str]:
        """Ids of the articles the answer points into."""
        return {a for a, _ in self.cited} | {a for a, _ in self.related}


def _sentence_html(sentence: Sentence, highlight: Highlight) -> str:
    """One numbered sentence, marked when the latest answer cites it."""
    key = (sentence.article_id, sentence.index)
    classes = ["nq-s"]
    badge = ""
    if key in highlight.cited:
        classes.append("nq-cited")
        badge = "".join(f'<span class="nq-badge">[{n}]</span>' for n in highlight.cited[key])
    elif key in highlight.related:
        classes.append("nq-related-s")
    return (
        f'<span class="{" ".join(classes)}" id="{anchor(*key)}" data-sentence="{sentence.index}">'
        f'<sup class="nq-num">{sentence.index}</sup>{badge}{_e(sentence.text)}</span>'
    )


def render_article(article: Article, sentences: Sequence[Sentence], highlight: Highlight, open_: bool) -> str:
    """One article: headline, outlet and date, then its sentences by paragraph."""
    headline = next((s for s in sentences if s.index == 0), None)
    meta = [part for part in (article.source, article.published, article.url) if part]
    meta_html = f'<div class="nq-meta">{_e(" · ".join(meta))}</div>' if meta else ""
    title = _sentence_html(headline, highlight) if headline else _e(article.title)
    paragraphs: dict[int, list[str]] = {}
    for sentence in sentences:
        if sentence is not headline:
            paragraphs.setdefault(sentence.paragraph, []).append(_sentence_html(sentence, highlight))
    body = "".join(f'<p class="nq-par">{" ".join(items)}</p>' for _, items in sorted(paragraphs.items()))
    return (
        f'<details class="nq-article" id="nq-article-{article_key(article.id)}"{" open" if open_ else ""}>'
        f'<summary><h3 class="nq-headline">{title}</h3>{meta_html}</summary>{body}</details>'
    )


def render_sources(
    articles: Mapping[str, Article], sentences: Iterable[Sentence], highlight: Highlight | None = None
) -> str:
    """The articles as numbered sentences; the latest answer's sentences highlighted.

    With one or two articles all are open; with more, only those the answer points into.
    """
    highlight = highlight or Highlight({})
    by_article: dict[str, list[Sentence]] = {article_id: [] for article_id in articles}
    for sentence in sentences:
        if sentence.article_id in by_article:
            by_article[sentence.article_id].append(sentence)
    pointed = highlight.articles()
    few = len(articles) <= 2
    blocks = [
        render_article(article, by_article[article_id], highlight, few or article_id in pointed)
        for article_id, article in articles.items()
    ]
    count = f"{len(articles)} article{'s' if len(articles) != 1 else ''}"
    sentence_count = sum(len(v) for v in by_article.values())
    hint = "Click a [n] in an answer to jump to its sentence."
    return _oneline(
        f'<div class="nq-sources" aria-label="Articles"><div class="nq-sources-head">{count}, '
        f'{sentence_count} numbered sentences. {hint}</div><div class="nq-sources-body">{"".join(blocks)}</div></div>'
    )


# -- who said what --------------------------------------------------------------------------


def speakers(claims: Iterable[Claim]) -> list[tuple[str, int]]:
    """Every named speaker with how many sentences it is credited with, most first."""
    counts: dict[str, int] = {}
    for claim in claims:
        if claim.speaker:
            counts[claim.speaker] = counts.get(claim.speaker, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))


def _matches(claim: Claim, speaker: str | None) -> bool:
    """True when the claim is credited to ``speaker`` (any speaker when ``None``)."""
    if not claim.speaker:
        return False
    return speaker is None or claim.speaker == speaker


def render_claims(
    articles: Mapping[str, Article],
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    speaker: str | None = None,
) -> str:
    """The who-said-what table (speaker, cue, sentence, quote); a row leads to its sentence.

    With several articles the rows are grouped under each article's headline.
    """
    groups: dict[str, list[str]] = {}
    for sentence, claim in zip(sentences, claims, strict=True):
        if not _matches(claim, speaker) or sentence.article_id not in articles:
            continue
        target = anchor(sentence.article_id, sentence.index)
        who = _e(claim.speaker) + (' <span class="nq-anon">(unnamed source)</span>' if claim.anonymous else "")
        groups.setdefault(sentence.article_id, []).append(
            f'<tr class="nq-claim-row" data-nq-target="{target}" title="Show this sentence in the article">'
            f"<td>{who}</td><td>{_e(claim.cue or '—')}</td>"
            f"<td>{_e(KIND_LABELS.get(claim.kind, claim.kind))}</td>"
            f'<td><a class="nq-goto" href="#{target}">{sentence.index}</a></td>'
            f'<td class="nq-quote">{_e(sentence.text)}</td></tr>'
        )
    count = sum(len(rows) for rows in groups.values())
    if not count:
        who = f" for {_e(speaker)}" if speaker else ""
        return f'<div class="nq-claims"><p class="nq-empty">No attributed sentences{who}.</p></div>'
    bodies = []
    for article_id, rows in groups.items():
        heading = ""
        if len(articles) > 1:
            label = _e(article_label(articles[article_id]))
            heading = f'<tr class="nq-claims-article"><th colspan="5">{label}</th></tr>'
        bodies.append(f"<tbody>{heading}{''.join(rows)}</tbody>")
    head = "<tr><th>Speaker</th><th>Cue</th><th>How</th><th>Sentence</th><th>Quote</th></tr>"
    caption = f"{count} attributed sentence{'s' if count != 1 else ''}"
    if speaker:
        caption += f" credited to {_e(speaker)}"
    return _oneline(
        f'<div class="nq-claims"><table class="nq-claims-table"><caption>{caption}. '
        f"Click a row to see the sentence in its article.</caption><thead>{head}</thead>"
        f"{''.join(bodies)}</table></div>"
    )


# -- adding articles ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileOutcome:
    """What became of one uploaded file."""

    name: str
    added: tuple[Article, ...] = ()
    errors: tuple[ArticleError, ...] = ()

    @property
    def status(self) -> str:
        """``added``, ``partial`` (some JSONL lines rejected), ``rejected`` or ``duplicate``."""
        if self.added and self.errors:
            return "partial"
        if self.added:
            return "added"
        return "rejected" if self.errors else "duplicate"


def _error_text(error: ArticleError) -> str:
    """An article error without the temporary upload path, which means nothing to the user."""
    reason = getattr(error, "reason", None) or str(error)
    line = getattr(error, "line", None)
    return f"line {line}: {reason}" if line is not None else str(reason)


def render_upload(outcomes: Sequence[FileOutcome], total_articles: int) -> str:
    """One message per uploaded file: what was added, or why it was rejected."""
    icons = {"added": "✓", "partial": "✓", "duplicate": "=", "rejected": "✗"}
    items: list[str] = []
    for outcome in outcomes:
        status = outcome.status
        if status in ("added", "partial"):
            titles = ", ".join(f"“{_e(a.title)}”" for a in outcome.added[:5])
            more = f" and {len(outcome.added) - 5} more" if len(outcome.added) > 5 else ""
            detail = f"added {len(outcome.added)} article{'s' if len(outcome.added) != 1 else ''}: {titles}{more}"
        elif status == "duplicate":
            detail = "already in the corpus; nothing new to add"
        else:
            detail = "not added"
        problems = "".join(f"<li>{_e(_error_text(err))}</li>" for err in outcome.errors)
        problems_html = f'<ul class="nq-file-errors">{problems}</ul>' if problems else ""
        items.append(
            f'<li class="nq-file nq-file-{status}">'
            f'<span class="nq-file-icon" aria-hidden="true">{icons[status]}</span> '
            f'<strong class="nq-file-name">{_e(outcome.name)}</strong>: {detail}{problems_html}</li>'
        )
    summary = f"The corpus now holds {total_articles} article{'s' if total_articles != 1 else ''}."
    if any(o.added for o in outcomes):
        summary += " New articles can be asked about right away."
    return _oneline(f'<div class="nq-upload"><ul>{"".join(items)}</ul><p>{summary}</p></div>')
