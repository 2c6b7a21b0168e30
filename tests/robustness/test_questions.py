"""Bad questions: empty, huge, control characters, emoji, right-to-left text, broken Unicode.

The Python API must answer or raise :class:`QuestionError` with a friendly message, never crash;
the CLI must exit 2 on a question with nothing in it.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest

from assistant import Settings
from assistant.core import Assistant, sanitize
from corpus.errors import QuestionError

ROOT = Path(__file__).resolve().parents[2]
BASE = "What did Russia call for?"
LIMIT = Settings().max_question_chars


@pytest.fixture(scope="module")
def reference(seed_bot) -> dict:
    """The answer to the plain question, to compare decorated versions against."""
    return seed_bot.ask(BASE).to_dict()


def newsqa(python: str, env: dict[str, str], cache: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process with the session's cache (the index is already built)."""
    return subprocess.run(
        [python, "-m", "ui.cli", *args, "--quiet", "--cache-dir", str(cache)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )


def _valid(answer, bot: Assistant) -> None:
    """Every quote is verbatim at its offsets; abstentions cite nothing."""
    for c in answer.citations:
        assert bot.index.articles[c.article].text[c.start : c.end] == c.text
    if answer.abstained:
        assert answer.citations == ()


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("", "please type a question"),
        ("   \t\n  ", "please type a question"),
        ("\x00\x01\x02\x1b\x7f", "please type a question"),
        ("\u200b\u2060\ufeff", "please type a question"),
        ("\u202e\u2066\u2069", "please type a question"),
        ("\ud800\udfff", "please type a question"),
        ("\u2028\u2029\u00a0\u3000", "please type a question"),
        (None, "must be text"),
        (42, "must be text"),
        (b"What did Russia call for?", "must be text"),
        (["What did Russia call for?"], "must be text"),
    ],
)
def test_questions_with_nothing_in_them_get_a_friendly_error(seed_bot, question, message):
    with pytest.raises(QuestionError, match=message):
        seed_bot.ask(question)


@pytest.mark.parametrize(
    ("decorated", "why"),
    [
        (f"\x00{BASE}\x07", "NUL and bell"),
        (f"{BASE}\u200b\ufeff", "zero-width space and byte order mark"),
        (f"\u202e{BASE}\u202c", "right-to-left override"),
        (f"\u2067{BASE}\u2069", "right-to-left isolate"),
        (f"{BASE}\ud83d", "half a surrogate pair"),
        (f"  {BASE}\r\n\t", "surrounding blanks"),
        ("What\u00a0did\u3000Russia\u2028call for?", "unusual spaces"),
    ],
)
def test_invisible_junk_does_not_change_the_answer(seed_bot, reference, decorated, why):
    assert seed_bot.ask(decorated).to_dict() == reference, why


@pytest.mark.parametrize(
    "question",
    [
        "🇷🇺 What did 🙂 Russia call for? 🔥🔥",
        "👩‍👩‍👧 family emoji with zero-width joiners",
        "ماذا طلبت روسيا؟",
        "מה רוסיה ביקשה?",
        "Что предложила Россия?",
        "ロシアは何を求めましたか",
        "Ru\u0301ssia combining accents a\u0308\u0308\u0308\u0308\u0308",
        "\U0001d54e\U0001d559\U0001d552\U0001d565 (mathematical letters)",
        "\ue000 private use \U0010fffd",
        "\ufdd0\uffff noncharacters",
        "A" * 5000,
        "Russia " * 400,
        "'; DROP TABLE articles; --",
        "{{7*7}} ${jndi:ldap://example.invalid/a} %s %n",
        "../../etc/passwd",
    ],
)
def test_unusual_questions_are_answered_without_crashing(seed_bot, question):
    answer = seed_bot.ask(question)
    _valid(answer, seed_bot)
    assert answer.question and len(answer.question) <= LIMIT
    assert not any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in answer.question)


def test_joiners_inside_emoji_and_words_are_kept(seed_bot):
    family = "👩\u200d👩\u200d👧"
    persian = "می\u200cخواهم"
    answer = seed_bot.ask(f"{family} {persian} Russia?")
    assert family in answer.question and persian in answer.question


def test_question_is_nfc_normalized():
    assert sanitize("Re\u0301sume\u0301", 100) == "R\u00e9sum\u00e9"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("a" * 1_000_000, "a" * LIMIT),
        ("word " * 200_000, ("word " * 200)[:LIMIT].rstrip()),
        ("\x00" * 500_000 + "tail", None),
    ],
)
def test_huge_question_is_cut_with_a_notice_and_answered_within_a_second(seed_bot, question, expected):
    seed_bot.ask(BASE)  # warm caches: the timing is about the question, not the first call
    start = time.perf_counter()
    if expected is None:
        # More than 16x the limit of junk before any text: only the first part is ever read.
        with pytest.raises(QuestionError, match="please type a question"):
            seed_bot.ask(question)
        assert time.perf_counter() - start < 1.0
        return
    answer = seed_bot.ask(question)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0, f"{elapsed:.2f}s"
    assert answer.question == expected
    assert answer.notice == f"The question was cut to its first {LIMIT:,} characters."
    assert answer.to_dict()["notice"] == answer.notice


