"""Read articles from ``.txt``, ``.md``, ``.html`` and ``.jsonl`` files, or folders of them."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.errors import ArticleError, CorpusError
from corpus.records import Article

if TYPE_CHECKING:
    from markdown_it.token import Token

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
TEXT_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
DEFAULT_MAX_BYTES = 5_000_000
BUNDLED_ARTICLE = "000_c87b7926864de8b2.txt"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # also the start of UTF-32 byte order marks
# JSON escapes can encode half of a surrogate pair, which no UTF-8 file can hold.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class LoadResult:
    """Articles that loaded and one error per file (or JSONL line) that did not."""

    articles: tuple[Article, ...]
    errors: tuple[ArticleError, ...]


def article_id(text: str) -> str:
    """Stable id from the content: the same text always gets the same id."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def bundled_article_path() -> Path:
    """Path of the article shipped inside the package (the default corpus)."""
    return Path(str(resources.files("corpus") / "data" / BUNDLED_ARTICLE))


def headline_of(text: str) -> str:
    """First non-empty line, without Markdown heading marks."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()
    return ""


def _read_text(path: Path, max_bytes: int) -> str:
    """Read a UTF-8 text file, rejecting binary, oversized and empty files."""
    try:
        if not path.is_file():
            raise ArticleError(str(path), "is not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(str(path), f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        raise ArticleError(str(path), f"cannot read file ({err.strerror or err})") from err
    if len(raw) > max_bytes:
        raise ArticleError(str(path), f"file is over the limit of {max_bytes:,} bytes")
    if raw.startswith(UTF16_BOMS):
        raise ArticleError(str(path), "is UTF-16 or UTF-32 encoded; save it as UTF-8 and try again")
    if b"\x00" in raw[:8192]:
        raise ArticleError(str(path), "looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ArticleError(str(path), f"is not valid UTF-8 (byte {err.start}); save it as UTF-8 and try again") from err
    if not text.strip():
        raise ArticleError(str(path), "is empty")
    return text


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    published: str | None = None,
    path: str | None = None,
) -> Article:
    """Build an article; a separate ``title`` not already heading the text is put on top."""
    body = text.strip("\n") if title else text
    if title and headline_of(body) != title.strip():
        body = f"{title.strip()}\n{body}"
    if not body.strip():
        raise ArticleError(path or "<text>", "has no text")
    return Article(
        id=article_id(body),
        text=body,
        title=headline_of(body),
        source=source or None,
        url=url or None,
        published=published or None,
        path=path,
    )


def load_text_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """A ``.txt`` article kept byte for byte, or a ``.md`` one as the text it renders to; its first
    non-empty line is the headline."""
    text = _read_text(path, max_bytes)
    if text.startswith("\ufeff"):
        text = text[1:]
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        text = markdown_text(text)
        if not text.strip():
            raise ArticleError(str(path), "has no text once its Markdown is rendered")
    return Article(id=article_id(text), text=text, title=headline_of(text), path=str(path))


def markdown_text(markdown: str) -> str:
    """The words a Markdown article shows, one block per paragraph, without its markup.

    Links keep their text, emphasis and code their words; images, raw HTML and rules are not
    the article's words. A numbered list item keeps its number. A quote then reads as the
    article does on screen: "the ministry said" rather than "[the ministry said](https://...)".
    """
    from markdown_it import MarkdownIt

    blocks: list[str] = []
    number = ""
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "list_item_open" and token.info:
            number = f"{token.info}{token.markup} "
        elif token.type == "inline":
            words = "".join(_inline_text(child) for child in token.children or ()).strip()
            if words:
                blocks.append(number + words)
            number = ""
        elif token.type in {"fence", "code_block"} and token.content.strip():
            blocks.append(token.content.strip("\n"))
    return "\n\n".join(blocks) + "\n"


def _inline_text(token: Token) -> str:
    """One inline token's words: text and code as written, line breaks kept, markup dropped."""
    if token.type in {"text", "code_inline"}:
        return token.content
    if token.type in {"softbreak", "hardbreak"}:
        return "\n"
    return ""


