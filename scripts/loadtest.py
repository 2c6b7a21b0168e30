#!/usr/bin/env python
"""Load test: many concurrent gradio_client sessions asking the chat's ``/ask`` endpoint.

Starts ``newsqa serve`` on a free loopback port with the bundled article (unless ``--url`` is
given), records every question's single-user answer, then runs ``--sessions`` concurrent
sessions of ``--questions`` questions each and checks that every answer is identical to the
single-user one. Some questions are follow-ups whose history depends on the session, so an
answer computed with another session's history would show up as a mismatch.

Prints p50/p95 latency, throughput and the server's peak memory; exits 1 on any error or
mismatch.

    .venv/bin/python scripts/loadtest.py                  # 32 sessions x 10 questions
    .venv/bin/python scripts/loadtest.py --sessions 8 --json
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = [
    "What did Russia call for?",
    "Who claimed that Turkey sent radical Islamists from northern Syria?",
    "What did Azerbaijan accuse Armenia of?",
    "Who promised to verify this information?",
    "When did Turkey promise military assistance to Azerbaijan?",
    "What did Macron and Putin call on Armenia and Azerbaijan to do?",
    "What was shot down?",
    "What is the capital of Peru?",
]
FOLLOW_UP = "What did they say about it?"
# Two histories for the follow-ups; even sessions get the first, odd sessions the second.
HISTORIES: list[list[Any]] = [
    ["What did Armenia claim?"],
    [{"role": "user", "content": "What did the Russian Foreign Ministry say?"}, {"role": "assistant", "content": "…"}],
]


@dataclass(frozen=True)
class Ask:
    """One request: the question and the history sent with it."""

    question: str
    history: tuple[Any, ...] = ()

    @property
    def key(self) -> str:
        """Identity for comparing answers."""
        return json.dumps([self.question, list(self.history)], ensure_ascii=False)


def session_plan(session: int, count: int) -> list[Ask]:
    """The questions of one session: the plain ones rotated by session, plus two follow-ups."""
    history = tuple(HISTORIES[session % 2])
    plain = [Ask(q) for q in QUESTIONS[session % len(QUESTIONS) :] + QUESTIONS[: session % len(QUESTIONS)]]
    asks = [*plain[: max(0, count - 2)], Ask(FOLLOW_UP, history), Ask(QUESTIONS[0], history)]
    return asks[:count]


@dataclass
class Results:
    """What the sessions saw."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, proc: subprocess.Popen[bytes] | None, timeout: float) -> None:
    """Poll ``url`` until it answers; fail early if the server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"loadtest: the server exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"loadtest: {url} did not come up within {timeout:.0f}s")


@contextmanager
def started_server(cache_dir: Path, port: int, timeout: float) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``newsqa serve`` over the bundled article, stopped on exit."""
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    command = [sys.executable, "-m", "ui.cli", "serve", "--port", str(port), "--quiet", "--cache-dir", str(cache_dir)]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url, proc, timeout)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (Linux ``VmHWM``), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def client(url: str) -> Any:
    """A gradio_client session that neither phones home nor downloads files."""
    # Without these, huggingface_hub (imported by gradio_client) looks up huggingface.co for its
    # user-agent headers and telemetry; they must be set before its first import.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False, download_files=False)


