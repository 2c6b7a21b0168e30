"""Loaders: text, Markdown, HTML, JSONL, folders, and clear errors for broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import ArticleError, CorpusError
from corpus.loaders import article_id, bundled_article_path, load_corpus, load_file, load_paths
from corpus.segment import segment

SEED_SHARED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_c87b7926864de8b2.txt"
DATA = Path(__file__).resolve().parents[1] / "data"


def test_bundled_article_is_byte_for_byte():
    bundled = bundled_article_path().read_bytes()
    if SEED_SHARED.exists():
        assert bundled == SEED_SHARED.read_bytes()
    assert not bundled.endswith(b"\n")
    article = load_corpus().articles[0]
    assert article.text.encode() == bundled
    assert article.title.startswith("Russia calls for withdrawal")


def test_ids_are_stable_and_content_derived(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "sub" / "b.txt"
    b.parent.mkdir()
    a.write_text("Title\nSame body.")
    b.write_text("Title\nSame body.")
    first = load_file(a)[0]
    assert first.id == load_file(b)[0].id == article_id("Title\nSame body.")
    # Duplicates load once.
    assert len(load_paths([tmp_path]).articles) == 1


def test_markdown_headline(tmp_path):
    path = tmp_path / "story.md"
    path.write_text("\n\n# The headline\n\nBody text here.\n")
    article = load_file(path)[0]
    assert article.title == "The headline"
    assert article.text == "The headline\n\nBody text here.\n"


def test_markdown_is_read_as_the_text_it_renders_to(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Port *reopens*\n\n_By Ann Roe_\n\n![Cranes at dawn](cranes.jpg)\n\n"
        "The port reopened, [the ministry said](https://example.org/x) on **Monday**.\n"
        "Ships \\*may\\* dock.\n\n1. First berth\n2. Second berth\n\n<div>Advert</div>\n"
    )
    article = load_file(path)[0]
    assert article.title == "Port reopens"
    assert article.text == (
        "Port reopens\n\nBy Ann Roe\n\nThe port reopened, the ministry said on Monday.\nShips *may* dock.\n\n"
        "1. First berth\n\n2. Second berth\n"
    )
    quoted = [s.text for s in segment(article)]
    assert "The port reopened, the ministry said on Monday." in quoted


def test_markdown_with_only_markup_is_refused(tmp_path):
    path = tmp_path / "pictures.md"
    path.write_text("![one](a.png)\n\n---\n\n<img src='b.png'>\n")
    with pytest.raises(ArticleError, match="no text once its Markdown is rendered"):
        load_file(path)


def test_html_extracts_text_and_metadata():
    article = load_file(DATA / "styles" / "karsenia_summons_envoy.html")[0]
    assert article.title
    assert article.source
    assert article.published
    assert "cookie" not in article.text.lower()
    assert article.text.splitlines()[0] == article.title


def test_html_without_a_stated_date_gets_none(tmp_path):
    # A copyright year in the footer is not the publication date.
    path = tmp_path / "page.html"
    body = " ".join(["The council met on Monday and voted to close the old bridge for repairs."] * 4)
    path.write_text(
        f"<html><head><title>Bridge to close</title></head><body><article><h1>Bridge to close</h1>"
        f"<p>{body}</p><p>{body}</p></article><footer><p>&copy; 2019 The Gazette</p></footer></body></html>"
    )
    assert load_file(path)[0].published is None


def test_jsonl_metadata_and_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(
        '{"text": "Body one. More.", "title": "One", "source": "Wire", "published": "2020-09-30", "url": "http://x"}\n'
        "not json\n"
        '{"title": "no text"}\n'
        '{"text": "Headline two\\nBody two."}\n'
    )
    items = load_file(path)
    articles = [i for i in items if not isinstance(i, ArticleError)]
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert [a.title for a in articles] == ["One", "Headline two"]
    assert articles[0].source == "Wire" and articles[0].published == "2020-09-30"
    assert articles[0].text.startswith("One\n")
    assert [e.line for e in errors] == [2, 3]
    assert "line 2" in str(errors[0]) and "invalid JSON" in str(errors[0])


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n ", "is empty"),
        ("binary.txt", b"\x00\x01\x02PNG", "binary"),
        ("latin1.txt", "Caf\u00e9 news".encode("latin-1"), "not valid UTF-8"),
        ("slides.pdf", b"%PDF-1.4", "unsupported file type"),
        ("nothing.html", b"<html><body><script>x()</script></body></html>", "no article text"),
    ],
)
def test_broken_files_name_the_file(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=message) as info:
        load_file(path)
    assert name in str(info.value)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Headline\n" + "word " * 1000)
    with pytest.raises(ArticleError, match="over the limit"):
        load_file(path, max_bytes=100)


def test_bad_files_do_not_stop_good_ones(tmp_path):
    (tmp_path / "good.txt").write_text("Good headline\nGood body.")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    result = load_paths([tmp_path, tmp_path / "missing.txt"])
    assert [a.title for a in result.articles] == ["Good headline"]
    assert len(result.errors) == 2
    assert any("no such file" in str(e) for e in result.errors)


def test_nothing_loads_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no article could be loaded"):
        load_corpus([tmp_path / "nope.txt"])
