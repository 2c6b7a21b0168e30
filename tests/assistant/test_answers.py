"""Answer quality with the real model, on the shared dev set and on our own question sets.

Floors for our own sets are the figures measured when the method last changed (see README,
"Answer quality"); the dev set is held to the issue's targets.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.evaluate import evaluate, read_questions

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "eval" / "dev_qa.jsonl"
QUESTIONS = ROOT / "tests" / "data" / "questions"

pytestmark = pytest.mark.slow


def corpus_bot(paths: list[Path], embedder, session_cache):
    """An assistant over ``paths`` with the real model and the session's index cache."""
    from assistant import Assistant, Settings

    return Assistant.load(paths, Settings(cache_dir=session_cache, progress=False), embedder=embedder)


def run(bot, path: Path):
    report = evaluate(lambda q, h: bot.ask(q, history=h), read_questions(path), bot.articles)
    return report.metrics(), [o.question.id for o in report.failures()]


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not beside the repo")
def test_dev_set_meets_the_targets(seed_bot):
    metrics, failures = run(seed_bot, DEV)
    assert metrics["hit1"] >= 0.96, failures
    assert metrics["hit3"] == 1.0, failures
    assert metrics["speaker"] >= 0.95, failures
    assert metrics["abstain"] >= 0.9, failures
    assert metrics["false_abstentions"] == 0, failures
    assert metrics["followup"] == 1.0, failures
    assert metrics["verbatim"] == 1.0


def test_own_questions_on_the_bundled_article(seed_bot):
    metrics, failures = run(seed_bot, QUESTIONS / "seed_extra.jsonl")
    assert metrics["hit1"] >= 0.88, failures
    assert metrics["speaker"] >= 0.88, failures
    assert metrics["abstain"] >= 0.9, failures
    assert metrics["false_abstentions"] == 0, failures
    assert metrics["followup"] == 1.0, failures
    assert metrics["verbatim"] == 1.0


def test_multi_article_wire_corpus(wire_bot):
    metrics, failures = run(wire_bot, QUESTIONS / "wire_qa.jsonl")
    assert metrics["hit1"] >= 0.92, failures
    assert metrics["hit3"] >= 0.95, failures
    assert metrics["speaker"] >= 0.95, failures
    assert metrics["abstain"] >= 0.85, failures
    assert metrics["false_abstentions"] == 0, failures
    assert metrics["article"] >= 0.95, failures
    assert metrics["verbatim"] == 1.0


def test_questions_written_after_tuning_on_the_jsonl_articles(embedder, session_cache):
    bot = corpus_bot([QUESTIONS.parent / "styles" / "batch.jsonl"], embedder, session_cache)
    metrics, failures = run(bot, QUESTIONS / "batch_qa.jsonl")
    assert metrics["hit1"] >= 0.95, failures
    assert metrics["speaker"] >= 0.95, failures
    assert metrics["abstain"] >= 0.66, failures
    assert metrics["false_abstentions"] == 0, failures
    assert metrics["followup"] == 1.0, failures


def test_who_question_leads_with_the_source(seed_bot):
    answer = seed_bot.ask("Who accused Armenia of involving ethnic Armenians from the Middle East?")
    assert answer.answer.startswith("**Azerbaijan** — “For its part, Azerbaijan accused Armenia")
    assert answer.citations[0].speaker == "Azerbaijan" and answer.citations[0].cue == "accused"


def test_what_did_x_say_returns_all_of_its_sentences(seed_bot):
    answer = seed_bot.ask("What did the Russian Foreign Ministry say?")
    assert {c.sentence for c in answer.citations} >= {2, 3, 4}
    assert all("Russian Foreign Ministry" in (c.speaker or "") for c in answer.citations)
    assert len({c.text for c in answer.citations}) == len(answer.citations)