def run_session(url: str, session: int, plan: list[Ask], expected: dict[str, Any], results: Results) -> None:
    """One user: its own client, its questions in order, every answer checked."""
    try:
        api = client(url)
    except Exception as err:  # any failure to connect is a load-test error to report
        with results.lock:
            results.errors.append(f"session {session}: cannot connect ({type(err).__name__}: {err})")
        return
    for ask in plan:
        start = time.perf_counter()
        try:
            answer = api.predict(ask.question, list(ask.history), api_name="/ask")
        except Exception as err:  # every failed request is counted and reported, not raised
            with results.lock:
                results.errors.append(f"session {session}: {ask.question!r}: {type(err).__name__}: {err}")
            continue
        elapsed = time.perf_counter() - start
        with results.lock:
            results.latencies.append(elapsed)
            if answer != expected[ask.key]:
                results.mismatches.append(f"session {session}: {ask.question!r} with history {list(ask.history)}")


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load_test(url: str, sessions: int, per_session: int, server_pid: int | None) -> dict[str, Any]:
    """Single-user reference answers, then all sessions at once; the figures as a dict."""
    plans = [session_plan(s, per_session) for s in range(sessions)]
    distinct = {ask.key: ask for plan in plans for ask in plan}
    reference = client(url)
    expected: dict[str, Any] = {}
    single: list[float] = []
    for key, ask in distinct.items():
        start = time.perf_counter()
        expected[key] = reference.predict(ask.question, list(ask.history), api_name="/ask")
        single.append(time.perf_counter() - start)
    follow_ups = {expected[Ask(FOLLOW_UP, tuple(h)).key]["answer"] for h in HISTORIES if per_session >= 2}
    results = Results()
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        for number, plan in enumerate(plans):
            pool.submit(run_session, url, number, plan, expected, results)
    wall = time.perf_counter() - start
    done = len(results.latencies)
    return {
        "sessions": sessions,
        "questions_per_session": per_session,
        "requests": sessions * per_session,
        "answered": done,
        "errors": len(results.errors),
        "mismatches": len(results.mismatches),
        "distinct_follow_up_answers": len(follow_ups),
        "single_user_p50_s": round(statistics.median(single), 3),
        "p50_s": round(percentile(results.latencies, 0.50), 3) if done else None,
        "p95_s": round(percentile(results.latencies, 0.95), 3) if done else None,
        "max_s": round(max(results.latencies), 3) if done else None,
        "wall_s": round(wall, 2),
        "throughput_per_s": round(done / wall, 2) if wall else None,
        "server_peak_rss_mb": round(rss, 1) if server_pid and (rss := peak_rss_mb(server_pid)) else None,
        "error_samples": results.errors[:5],
        "mismatch_samples": results.mismatches[:5],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the load test and print its figures; 1 on any error or mismatch."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=32, help="concurrent sessions (default: 32)")
    parser.add_argument("--questions", type=int, default=10, help="questions per session (default: 10)")
    parser.add_argument("--url", help="test a running server instead of starting one")
    parser.add_argument("--cache-dir", help="index cache for the started server (default: a temporary folder)")
    parser.add_argument("--startup-timeout", type=float, default=300.0, metavar="SECONDS")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    if args.sessions <= 0 or args.questions <= 0:
        parser.error("--sessions and --questions must be greater than 0")

    with tempfile.TemporaryDirectory(prefix="newsqa-loadtest-") as scratch:
        if args.url:
            report = load_test(args.url, args.sessions, args.questions, None)
        else:
            cache = Path(args.cache_dir) if args.cache_dir else Path(scratch)
            with started_server(cache, free_port(), args.startup_timeout) as (url, proc):
                report = load_test(url, args.sessions, args.questions, proc.pid)

    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['sessions']} sessions x {report['questions_per_session']} questions = {report['requests']} "
            f"requests: {report['answered']} answered, {report['errors']} errors, {report['mismatches']} answers "
            f"different from the single-user answer"
        )
        print(
            f"latency p50 {report['p50_s']}s, p95 {report['p95_s']}s, max {report['max_s']}s "
            f"(single user p50 {report['single_user_p50_s']}s); throughput {report['throughput_per_s']} answers/s "
            f"over {report['wall_s']}s; server peak RSS {report['server_peak_rss_mb']} MB"
        )
        for line in report["error_samples"] + report["mismatch_samples"]:
            print(f"  {line}", file=sys.stderr)
    ok = report["errors"] == 0 and report["mismatches"] == 0 and report["answered"] == report["requests"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
