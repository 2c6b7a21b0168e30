"""Benchmark plumbing: ratios, verdicts, percentiles, the command line. No timing is asserted."""

from __future__ import annotations

import json

import pytest

from bench.__main__ import main
from bench.report import Figure, format_table, percentile, to_json
from ui.cli import build_parser


@pytest.mark.parametrize(
    ("figure", "ratio", "ok"),
    [
        (Figure("warm", "p50", 30.0, "ms", 20.0, target=1.5), 1.5, True),
        (Figure("warm", "p50", 31.0, "ms", 20.0, target=1.5), 1.55, False),
        (Figure("indexing", "rate", 90.0, "sent/s", 100.0, target=0.9, higher_is_better=True), 0.9, True),
        (Figure("search", "p50", 4.0, "ms", 600.0, target=5.0, absolute=True), 4.0 / 600.0, True),
        (Figure("search", "recall", 0.94, "", target=0.95, higher_is_better=True, absolute=True), None, False),
        (Figure("memory", "bytes", 1800.0, "B", 1536.0), 1800.0 / 1536.0, None),
    ],
)
def test_ratio_and_verdict(figure, ratio, ok):
    assert figure.ratio == pytest.approx(ratio) if ratio is not None else figure.ratio is None
    assert figure.ok is ok


def test_table_and_json_show_value_floor_and_ratio():
    figures = [Figure("warm", "answer latency p50", 30.0, "ms", 20.0, "bare encode", target=1.5)]
    table = format_table(figures)
    assert "30.0 ms" in table and "20.0 ms" in table and "1.50x" in table and "floor: bare encode" in table
    assert json.loads(to_json(figures))[0]["ratio"] == pytest.approx(1.5)


def test_percentile_interpolates():
    assert percentile([1, 2, 3, 4, 5], 50) == 3
    assert percentile([0, 10], 95) == pytest.approx(9.5)
    with pytest.raises(ValueError, match="empty"):
        percentile([], 50)


def test_unknown_part_is_a_usage_error(capsys):
    assert main(["--only", "warm,typo"]) == 2
    assert "typo" in capsys.readouterr().err


def test_profile_without_pyinstrument_says_how_to_get_it(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "pyinstrument" else real(name))
    assert main(["--only", "warm", "--profile"]) == 2
    assert "pip install" in capsys.readouterr().err


def test_newsqa_bench_takes_the_same_options():
    args = build_parser().parse_args(["bench", "--only", "search", "--sizes", "1000", "--full", "--ivf"])
    assert args.only == "search" and args.sizes == "1000" and args.full and args.ivf
