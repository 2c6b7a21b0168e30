"""Bad article files: each is reported by name (and line), the others load, the index is untouched."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from corpus.errors import ArticleError
from corpus.loaders import load_file, load_paths
from index.store import SentenceIndex

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "data" / "000_c87b7926864de8b2.txt"
GOOD = "Good headline\nThe mayor said the bridge would reopen on Monday."
QUESTIONS = ["What did Russia call for?", "Who claims Turkey moved radical Islamists?", "What is the capital of Peru?"]

# (file name, content, expected message): one row per way a file can be bad.
BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "is empty"),
    ("blank.md", b" \n\t\n  \r\n", "is empty"),
    ("bom_only.txt", b"\xef\xbb\xbf", "is empty"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
    ("nul_inside.md", b"Headline\nText\x00with a NUL byte", "looks like a binary file"),
    ("latin1.txt", "Caf\u00e9 au lait pour le ministre".encode("latin-1"), r"not valid UTF-8 \(byte 3\)"),
    ("cp1252.html", "<p>\u201cQuoted\u201d</p>".encode("cp1252"), "not valid UTF-8"),
    ("utf16.txt", "Headline\nBody".encode("utf-16"), "UTF-16 or UTF-32 encoded"),
    ("utf16be.md", b"\xfe\xff\x00H\x00i", "UTF-16 or UTF-32 encoded"),
    ("truncated_utf8.txt", "Headline\nMinistry said \u00e9".encode()[:-1], "not valid UTF-8"),
    ("no_text.html", b"<html><head><script>alert(1)</script></head><body></body></html>", "no article text found"),
    ("only_tags.htm", b"<div><div></div></div>", "no article text found"),
    ("slides.pdf", b"%PDF-1.7\n", "unsupported file type '.pdf'"),
    ("no_suffix", b"Headline\nBody.", "unsupported file type '\\(none\\)'"),
]

# (JSONL content, [(line, expected message)], articles that still load)
BAD_JSONL: list[tuple[str, list[tuple[int, str]], int]] = [
    ('{"text": "A\\nB."}\nnot json\n', [(2, r"invalid JSON \(Expecting value\)")], 1),
    ('{"text": "A\\nB."}\n{"text": "unterminated\n', [(2, "invalid JSON")], 1),
    ("[" * 50_000 + "\n" + '{"text": "A\\nB."}\n', [(1, "nested too deeply")], 1),
    ('"a string"\n[1, 2]\n{"text": "A\\nB."}\n', [(1, "expected a JSON object"), (2, "expected a JSON object")], 1),
    ('{"title": "no text"}\n{"text": "   "}\n{"text": 7}\n', [(1, '"text"'), (2, '"text"'), (3, '"text"')], 0),
    ('{"text": "A\\nB.", "title": 5}\n{"text": "C\\nD.", "url": ["x"]}\n', [(1, '"title"'), (2, '"url"')], 0),
    ('\n\n{"text": "A\\nB."}\n\n{"text": NaN}\n', [(5, '"text"')], 1),
]


def _tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder``."""
    files = (p for p in folder.rglob("*") if p.is_file())
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def _write_bad_files(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content, _ in BAD_FILES:
        (folder / name).write_bytes(content)
        paths.append(folder / name)
    return paths


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_file_is_named_with_its_reason_and_good_files_still_load(tmp_path, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "zz_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ArticleError, match=message) as info:
        load_file(bad)
    assert info.value.path == str(bad) and str(info.value).startswith(f"{bad}: ")
    result = load_paths([bad, good])
    assert [a.title for a in result.articles] == ["Good headline"]
    assert [e.path for e in result.errors] == [str(bad)]


@pytest.mark.parametrize(("content", "problems", "loaded"), BAD_JSONL)
def test_bad_jsonl_lines_are_named_and_the_other_lines_load(tmp_path, content, problems, loaded):
    path = tmp_path / "batch.jsonl"
    path.write_text(content, encoding="utf-8")
    result = load_paths([path])
    assert len(result.articles) == loaded
    assert [e.line for e in result.errors] == [line for line, _ in problems]
    for error, (line, message) in zip(result.errors, problems, strict=True):
        assert str(error).startswith(f"{path}, line {line}: ")
        with pytest.raises(ArticleError, match=message):
            raise error


def test_size_limit_is_configurable_and_named(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("Headline\n" + "The minister said so. " * 100, encoding="utf-8")
    size = path.stat().st_size
    with pytest.raises(ArticleError, match=f"file is {size:,} bytes, over the limit of 1,000"):
        load_file(path, max_bytes=1000)
    assert load_file(path, max_bytes=size)[0].title == "Headline"
    with pytest.raises(ValueError, match=r"max_file_bytes must be greater than 0\. Currently, max_file_bytes is 0"):
        Settings(max_file_bytes=0)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_instead_of_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = load_paths([fifo])
    assert [str(e) for e in result.errors] == [f"{fifo}: is not a regular file"]


def test_malformed_html_still_yields_its_text(tmp_path):
    cases = {
        "unclosed.html": "<html><title>Unclosed</title><body><p>The mayor said the council would vote next week"
        " on the budget.<p><b>Another <i>paragraph",
        "xml_declaration.html": '<?xml version="1.0" encoding="utf-8"?><html><body><article><p>Officials said the'
        " bridge will reopen on Monday after the repairs.</p></article></body></html>",
        "deep.html": "<html><body>" + "<div>" * 5000 + "<p>Deep text</p>" + "</div>" * 5000 + "</body></html>",
    }
    for name, html in cases.items():
        (tmp_path / name).write_text(html, encoding="utf-8")
    result = load_paths([tmp_path])
    loaded = {Path(a.path or "").name for a in result.articles}
    failed = {Path(e.path).name: e.reason for e in result.errors}
    assert loaded | set(failed) == set(cases)
    assert {"unclosed.html", "xml_declaration.html"} <= loaded
    assert all(reason for reason in failed.values())


def test_lone_surrogates_from_json_escapes_are_replaced_and_indexable(tmp_path, fake_embedder):
    path = tmp_path / "surrogates.jsonl"
    path.write_text('{"text": "Headline \\ud800\\nThe minister \\udfff said so. Then \\ud83d\\ude00 left."}\n')
    (article,) = load_paths([path]).articles
    assert "\ud800" not in article.text and "\ufffd" in article.text and "😀" in article.text
    index = SentenceIndex.build([article], fake_embedder)
    index.save(tmp_path / "index")
    loaded = SentenceIndex.load(tmp_path / "index", fake_embedder.name, fake_embedder.dimension)
    assert [s.text for s in loaded.sentences] == [s.text for s in index.sentences]


@pytest.fixture
def seed_in_tmp(tmp_path, embedder):
    """A seed-article assistant with its own cache, and the answers it gives before any bad file."""
    settings = Settings(cache_dir=tmp_path / "cache", progress=False)
    bot = Assistant.load([SEED], settings, embedder=embedder)
    return bot, settings, [bot.ask(q).to_dict() for q in QUESTIONS]


@pytest.mark.slow
def test_adding_only_bad_files_leaves_index_and_answers_unchanged(tmp_path, embedder, seed_in_tmp):
    bot, settings, before = seed_in_tmp
    folder = bot.index.folder
    assert folder is not None
    digest = _tree_digest(folder)
    bad = _write_bad_files(tmp_path / "bad")
    jsonl = tmp_path / "bad" / "lines.jsonl"
    jsonl.write_text('not json\n{"title": "x"}\n', encoding="utf-8")
    result = bot.add([*bad, jsonl, tmp_path / "missing.txt"])
    assert result.added == ()
    named = [Path(e.path).name for e in result.errors]
    assert named == [*(row[0] for row in BAD_FILES), "lines.jsonl", "lines.jsonl", "missing.txt"]
    assert [bot.ask(q).to_dict() for q in QUESTIONS] == before
    assert _tree_digest(folder) == digest
    # Loading the seed with the folder of bad files beside it reuses the same index. Inside a
    # folder, files of unsupported types are passed over silently; every other bad file is named.
    again = Assistant.load([SEED, tmp_path / "bad"], settings, embedder=embedder)
    assert not again.built and again.index.folder == folder
    supported = sorted(row[0] for row in BAD_FILES if Path(row[0]).suffix in (".txt", ".md", ".html", ".htm"))
    assert sorted({Path(e.path).name for e in again.load_errors}) == sorted([*supported, "lines.jsonl"])
    assert len(again.load_errors) == len(supported) + 2
    assert [again.ask(q).to_dict() for q in QUESTIONS] == before


@pytest.mark.slow
def test_cli_skips_bad_files_by_name_and_answers_as_before(tmp_path, python, subprocess_env, session_cache, seed_bot):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00garbage")
    lines = tmp_path / "batch.jsonl"
    lines.write_text('{"title": "no text"}\n{oops\n', encoding="utf-8")
    question = "What did Russia call for?"
    corpus = ["--corpus", str(SEED), str(bad), str(lines), "--max-file-mb", "1"]
    done = subprocess.run(
        [python, "-m", "ui.cli", "ask", "--json", question, *corpus, "--quiet", "--cache-dir", str(session_cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("newsqa: skipped")]
    assert skipped == [
        f"newsqa: skipped {bad}: is UTF-16 or UTF-32 encoded; save it as UTF-8 and try again",
        f'newsqa: skipped {lines}, line 1: missing or empty "text" field',
        f"newsqa: skipped {lines}, line 2: invalid JSON (Expecting property name enclosed in double quotes)",
    ]
    assert json.loads(done.stdout) == seed_bot.ask(question).to_dict()


def test_adding_articles_when_the_disk_is_full_still_makes_them_searchable(
    tmp_path, fake_embedder, monkeypatch, caplog
):
    from index.lexical import LexicalIndex

    bot = Assistant.load([SEED], Settings(cache_dir=tmp_path / "cache", progress=False), embedder=fake_embedder)
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(LexicalIndex, "save", disk_full)
    result = bot.add([good])
    assert [a.title for a in result.added] == ["Good headline"]
    assert "could not save the index" in caplog.text
    _, rows = bot.index.lexical.search("bridge reopen Monday", 3)
    assert "bridge would reopen" in bot.index.sentences[int(rows[0])].text
    assert bot.index.dense.size == len(bot.index.sentences)
