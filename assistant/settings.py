"""One frozen settings object, built at the entry point and passed down."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.loaders import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    """Knobs for loading, indexing and answering.

    Args:
        cache_dir: where indexes are kept; ``None`` means the per-user cache folder.
        top_k: most quotes in one answer.
        max_question_chars: longer questions (and history turns) are truncated; the answer says so.
        max_history_turns: only this many of the latest chat turns are read.
        max_file_bytes: larger article files are rejected.
        batch_size: sentences embedded per model call.
        progress: show progress bars on long work.
    """

    cache_dir: Path | None = None
    top_k: int = 5
    max_question_chars: int = 1000
    max_history_turns: int = 20
    max_file_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 64
    progress: bool = True

    def __post_init__(self) -> None:
        for name in ("top_k", "max_question_chars", "max_history_turns", "max_file_bytes", "batch_size"):
            value = getattr(self, name)
            if value <= 0:
                raise ValueError(f"{name} must be greater than 0. Currently, {name} is {value}")

    @property
    def index_dir(self) -> Path:
        """The cache folder actually used."""
        from index.store import default_cache_dir

        return self.cache_dir or default_cache_dir()
