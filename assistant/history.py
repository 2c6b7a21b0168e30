"""Chat history as plain records, whatever shape the caller sent it in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    """One earlier message of the chat."""

    role: str
    content: str


def normalize_history(history: Sequence[str | dict | Turn] | None) -> list[Turn]:
    """Turns from strings (user questions) or ``{"role", "content"}`` messages, oldest first."""
    turns: list[Turn] = []
    for item in history or ():
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, str):
            turns.append(Turn("user", item))
        elif isinstance(item, dict) and isinstance(item.get("content"), str):
            turns.append(Turn(str(item.get("role") or "user"), item["content"]))
    return [t for t in turns if t.content.strip()]


def user_questions(turns: Sequence[Turn]) -> list[str]:
    """The user's earlier questions, oldest first."""
    return [t.content for t in turns if t.role == "user"]
