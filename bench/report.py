"""Benchmark figures: each measured value printed beside its floor, their ratio and the target."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure and the floor it is compared with, both from the same run.

    ``ratio`` is ``value / floor``; ``target`` is the bound the ratio (or, when ``absolute``,
    the value itself) should meet, with ``higher_is_better`` saying which side of it is good.
    """

    group: str
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    target: float | None = None
    higher_is_better: bool = False
    absolute: bool = False
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """Value over floor, or ``None`` without a floor."""
        if self.floor is None or self.floor == 0:
            return None
        return self.value / self.floor

    @property
    def ok(self) -> bool | None:
        """Whether the target is met; ``None`` when there is no target."""
        if self.target is None:
            return None
        measured = self.value if self.absolute else self.ratio
        if measured is None:
            return None
        return measured >= self.target if self.higher_is_better else measured <= self.target

    def to_dict(self) -> dict[str, object]:
        """JSON-ready record, with the derived ratio and verdict."""
        return {**asdict(self), "ratio": self.ratio, "ok": self.ok}


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return float(statistics.median(values))


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), linear interpolation between order statistics."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of an empty sequence")
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _number(value: float | None, unit: str = "") -> str:
    """Compact human form of a figure."""
    if value is None:
        return "-"
    if abs(value) >= 1000:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}"
    return f"{text} {unit}".rstrip()


def format_table(figures: Sequence[Figure]) -> str:
    """A plain-text table: figure, value, floor, ratio, target and verdict."""
    header = f"{'group':<10} {'figure':<34} {'value':>14} {'floor':>14} {'ratio':>7} {'target':>9}  ok"
    lines = [header, "-" * len(header)]
    for f in figures:
        ratio = f"{f.ratio:.2f}x" if f.ratio is not None else "-"
        if f.target is None:
            target = ""
        else:
            sign = ">=" if f.higher_is_better else "<="
            target = f"{sign}{f.target:g}" + ("" if f.absolute else "x")
        verdict = {True: "yes", False: "NO", None: ""}[f.ok]
        floor = _number(f.floor, f.unit) if f.floor is not None else "-"
        lines.append(
            f"{f.group:<10} {f.name:<34} {_number(f.value, f.unit):>14} {floor:>14} {ratio:>7} {target:>9}  {verdict}"
        )
        if f.floor_name or f.note:
            detail = "; ".join(part for part in (f"floor: {f.floor_name}" if f.floor_name else "", f.note) if part)
            lines.append(f"{'':<10}   {detail}")
    return "\n".join(lines)


def to_json(figures: Sequence[Figure]) -> str:
    """All figures as one JSON array."""
    return json.dumps([f.to_dict() for f in figures], indent=2)