def load_html_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Main text, title, outlet, date and URL of an HTML page, extracted by trafilatura."""
    import lxml.etree
    import trafilatura

    html = _read_text(path, max_bytes)
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
            # Only a date the page's markup states (meta tags, <time>, the URL): the extensive search
            # would take "© 2024" in a footer for the publication date.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (ValueError, TypeError, RecursionError, lxml.etree.LxmlError) as err:
        raise ArticleError(str(path), f"cannot parse this HTML ({type(err).__name__}: {err})") from err
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise ArticleError(str(path), "no article text found in this HTML page")
    title = getattr(doc, "title", None) or headline_of(body)
    return article_from_text(
        body,
        title=title,
        source=getattr(doc, "sitename", None),
        url=getattr(doc, "url", None),
        published=getattr(doc, "date", None),
        path=str(path),
    )


def iter_jsonl_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ArticleError]:
    """One article per line (``text`` plus optional ``title``, ``source``, ``url``, ``published``).

    A bad line yields an :class:`ArticleError` naming the line; the other lines still load.
    """
    content = _read_text(path, max_bytes)
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield ArticleError(str(path), f"invalid JSON ({err.msg})", line=number)
            continue
        except RecursionError:
            yield ArticleError(str(path), "invalid JSON (nested too deeply)", line=number)
            continue
        if not isinstance(record, dict):
            yield ArticleError(str(path), "expected a JSON object", line=number)
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield ArticleError(str(path), 'missing or empty "text" field', line=number)
            continue
        meta = {key: record.get(key) for key in ("title", "source", "url", "published")}
        bad = [key for key, value in meta.items() if value is not None and not isinstance(value, str)]
        if bad:
            yield ArticleError(str(path), f'field "{bad[0]}" must be a string', line=number)
            continue
        text, meta = _whole(text), {key: _whole(value) if value else value for key, value in meta.items()}
        yield article_from_text(text, **meta, path=f"{path}:{number}")


def _whole(text: str) -> str:
    """``text`` with each unpaired surrogate replaced by U+FFFD, so it can be saved as UTF-8."""
    return LONE_SURROGATE.sub("\ufffd", text)


def _files_under(path: Path) -> list[Path]:
    """Supported files in a folder, recursively, in a stable order."""
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not p.name.startswith(".")
    )


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article | ArticleError]:
    """Articles (or per-line errors) from one file; raises :class:`ArticleError` if it is unusable."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return [load_text_file(path, max_bytes)]
    if suffix in HTML_SUFFIXES:
        return [load_html_file(path, max_bytes)]
    if suffix in JSONL_SUFFIXES:
        return list(iter_jsonl_file(path, max_bytes))
    supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
    raise ArticleError(str(path), f"unsupported file type {suffix or '(none)'!r}; use one of {supported}")


def load_paths(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Load every file and folder given; each bad file becomes one error, the rest still load.

    Duplicate articles (same text) are kept once.
    """
    articles: dict[str, Article] = {}
    errors: list[ArticleError] = []
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            errors.append(ArticleError(str(path), "no such file or folder"))
            continue
        files = _files_under(path) if path.is_dir() else [path]
        if path.is_dir() and not files:
            errors.append(ArticleError(str(path), "folder holds no .txt, .md, .html or .jsonl files"))
        for file in files:
            try:
                loaded = load_file(file, max_bytes)
            except ArticleError as err:
                errors.append(err)
                continue
            for item in loaded:
                if isinstance(item, ArticleError):
                    errors.append(item)
                else:
                    articles.setdefault(item.id, item)
    return LoadResult(tuple(articles.values()), tuple(errors))


def load_corpus(paths: Iterable[str | Path] | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """The given paths, or the bundled article when none are given; raises if nothing loads."""
    chosen = list(paths) if paths else [bundled_article_path()]
    result = load_paths(chosen, max_bytes)
    if not result.articles:
        detail = "; ".join(str(err) for err in result.errors) or "no paths given"
        raise CorpusError(f"no article could be loaded: {detail}")
    return result
