"""Several processes, threads and chat clients at once: no corrupted index, no leaked history."""

from __future__ import annotations

import json
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from corpus.loaders import load_corpus
from index.store import SentenceIndex, corpus_key

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "corpus" / "data" / "000_c87b7926864de8b2.txt"
WIRE = ROOT / "tests" / "data" / "wire"

BUILD = """
import json, os, sys, time
from pathlib import Path
from fakes import HashEmbedder
from corpus.loaders import load_corpus
from index.store import open_index
import index.store  # heavy imports done before the start line
articles = load_corpus([sys.argv[2]]).articles
(Path(sys.argv[1]) / f"ready-{os.getpid()}").touch()
go = Path(sys.argv[1]) / "go"
while not go.exists():
    time.sleep(0.01)
index, built = open_index(articles, HashEmbedder(delay=3.0), Path(sys.argv[1]) / "cache")
print(json.dumps({"built": built, "sentences": [s.text for s in index.sentences], "folder": str(index.folder)}))
"""


@pytest.mark.slow
def test_two_processes_building_the_same_index_take_turns(tmp_path, python, subprocess_env):
    """Both start together; one builds (slowly), the other waits for the lock and loads its result."""
    procs = [
        subprocess.Popen(
            [python, "-c", BUILD, str(tmp_path), str(WIRE)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env,
        )
        for _ in range(2)
    ]
    deadline = time.monotonic() + 120
    while len(list(tmp_path.glob("ready-*"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    (tmp_path / "go").touch()  # both at the starting line: released together
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
        outcomes.append((json.loads(out), err))
    results = [result for result, _ in outcomes]
    assert sorted(r["built"] for r in results) == [False, True]
    assert results[0]["sentences"] == results[1]["sentences"] and results[0]["folder"] == results[1]["folder"]
    waiter_log = next(err for result, err in outcomes if not result["built"])
    assert "waiting for another newsqa process" in waiter_log
    indexes = tmp_path / "cache" / "indexes"
    assert sorted(p.name for p in indexes.iterdir() if p.name.startswith(".")) == []
    folder = Path(results[0]["folder"])
    loaded = SentenceIndex.load(folder, "fake-sha256-embedder", 16)
    assert [s.text for s in loaded.sentences] == results[0]["sentences"]
    assert folder.name == corpus_key((a.id for a in load_corpus([WIRE]).articles), "fake-sha256-embedder")


QUESTIONS = [
    "What did Russia call for?",
    "Who claimed that Turkey sent radical Islamists from northern Syria?",
    "What did Azerbaijan accuse Armenia of?",
    "Who promised to verify this information?",
    "What is the capital of Peru?",
]
HISTORIES = [
    [],
    ["What did Armenia claim?"],
    ["What did Russia call for?"],
    [{"role": "user", "content": "Who called for restraint?"}, {"role": "assistant", "content": "Macron and Putin"}],
]


def _followups() -> list[tuple[str, list]]:
    """Every question with every history: what one user alone would ask."""
    return [(q, h) for h in HISTORIES for q in [*QUESTIONS, "And what did they say next?"]]


def test_threads_asking_at_once_get_the_single_user_answers(seed_bot):
    cases = _followups()
    expected = [seed_bot.ask(q, history=h).to_dict() for q, h in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda case: seed_bot.ask(case[0], history=case[1]).to_dict(), cases * 3))
    assert got == expected * 3


@pytest.mark.slow
def test_two_concurrent_api_clients_never_see_each_others_history(server, seed_bot):
    """Two sessions ask the same follow-up at the same time, each after its own history."""
    from gradio_client import Client

    follow_up = "What did they say next?"
    histories = {"armenia": ["What did Armenia claim?"], "macron": ["What did Macron and Putin call for?"]}
    expected = {name: seed_bot.ask(follow_up, history=h).to_dict() for name, h in histories.items()}
    assert expected["armenia"] != expected["macron"], "the histories must lead to different answers"

    def session(name: str) -> list[dict]:
        client = Client(server, verbose=False, analytics_enabled=False, download_files=False)
        history: list = list(histories[name])
        answers = []
        for _ in range(5):
            answers.append(client.predict(follow_up, history, api_name="/ask"))
        return answers

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = dict(zip(histories, pool.map(session, histories), strict=True))
    for name, answers in results.items():
        assert answers == [expected[name]] * 5, name


@pytest.mark.slow
def test_load_test_script_runs_clean(python, subprocess_env, session_cache):
    """A small run of scripts/loadtest.py (the full one is 32 x 10): it starts its own server."""
    small = ["--sessions", "4", "--questions", "10", "--json", "--cache-dir", str(session_cache)]
    done = subprocess.run(
        [python, str(ROOT / "scripts" / "loadtest.py"), *small],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=subprocess_env,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout)
    assert (report["requests"], report["answered"], report["errors"], report["mismatches"]) == (40, 40, 0, 0)
    # The two session histories lead to different follow-up answers, so a leak would be a mismatch.
    assert report["distinct_follow_up_answers"] == 2
    assert report["p50_s"] <= report["p95_s"] and report["throughput_per_s"] > 0
