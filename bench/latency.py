"""Warm answer latency: ``Assistant.ask`` against the bare ``model.encode([question])`` of the same model."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bench.report import Figure, median, percentile

if TYPE_CHECKING:
    from assistant import Assistant


def read_questions(path: Path) -> list[tuple[str, list[str]]]:
    """``(question, history)`` pairs from a question file (``dev_qa.jsonl`` format)."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            pairs.append((record["q"], list(record.get("history") or [])))
    return pairs


def load_assistant(cache_dir: Path, corpus: Sequence[Path] | None = None) -> Assistant:
    """An assistant over ``corpus`` (default: the bundled article) with its index in ``cache_dir``."""
    from assistant import Assistant, Settings

    return Assistant.load(list(corpus) if corpus else None, Settings(cache_dir=cache_dir, progress=False))


def run(bot: Assistant, questions: Sequence[tuple[str, list[str]]], rounds: int = 5) -> list[Figure]:
    """Median and p95 of ``bot.ask`` and of the bare encode, timed alternately so load noise hits both.

    Args:
        bot: a loaded assistant (its model is used for the floor).
        questions: ``(question, history)`` pairs.
        rounds: times each question is asked after one warm-up round.
    """
    import torch

    model = bot.embedder.model  # type: ignore[attr-defined]
    threads = torch.get_num_threads()
    for question, history in questions:  # warm-up: lazy loads, caches, allocator
        bot.ask(question, history=history)
        model.encode([question])
    asked: list[float] = []
    encoded: list[float] = []
    encoded_one: list[float] = []
    for _ in range(rounds):
        for question, history in questions:
            start = time.perf_counter()
            model.encode([question])
            encoded.append((time.perf_counter() - start) * 1000)
            # The same call on one thread, as newsqa embeds a question: the stricter floor.
            torch.set_num_threads(1)
            start = time.perf_counter()
            model.encode([question])
            encoded_one.append((time.perf_counter() - start) * 1000)
            torch.set_num_threads(threads)
            start = time.perf_counter()
            bot.ask(question, history=history)
            asked.append((time.perf_counter() - start) * 1000)
    note = f"{len(asked)} answers, {len(questions)} questions x {rounds} rounds; torch threads {threads}"
    return [
        Figure(
            "warm",
            "answer latency p50",
            median(asked),
            "ms",
            median(encoded),
            "model.encode([question]) p50",
            target=1.5,
            note=note,
        ),
        Figure(
            "warm",
            "answer latency p95",
            percentile(asked, 95),
            "ms",
            percentile(encoded, 95),
            "model.encode([question]) p95",
            target=1.5,
        ),
        Figure(
            "warm",
            "answer latency p50 vs 1-thread encode",
            median(asked),
            "ms",
            median(encoded_one),
            "model.encode([question]) on 1 torch thread (as newsqa runs it), p50",
            target=1.5,
        ),
        Figure(
            "warm",
            "answer latency p95 vs 1-thread encode",
            percentile(asked, 95),
            "ms",
            percentile(encoded_one, 95),
            "model.encode([question]) on 1 torch thread, p95",
            target=1.5,
        ),
    ]


def profile(bot: Assistant, questions: Sequence[tuple[str, list[str]]], rounds: int = 5) -> str:
    """A pyinstrument call tree of ``rounds`` passes of ``bot.ask`` over ``questions`` (needs pyinstrument)."""
    from pyinstrument import Profiler

    for question, history in questions:
        bot.ask(question, history=history)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(rounds):
        for question, history in questions:
            bot.ask(question, history=history)
    profiler.stop()
    return str(profiler.output_text(unicode=True, color=False, show_all=False))
