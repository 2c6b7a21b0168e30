"""Answers questions about news articles with verbatim, attributed quotes."""

from assistant.answer import Answer, Citation
from assistant.core import AddResult, Assistant
from assistant.settings import Settings

__all__ = ["AddResult", "Answer", "Assistant", "Citation", "Settings"]