def test_huge_and_broken_history_is_bounded(seed_bot):
    history = [
        *["What did Russia call for?"] * 500,
        "x" * 1_000_000,
        {"role": "user", "content": "\ud800 Russia \x00"},
        {"role": "assistant"},
        {"content": 7},
        None,
        "",
    ]
    start = time.perf_counter()
    answer = seed_bot.ask("And what else?", history=history)
    assert time.perf_counter() - start < 1.0
    _valid(answer, seed_bot)
    turns = seed_bot._clean_history(history)
    assert [len(t.content) for t in turns[-2:]] == [LIMIT, len("Russia")]
    assert len(turns) <= Settings().max_history_turns


@pytest.mark.parametrize("history", ["What did Russia call for?", {"role": "user", "content": "Russia?"}])
def test_history_given_as_one_item_is_one_turn(seed_bot, history):
    cleaned = seed_bot._clean_history(history)
    assert len(cleaned) == 1 and cleaned[0].content in ("What did Russia call for?", "Russia?")


def test_markup_in_a_question_is_kept_as_text(seed_bot):
    question = '<script>alert("q")</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) Russia?'
    answer = seed_bot.ask(question)
    # The question is returned as typed (escaping is the renderer's job), and it never enters the answer.
    assert answer.question == question
    assert "<script>" not in answer.answer and "onerror" not in answer.answer


def test_cli_exits_2_on_a_question_of_only_invisible_characters(python, subprocess_env, session_cache):
    done = newsqa(python, subprocess_env, session_cache, "ask", "\x01\u200b\u202e\x02")
    assert done.returncode == 2, done.stderr
    assert "please type a question" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_cli_batch_of_bad_questions(tmp_path, python, subprocess_env, session_cache):
    questions = [
        "a" * 1_000_000,
        "\x1b[2J\x00 What did Russia call for?",
        "🇷🇺 ماذا طلبت روسيا؟ \u202e",
        "<script>alert(1)</script>",
    ]
    path = tmp_path / "bad_questions.jsonl"
    path.write_text("".join(json.dumps({"q": q}) + "\n" for q in questions), encoding="utf-8")
    done = newsqa(python, subprocess_env, session_cache, "ask", "--questions", str(path), "--json")
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(answers) == len(questions)
    assert answers[0]["notice"].startswith("The question was cut") and len(answers[0]["question"]) == LIMIT
    assert answers[1]["question"] == "[2J What did Russia call for?"
    assert all("notice" not in a for a in answers[1:])


def test_cli_batch_stops_with_exit_2_naming_the_empty_line(tmp_path, python, subprocess_env, session_cache):
    path = tmp_path / "questions.jsonl"
    path.write_text('{"q": "What did Russia call for?"}\n{"q": "\\u0000\\u200b"}\n', encoding="utf-8")
    done = newsqa(python, subprocess_env, session_cache, "ask", "--questions", str(path))
    assert done.returncode == 2
    assert f"{path}, line 2: please type a question" in done.stderr


# -- the same through the chat's /ask API (gradio_client, real server on loopback) ----------


@pytest.mark.slow
@pytest.mark.parametrize("question", ["", "   ", "\x00\u200b\u202e"])
def test_api_rejects_an_empty_question_with_the_friendly_message(api, question):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="please type a question"):
        api.predict(question, [], api_name="/ask")


@pytest.mark.slow
def test_api_cuts_a_1mb_question_and_answers_quickly(api):
    api.predict(BASE, [], api_name="/ask")  # warm the connection
    start = time.perf_counter()
    answer = api.predict("Russia " * 150_000, [], api_name="/ask")
    elapsed = time.perf_counter() - start
    assert answer["notice"] == f"The question was cut to its first {LIMIT:,} characters."
    assert len(answer["question"]) <= LIMIT
    assert elapsed < 3.0, f"{elapsed:.2f}s including sending 1 MB over HTTP"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "history"),
    [
        (f"\u202e{BASE}", "not a list"),
        (BASE, [None, 3, {"role": "user"}, {"content": ["x"]}, "\x00"]),
        (BASE, {"role": "user", "content": "Armenia?"}),
    ],
)
def test_api_survives_broken_unicode_and_malformed_history(api, seed_bot, reference, question, history):
    answer = api.predict(question, history, api_name="/ask")
    assert answer == reference


@pytest.mark.slow
def test_api_survives_lone_surrogates_sent_as_json_escapes(server, reference):
    """What a browser's JSON.stringify sends for a broken string; gradio_client cannot even encode it."""
    import urllib.request

    body = json.dumps({"data": [f"\ud800{BASE}\udfff", []]})  # ASCII JSON: "\ud800" escapes
    assert "\\ud800" in body
    call = urllib.request.Request(
        f"{server}gradio_api/call/ask", data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(call, timeout=30) as response:
        event = json.loads(response.read())["event_id"]
    with urllib.request.urlopen(f"{server}gradio_api/call/ask/{event}", timeout=120) as response:
        stream = response.read().decode("utf-8")
    assert "event: complete" in stream, stream[:500]
    data = [line for line in stream.splitlines() if line.startswith("data:")][-1]
    assert json.loads(data[5:])[0] == reference
