"""The ``newsqa`` command line, end to end in real processes with the real model."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "data" / "000_c87b7926864de8b2.txt"
DEV = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"


def newsqa(*args: str, cache: Path) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process, offline, with its own cache folder."""
    return subprocess.run(
        [sys.executable, "-m", "ui.cli", *args, "--cache-dir", str(cache), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


def test_help_is_instant():
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "ui.cli", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "ask" in done.stdout
    probe = (
        "import sys, ui.cli; ui.cli.build_parser(); "
        "print(sorted(m for m in ('torch', 'spacy', 'gradio', 'faiss', 'sentence_transformers') if m in sys.modules))"
    )
    heavy = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert heavy.stdout.strip() == "[]"
    assert time.perf_counter() - start < 10  # generous: CI machines vary; the import check is the real test


@pytest.mark.slow
def test_ask_json_contract_and_reuse(tmp_path):
    first = newsqa("ask", "--json", "What did Russia call for?", cache=tmp_path)
    assert first.returncode == 0, first.stderr
    answer = json.loads(first.stdout)
    assert set(answer) >= {"question", "answer", "abstained", "citations"}
    assert not answer["abstained"] and answer["citations"]
    text = SEED.read_text(encoding="utf-8")
    for c in answer["citations"]:
        assert set(c) == {"n", "article", "title", "sentence", "text", "start", "end", "speaker", "cue", "score"}
        assert text[c["start"] : c["end"]] == c["text"]
    folders = list((tmp_path / "indexes").iterdir())
    stamp = {p: p.stat().st_mtime_ns for p in (tmp_path / "indexes").rglob("*")}
    second = newsqa("ask", "--json", "What did Russia call for?", cache=tmp_path)
    assert second.returncode == 0
    assert json.loads(second.stdout) == answer
    # Nothing was rewritten: the second run loaded the index instead of embedding again.
    assert list((tmp_path / "indexes").iterdir()) == folders
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "indexes").rglob("*")} == stamp


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not beside the repo")
def test_batch_mode_one_answer_per_line(tmp_path):
    done = newsqa("ask", "--questions", str(DEV), "--json", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    questions = [json.loads(line)["q"] for line in DEV.read_text().splitlines() if line.strip()]
    assert [a["question"] for a in lines] == questions


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["ask", ""], 2, "empty"),
        (["ask", "   "], 2, "empty"),
        (["ask", "Q?", "--corpus", "/no/such/file.txt"], 1, "no such file"),
        (["ask", "--questions", "/no/such.jsonl"], 1, "cannot read"),
        (["ask"], 2, "QUESTION"),
        (["ask", "Q?", "-k", "0"], 2, "-k"),
    ],
)
def test_errors_are_one_line(tmp_path, args, status, message):
    done = newsqa(*args, cache=tmp_path)
    assert done.returncode == status
    assert "Traceback" not in done.stderr
    assert message in done.stderr


@pytest.mark.slow
def test_index_command_reports_contents(tmp_path):
    done = newsqa("index", str(SEED), cache=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1 article(s), 14 sentences" in done.stdout and "built" in done.stdout
    again = newsqa("index", str(SEED), cache=tmp_path)
    assert "loaded from cache" in again.stdout


@pytest.mark.slow
def test_claims_table(tmp_path):
    done = newsqa("claims", "--json", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["sentence"] for r in rows] == list(range(14))
    both_sides = rows[8]
    assert both_sides["speaker"] == "Armenia and Azerbaijan" and both_sides["as"] == ["Both sides"]
    assert rows[6]["speaker"] == "Armenia" and rows[6]["cue"] == "claims" and rows[6]["kind"] == "indirect"
    table = newsqa("claims", cache=tmp_path)
    assert "Russian Foreign Ministry" in table.stdout and "← Both sides" in table.stdout


@pytest.mark.slow
def test_claims_table_keeps_the_anonymous_marker_of_a_long_name(tmp_path):
    article = tmp_path / "couriers.txt"
    article.write_text(
        "Couriers\n\nA source familiar with the finances of the Dashpail delivery company said money was set aside.\n"
    )
    table = newsqa("claims", "--corpus", str(article), cache=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "… (anonymous)" in table.stdout