@pytest.mark.parametrize("question", ["How many civilians were injured?", "What did Germany say?"])
def test_abstention_is_plain_and_cites_nothing(seed_bot, question):
    answer = seed_bot.ask(question)
    assert answer.abstained and answer.citations == ()
    assert answer.answer.startswith("The article does not say.")
    assert answer.to_dict()["citations"] == []


def test_follow_up_uses_the_previous_answer(seed_bot):
    answer = seed_bot.ask("What else did they report?", history=["Who claimed that Turkey moved radical Islamists?"])
    assert "fighter jet was shot down" in answer.citations[0].text
    assert answer.citations[0].speaker == "Armenia"


def test_citations_name_their_article_in_a_multi_article_corpus(wire_bot):
    answer = wire_bot.ask("Who said the ban would last at least 30 days?")
    first = answer.citations[0]
    assert "30 days" in first.text
    article = wire_bot.index.articles[first.article]
    assert article.title == first.title and article.text[first.start : first.end] == first.text
    assert article.title in answer.answer


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not beside the repo")
def test_eval_command_on_the_dev_set(session_cache):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "eval",
            str(DEV),
            "--cache-dir",
            str(session_cache),
            "-q",
            "--min-hit1",
            "0.96",
            "--min-hit3",
            "1",
            "--min-speaker",
            "0.95",
            "--min-abstain",
            "0.9",
            "--max-false-abstentions",
            "0",
            "--min-followup",
            "1",
            "--min-verbatim",
            "1",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert "hit1" in done.stdout and "verbatim" in done.stdout


