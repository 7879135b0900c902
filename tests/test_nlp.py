"""The model as dragoman loads it: the attribute ruler and lemmatizer as one remembered pass, and numpy's BLAS for
the networks, give what spaCy's own give, token by token."""

import pytest

from dragoman.batch import sample_dir
from dragoman.clean import clean
from dragoman.ingest import iter_articles
from dragoman.model import Article
from dragoman.nlp import ATTRIBUTES, TokenAttributes, load

# The ruler's patterns of two tokens ("there is", "let's", "gonna", "ain't", "y'all", "c'mon"), its rules on the
# dependency ("it" as subject and object, "but" as an adverb, "that" as a pronoun), and words in several roles.
TRICKY = (
    "There is no deal, and there were no talks. Let's go, she said. I ain't gonna sign it and y'all gotta see that. "
    "C'mon, they told it to me but I did not believe it. Who did that? The talks, which had stalled, resumed.\n\n"
    "He gets what he got: the US got sanctions lifted.   It was there.\tThat is all."
)


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_,
             t.is_sent_start) for t in doc]


@pytest.fixture(scope="module")
def models(pipeline):
    return pipeline.nlp, load(pipeline.config.model, stock=True)


def test_the_remembered_pass_replaces_the_ruler_and_lemmatizer(models):
    fast, stock = models
    assert ATTRIBUTES in fast.pipe_names and ATTRIBUTES not in stock.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.pipe_names)
    assert fast.get_pipe("lemmatizer") is not None  # disabled, still there to be read
    assert TokenAttributes.fits(stock)


def test_matrix_products_go_to_numpy_and_the_stock_model_keeps_blis(models):
    fast, stock = models
    for name in ("tok2vec", "parser", "ner"):
        assert fast.get_pipe(name).model.ops.use_blis is False
        assert stock.get_pipe(name).model.ops.use_blis is True


def test_same_annotations_as_spacy_on_the_rules_of_several_tokens(models):
    fast, stock = models
    for _ in range(2):  # the second time every token is remembered
        assert annotations(fast(TRICKY)) == annotations(stock(TRICKY))


def test_same_annotations_as_spacy_on_the_samples(models):
    fast, stock = models
    texts = [clean(a).text for a in iter_articles([str(sample_dir())]) if isinstance(a, Article)]
    assert texts
    for ours, theirs in zip(fast.pipe(texts), stock.pipe(texts)):
        assert annotations(ours) == annotations(theirs)


def test_forgetting_keeps_the_annotations(models, monkeypatch):
    fast, stock = models
    attributes = fast.get_pipe(ATTRIBUTES)
    fast("Zanzibar")
    monkeypatch.setattr(attributes, "LIMIT", 3)
    assert annotations(fast(TRICKY)) == annotations(stock(TRICKY))
    assert fast.vocab.strings["Zanzibar"] not in {orth for orth, _, _ in attributes.hits}
