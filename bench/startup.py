"""Cold start: ``newsqa ask`` in a fresh process (index cached) against a bare process that loads the model."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.report import Figure, median

# The floor: what any program answering with this model must do, and nothing else. The offline
# switches are the ones newsqa sets; without them the floor would include Hugging Face hub look-ups.
BARE = """
import os
for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
    os.environ[key] = "1"
from sentence_transformers import SentenceTransformer
from index.embedder import bundled_model_path
model = SentenceTransformer(str(bundled_model_path()), device="cpu", local_files_only=True)
model.encode([{question!r}])
"""


def newsqa_command(cache_dir: Path, question: str) -> list[str]:
    """``newsqa ask`` as a user runs it (the console script beside this interpreter)."""
    script = Path(sys.executable).with_name("newsqa")
    prefix = [str(script)] if script.exists() else [sys.executable, "-m", "ui.cli"]
    return [*prefix, "ask", "-q", "--cache-dir", str(cache_dir), question]


def _seconds(command: list[str]) -> float:
    """Wall time of one process; raises if it fails."""
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false"}
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])}... failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return elapsed


def run(cache_dir: Path, question: str, rounds: int = 5) -> list[Figure]:
    """Median wall time of each, run alternately ``rounds`` times after one warm-up of each (page cache)."""
    ask = newsqa_command(cache_dir, question)
    bare = [sys.executable, "-c", BARE.format(question=question)]
    _seconds(ask)  # builds the index if it is not cached yet, and warms the page cache
    _seconds(bare)
    asked, floor = [], []
    for _ in range(rounds):
        floor.append(_seconds(bare))
        asked.append(_seconds(ask))
    return [
        Figure(
            "cold",
            "newsqa ask, fresh process",
            median(asked),
            "s",
            median(floor),
            "python: import sentence-transformers, load model, encode",
            target=1.3,
            note=f"median of {rounds}; runs: {', '.join(f'{a:.1f}' for a in asked)} vs "
            f"{', '.join(f'{f:.1f}' for f in floor)}",
        )
    ]