def test_eval_command_fails_below_a_threshold(session_cache, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(
        '{"id": "x", "type": "fact", "q": "What did Russia call for?", "gold_any": ["no such words"]}\n'
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.cli",
            "eval",
            str(questions),
            "--cache-dir",
            str(session_cache),
            "-q",
            "--min-hit1",
            "0.5",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert done.returncode == 1
    assert "below threshold: hit1 0.000 < 0.5" in done.stderr


# Held-out sets, each written without running newsqa (tests/data/questions/README.md). The
# floors sit just under what the general fixes reach; the first runs are in the README.
HELD_OUT = [
    # fresh: first run Hit@1 0.51, 7 false abstentions.
    ("fresh", {"hit1": 0.85, "speaker": 0.88, "abstain": 0.6}, 1),
    # fresh2: first run (after the fixes fresh prompted) Hit@1 0.68, follow-ups 0.40.
    ("fresh2", {"hit1": 0.81, "speaker": 0.93, "abstain": 0.85}, 0),
    # fresh3: first run Hit@1 0.65, abstained 0.40, 2 false abstentions.
    ("fresh3", {"hit1": 0.78, "speaker": 0.83, "abstain": 0.6}, 0),
    # fresh4: first run Hit@1 0.33 and 9 false abstentions; tuned on since.
    ("fresh4", {"hit1": 0.7, "speaker": 0.78, "abstain": 0.85}, 2),
    # fresh5: first run Hit@1 0.42; measured blind once more, then tuned on.
    ("fresh5", {"hit1": 0.68, "speaker": 0.76, "abstain": 0.66}, 0),
    # fresh8: first run Hit@1 0.47 and 10 false abstentions; tuned on since.
    ("fresh8", {"hit1": 0.77, "speaker": 0.86, "abstain": 0.95}, 2),
    # fresh11: first run Hit@1 0.53 and 5 false abstentions; tuned on since.
    ("fresh11", {"hit1": 0.74, "speaker": 0.85, "abstain": 0.8}, 2),
    # fresh13: first run Hit@1 0.60, abstained 0.33, 2 false abstentions; tuned on since.
    ("fresh13", {"hit1": 0.67, "speaker": 0.76, "abstain": 0.8}, 0),
    # fresh15: first run Hit@1 0.50, follow-ups 0.33; tuned on since.
    ("fresh15", {"hit1": 0.7, "speaker": 0.78, "abstain": 0.95}, 1),
    # fresh17 (HTML and Markdown pages): first run Hit@1 0.47, 2 false abstentions; tuned on since.
    ("fresh17", {"hit1": 0.54, "speaker": 0.71, "abstain": 0.33}, 1),
    # fresh19 (text, JSONL and Markdown): first run Hit@1 0.60, speaker 0.67; tuned on since.
    ("fresh19", {"hit1": 0.8, "speaker": 0.86, "abstain": 0.8}, 0),
    # fresh22 (JSONL, HTML and text): first run Hit@1 0.37, 4 false abstentions; tuned on since.
    ("fresh22", {"hit1": 0.64, "speaker": 0.7, "abstain": 0.5}, 0),
    # fresh24 (text, Markdown, JSONL and HTML): first run Hit@1 0.43, 5 false abstentions; tuned on since.
    ("fresh24", {"hit1": 0.58, "speaker": 0.74, "abstain": 0.8}, 2),
    # fresh26 (twelve follow-ups of 36): first run Hit@1 0.62, follow-ups 0.25; tuned on since.
    ("fresh26", {"hit1": 0.72, "speaker": 0.78, "abstain": 0.25, "followup": 0.5}, 0),
    # fresh6, fresh7, fresh9, fresh10, fresh12, fresh14, fresh16, fresh18, fresh20, fresh21, fresh23 and fresh25
    # are kept blind: only their totals have been looked at (first runs Hit@1 0.63, 0.67, 0.60, 0.43, 0.50, 0.67,
    # 0.63, 0.63, 0.67, 0.67, 0.50 and 0.40). Their floors guard against regressions, not a target.
    ("fresh6", {"hit1": 0.74, "speaker": 0.76, "abstain": 0.5}, 1),
    ("fresh7", {"hit1": 0.74, "speaker": 0.74, "abstain": 0.66}, 1),
    ("fresh9", {"hit1": 0.64, "speaker": 0.79, "abstain": 0.66}, 2),
    ("fresh10", {"hit1": 0.47, "speaker": 0.7, "abstain": 0.33}, 0),
    ("fresh12", {"hit1": 0.5, "speaker": 0.58, "abstain": 0.66}, 2),
    ("fresh14", {"hit1": 0.67, "speaker": 0.67, "abstain": 0.8}, 2),
    ("fresh16", {"hit1": 0.64, "speaker": 0.75, "abstain": 0.66}, 2),
    ("fresh18", {"hit1": 0.64, "speaker": 0.68, "abstain": 0.8}, 1),
    ("fresh20", {"hit1": 0.64, "speaker": 0.61, "abstain": 0.66}, 3),
    # fresh21 lost an abstention (0.83 to 0.67) to the rule that a direct count of the thing asked answers.
    ("fresh21", {"hit1": 0.64, "speaker": 0.68, "abstain": 0.66}, 0),
    ("fresh23", {"hit1": 0.54, "speaker": 0.67, "abstain": 0.5}, 4),
    ("fresh25", {"hit1": 0.37, "speaker": 0.55, "abstain": 0.66}, 2),
]
BLIND = {
    "fresh6",
    "fresh7",
    "fresh9",
    "fresh10",
    "fresh12",
    "fresh14",
    "fresh16",
    "fresh18",
    "fresh20",
    "fresh21",
    "fresh23",
    "fresh25",
}


@pytest.mark.parametrize(("folder", "floors", "false_abstentions"), HELD_OUT, ids=[h[0] for h in HELD_OUT])
def test_held_out_sets(embedder, session_cache, folder, floors, false_abstentions):
    bot = corpus_bot([QUESTIONS.parent / folder], embedder, session_cache)
    metrics, failures = run(bot, QUESTIONS / f"{folder}_qa.jsonl")
    if folder in BLIND:
        failures = "(a blind set: its failing questions are not shown)"
    for name, floor in floors.items():
        assert metrics[name] >= floor, (name, metrics[name], failures)
    assert metrics["false_abstentions"] <= false_abstentions, failures
    assert metrics["verbatim"] == 1.0
