"""Selective parsing: parse only the sentences that can hold an event.

A cheap pass over the tokenized text (no tagger, parser or NER) splits it into sentences and keeps a sentence when
it has an event word (a form of a lexicon verb whose pattern finds the words it needs in the sentence too, or an act
noun with a possessor or "by") and something that can become an actor (a dictionary phrase, a capitalised word, a
pronoun, a role noun, or a definite phrase that may repeat an earlier one). It also keeps the earlier sentences the
actor stage reads for those: one naming a person that a later "she" or bare surname refers to, one holding the
phrase that a later "the eight members" repeats, and one with an ambiguous name ("Georgia") that only NER confirms.

``parse`` runs the full pipeline over the kept sentences, consecutive ones together, and writes the annotations
into the article's own tokenized Doc: the text, tokens and character offsets are the article's, every sentence is
still there (so sentence indices count them all), and a sentence not kept has tokens and nothing else (no tags,
arcs or entities), so the coder finds no verb in it. Writing into the one Doc was chosen over joining per-sentence
Docs with ``Doc.from_docs``: both give the same tokens and annotations, but joining rebuilds the whole Doc, which
cost about a tenth of the parse time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import numpy
from spacy.attrs import (DEP, ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START,
                         SPACY, TAG)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from .actors import ActorFinder
from .nlp import lines_are_paragraphs
from .events import PatternSet

VOWELS = set("aeiou")

# Irregular forms of the lexicon's verbs and pattern words, and of a few verbs a pattern file may well add ("lead",
# "flee", "win"); the regular -s/-ed/-ing forms come from ``inflections``. tests/test_select.py checks every lexicon
# word against the model's own lemmatizer, so a new irregular verb in verbs.yaml fails a test instead of silently
# losing events.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "beat": ("beat", "beaten"),
    "begin": ("began", "begun"),
    "blow": ("blew", "blown"),
    "break": ("broke", "broken"),
    "bring": ("brought",),
    "build": ("built",),
    "burn": ("burnt",),
    "chide": ("chid", "chidden"),
    "cut": ("cut",),
    "die": ("diing",),  # the lemmatizer's own rule makes it
    "draw": ("drew", "drawn"),
    "drive": ("drove", "driven"),
    "fight": ("fought",),
    "find": ("found",),
    "flee": ("fled",),
    "fly": ("flew", "flown", "flies"),
    "forgive": ("forgave", "forgiven"),
    "freeze": ("froze", "frozen"),
    "get": ("got", "gotten"),
    "give": ("gave", "given"),
    "go": ("went", "gone", "goes"),
    "have": ("has", "had", "'ve", "'d"),
    "hide": ("hid", "hidden"),
    "hit": ("hit",),
    "hold": ("held",),
    "keep": ("kept",),
    "lay": ("laid",),
    "lead": ("led",),
    "leave": ("left",),
    "lend": ("lent",),
    "lie": ("lay", "lain", "lying"),
    "lose": ("lost",),
    "make": ("made",),
    "meet": ("met",),
    "mow": ("mown",),
    "overrun": ("overran", "overrun"),
    "pay": ("paid",),
    "plead": ("pled",),
    "put": ("put",),
    "quit": ("quit",),
    "rebuild": ("rebuilt",),
    "ring": ("rang", "rung"),
    "retake": ("retook", "retaken"),
    "rise": ("rose", "risen"),
    "run": ("ran",),
    "say": ("said",),
    "seek": ("sought",),
    "sell": ("sold",),
    "send": ("sent",),
    "set": ("set",),
    "shoot": ("shot",),
    "show": ("shown",),
    "shut": ("shut",),
    "slay": ("slew", "slain"),
    "speak": ("spoke", "spoken"),
    "spread": ("spread",),
    "steal": ("stole", "stolen"),
    "strike": ("struck", "stricken"),
    "swap": ("swop", "swops", "swopped", "swopping"),
    "swear": ("swore", "sworn"),
    "take": ("took", "taken"),
    "tell": ("told",),
    "throw": ("threw", "thrown"),
    "undertake": ("undertook", "undertaken"),
    "uphold": ("upheld",),
    "win": ("won",),
    "withdraw": ("withdrew", "withdrawn"),
    "withhold": ("withheld",),
    "work": ("wrought",),
    "write": ("wrote", "written"),
}

# An act noun codes only with its actor named by a possessive or "by": "NATO's expulsion", "the attack by ..."
AGENT_WORDS = {"'s", "’s", "'", "’", "its", "their", "his", "her", "our", "my", "your", "whose", "by"}
PRONOUNS = {"he", "she", "him", "her", "his", "it", "its", "they", "them", "their", "we", "our", "i"}
PERSONAL = {"he", "she", "him", "her", "his"}
DEFINITE = {"the", "this", "these", "those", "that"}
ENDS = {".", "!", "?", "...", "…"}
CLOSERS = {'"', "”", "’", "'", ")", "]", "»"}
OPENERS = {'"', "“", "‘", "'", "(", "[", "«"}
APPOSITION = {",", "is", "was"}  # what joins a name to the role that introduces it
ROLE_GAP = 8  # how far after the name its role may come: "Jane Doe, a senior Kenyan opposition politician"
NAME_GAP = 4  # how far after "the" the head of a noun phrase may be: "the eight Russian diplomats"


def inflections(word: str) -> set[str]:
    """The word and its regular and irregular -s, -ed, -ing (and -er, -est) forms, generously: a form that English
    lacks ("visitted") only costs a lookup, a form that is missed costs an event."""
    w = word.lower()
    forms = {w, w + "s"}
    forms.update(IRREGULAR.get(w, ()))
    if w.endswith("man"):
        forms.add(w[:-3] + "men")
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    if w.endswith("y") and len(w) > 1 and w[-2] not in VOWELS:  # carry/carried, ready/readier
        stem = w[:-1] + "i"
        forms.update({stem + "es", stem + "ed", stem + "er", stem + "est", w + "ing"})
    elif w.endswith("ie"):  # tie/tying
        forms.update({w + "d", w[:-2] + "ying", w + "r", w + "st"})
    elif w.endswith("e"):  # seize/seizing, agree/agreeing, close/closer
        forms.update({w + "d", w[:-1] + "ing", w + "ing", w + "r", w + "st"})
    else:
        forms.update({w + "ed", w + "ing", w + "er", w + "est"})
        if w.endswith("c"):  # panic/panicked
            forms.update({w + "ked", w + "king"})
        if len(w) > 1 and w[-1] not in VOWELS | set("wxy") and w[-2] in VOWELS:
            # ban/banned, commit/committed, equip/equipped, and the British travel/travelled
            forms.update({w + w[-1] + "ed", w + w[-1] + "ing", w + w[-1] + "er", w + w[-1] + "est"})
    return forms


def _forms(words: Iterable[str]) -> frozenset[str]:
    """Every form of every word in ``words``; a phrase ("humanitarian aid", "not interested") by each word."""
    out: set[str] = set()
    for phrase in words:
        for w in phrase.split():
            if w != "not":
                out.update(inflections(w))
    return frozenset(out)


def _group(words: Iterable[str]) -> frozenset[str] | None:
    """The forms one of which a pattern needs in the sentence; None when the need cannot be checked without the
    parse: a mark such as "@person" (any named person) or "#score"."""
    words = list(words)
    if any(w[:1] in ("@", "#") for w in words):
        return None
    return _forms(words)


class Lexicon:
    """The verb lexicon turned into surface forms: which token forms can start an event, and which words each
    pattern additionally needs in the sentence (its object, particle, preposition, complement or content)."""

    def __init__(self, patterns: PatternSet):
        self.needs: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for lemma, plist in patterns.by_verb.items():
            needs = []
            for p in plist:
                if p.transparent or p.code is None:
                    continue  # codes nothing itself: the complement verb, a lexicon verb too, is the event word
                groups = [_group(p.object) if p.object else None,
                          frozenset({p.particle.lower()}) if p.particle else None,
                          frozenset(p.prep) if p.prep else None,
                          _group(p.words) if p.words else None,
                          _group(p.content) if p.content else None]
                needs.append(tuple(g for g in groups if g is not None))
            if needs:
                for form in inflections(lemma):
                    self.needs.setdefault(form, []).extend(needs)
        self.nominal = _forms(patterns.nominal)

    def event_word(self, words: set[str]) -> str | None:
        """A word of ``words`` (a sentence's lower-case forms) that can start an event, or None."""
        for w in sorted(words & self.needs.keys()):
            for groups in self.needs[w]:
                if all(g & words for g in groups):
                    return w
        if words & self.nominal and words & AGENT_WORDS:
            return min(words & self.nominal)
        return None


@dataclass(frozen=True)
class Sentence:
    start: int  # token indices in the article's tokenized Doc, end exclusive
    end: int
    selected: bool
    why: str  # what selected it (an event word and an actor clue, or the context a later sentence needs), or why not


@dataclass
class _Facts:
    """What the cheap pass sees in one sentence."""

    start: int
    end: int
    words: set[str]
    event: str | None  # an event word
    clue: str | None  # why an actor may be found here
    has_names: bool  # a dictionary phrase or a capitalised word: a phrase here may be an actor
    introduced: set[str]  # capitalised words after a title: a person introduced ("Minister Sergei Lavrov")
    personal: bool  # "he", "she": refers to the last person named
    stems: set[str]  # the words' stems, for a later sentence's "the eight members"
    refers: set[str]  # stems of the words after "the", "these": may refer back to an earlier phrase
    anaphoric: bool  # "the alliance", "both sides": refers to the last organisation or countries named
    ambiguous: bool  # a name such as "Chad" or "Georgia" that counts only where NER sees a place

    @property
    def selected(self) -> bool:
        return bool(self.event and self.clue)


class Selector:
    """Built once per pipeline: the lexicon's forms and the actor phrase matchers."""

    def __init__(self, finder: ActorFinder, patterns: PatternSet):
        self.finder = finder
        self.lexicon = Lexicon(patterns)
        self.roles = _forms(role.split()[-1] for role in finder.d.roles)
        self.titles = _forms(title.split()[-1] for title in finder.d.titles)
        self.words: dict[int, Word] = {}  # by orth: what this pass reads of a word is the same wherever it stands

    def __call__(self, doc: Doc) -> list[Sentence]:
        """Split the tokenized ``doc`` into sentences and decide which to parse: those that can hold an event, and
        the earlier ones that the actor stage reads for them (a person a pronoun refers to, the phrase a definite
        noun phrase repeats, an ambiguous name that NER must confirm)."""
        facts = self._facts(doc)
        why: dict[int, str] = {}
        for i, f in enumerate(facts):
            if f.selected:
                why[i] = f"{f.event!r} with {f.clue}"
        introduced: set[str] = set()
        for i, f in enumerate(facts):
            refers_to_person = f.personal or bool(f.words & introduced)
            introduced |= f.introduced
            if not f.selected:
                continue
            for j, e in enumerate(facts[:i]):
                if j in why:
                    continue
                if refers_to_person and (e.introduced or e.words & introduced):
                    why[j] = f"context: names a person that sentence {i} may refer to"
                elif e.has_names and f.refers & e.stems:
                    why[j] = f"context: a phrase that sentence {i} may repeat"
                elif e.ambiguous and (j == i - 1 or f.anaphoric or f.personal):
                    why[j] = f"context: an ambiguous name that sentence {i} may refer to"
        return [Sentence(f.start, f.end, i in why,
                         why.get(i) or ("no actor" if not f.clue else "no event word")) for i, f in enumerate(facts)]

    def _facts(self, doc: Doc) -> list[_Facts]:
        """Each sentence's words, event word, actor clue and references, from the tokens and phrase matchers."""
        named = [False] * len(doc)
        ambiguous = [False] * len(doc)
        anaphoric = [False] * len(doc)
        strings = doc.vocab.strings
        for key, s, e in self.finder.names(doc):
            unsure = any(entry.ambiguous for entry in self.finder.d.names.get(strings[key], ()))
            for i in range(s, e):
                named[i] = True
                ambiguous[i] = ambiguous[i] or unsure
        for _, s, e in self.finder.anaphors(doc):
            for i in range(s, e):
                named[i] = anaphoric[i] = True
        out: list[_Facts] = []
        earlier: set[str] = set()  # stems of words in earlier sentences that may hold an actor
        tokens, spaced = self._read(doc)
        for start, end in split(tokens, spaced, lines_are_paragraphs(doc.text)):
            sentence = tokens[start:end]
            words = {t.lower for t in sentence}
            stems = {t.stem for t in sentence}
            has_name = any(named[start:end])
            capitalised = _capitalised(sentence)
            refers = {n.stem for i, t in enumerate(sentence) if t.lower in DEFINITE
                      for n in sentence[i + 1: i + 1 + NAME_GAP] if n.alpha and not n.stop}
            clue = ("a dictionary phrase" if has_name else "a capitalised word" if capitalised
                    else "a pronoun" if words & PRONOUNS else "a role noun" if words & self.roles
                    else "a definite phrase seen before" if refers & earlier else None)
            out.append(_Facts(start, end, words, self.lexicon.event_word(words) if clue else None, clue,
                              has_name or capitalised, self._introduced(sentence), bool(words & PERSONAL), stems,
                              refers, any(anaphoric[start:end]), any(ambiguous[start:end])))
            if has_name or capitalised:
                earlier |= stems
        return out

    def _introduced(self, tokens: list[Word]) -> set[str]:
        """The people a sentence introduces, whom a later "she" or bare surname may mean: the capitalised words
        after a title or role ("Minister Sergei Lavrov", "the prime minister, John Smith"), and a name given a role
        in apposition ("Jane Doe, a senior opposition politician,"; "Jane Doe is an opposition politician")."""
        names: set[str] = set()
        for i, t in enumerate(tokens):
            if t.lower in self.titles or t.lower in self.roles:
                names |= _name_at(tokens, i + 2 if i + 1 < len(tokens) and tokens[i + 1].text == "," else i + 1)
            elif t.lower in APPOSITION and self._role_within(tokens, i + 1):
                names |= _name_ending(tokens, i)
        return names

    def _role_within(self, tokens: list[Word], start: int) -> bool:
        """A role or title word among the next few words, before a comma or the sentence's end."""
        for t in tokens[start:start + ROLE_GAP]:
            if t.text == "," or t.end:
                return False
            if t.lower in self.roles or t.lower in self.titles:
                return True
        return False

    def _read(self, doc: Doc) -> tuple[list[Word], list[bool]]:
        """Each token's word, and whether a space follows it, read from the token arrays."""
        if not len(doc):
            return [], []
        if len(self.words) > WORDS_LIMIT:
            self.words.clear()
        words = self.words
        out = []
        rows = doc.to_array([ORTH, SPACY]).tolist()
        for orth, _ in rows:
            word = words.get(orth)
            if word is None:
                word = words[orth] = Word(doc.vocab[orth])
            out.append(word)
        return out, [bool(space) for _, space in rows]


WORDS_LIMIT = 500_000  # words remembered; beyond it they are forgotten, to bound the memory a long run takes


class Word:
    """What the cheap pass reads of a word form (a spaCy lexeme), worked out once."""

    __slots__ = ("text", "lower", "stem", "alpha", "title", "capital", "stop", "space", "end", "closer",
                 "abbreviation", "opens", "blank_line", "line_break")

    def __init__(self, lexeme):
        self.text = text = lexeme.orth_
        self.lower = lexeme.lower_
        self.stem = _stem(self.lower)
        self.alpha = lexeme.is_alpha
        self.title = lexeme.is_title
        self.capital = text[:1].isupper()
        self.stop = self.lower in STOP_WORDS
        self.space = lexeme.is_space
        self.end = text in ENDS
        self.closer = text in CLOSERS
        # "Lt", "Gen", "J": a short capitalised word before a full stop is more likely a title or an initial
        self.abbreviation = self.alpha and (len(text) == 1 or (len(text) <= 3 and self.capital and not lexeme.is_upper))
        c = text[:1]
        self.opens = c.isupper() or c.isdigit() or text in OPENERS or c in OPENERS
        self.blank_line = self.space and text.count("\n") >= 2
        self.line_break = self.space and "\n" in text


def _name_at(tokens: list[Word], start: int) -> set[str]:
    """The lower-case words of the run of capitalised words from ``start``."""
    names = set()
    for t in tokens[start:]:
        if not (t.alpha and t.title):
            break
        names.add(t.lower)
    return names


def _name_ending(tokens: list[Word], end: int) -> set[str]:
    """The lower-case words of a name of two or more capitalised words just before ``end``; one word ("Monday,",
    "Moscow is") is too often no person."""
    start = end
    while start > 0 and tokens[start - 1].alpha and tokens[start - 1].title:
        start -= 1
    return {t.lower for t in tokens[start:end]} if end - start >= 2 else set()


def _capitalised(tokens: list[Word]) -> bool:
    """A capitalised word that may be a name: not the sentence's first word unless that is no common word."""
    first = True
    for t in tokens:
        if not t.alpha:
            continue
        if t.capital and (not first or not t.stop):
            return True
        first = False
    return False


def _stem(word: str) -> str:
    for suffix in ("ies", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def split(tokens: list[Word], spaced: list[bool], lines: bool = False) -> list[tuple[int, int]]:
    """Sentence bounds by punctuation, cautiously: after ".", "!" or "?" (and any closing quote) followed by space
    and a capital, digit or opening quote, and not after a short capitalised word ("Lt.", "Gen."); and at a blank
    line, or with ``lines`` at any line break, as ``nlp.paragraph_breaks`` sets them. A missed boundary costs
    little, since the parser splits a selected sentence again where it sees one; a wrong one would split a
    sentence the full parse keeps whole."""
    bounds: list[tuple[int, int]] = []
    start = 0
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        if t.end and i > start and not tokens[i - 1].abbreviation:
            j = i
            while j + 1 < n and tokens[j + 1].closer and not spaced[j]:
                j += 1
            k = j + 1
            while k < n and tokens[k].space:
                k += 1
            if k < n and (spaced[j] or k > j + 1) and tokens[k].opens:
                bounds.append((start, k))
                start = k
                i = k
                continue
        if (t.blank_line or (lines and t.line_break)) and i > start and i + 1 < n:
            bounds.append((start, i + 1))  # a blank line ends a sentence, as nlp.paragraph_breaks says
            start = i + 1
        i += 1
    if start < n:
        bounds.append((start, n))
    return bounds


WHOLE = 0.75  # share of an article's tokens selected past which the whole article is parsed at once (bench/speed.py)

# What the pipeline writes on tokens. NORM is here because the attribute ruler may change it; unparsed tokens keep
# the tokenizer's value.
ANNOTATIONS = [NORM, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, ENT_KB_ID, ENT_ID]


def parse(nlp, doc: Doc, sentences: list[Sentence]) -> Doc:
    """``doc`` (the article tokenized, as the selector saw it) with the selected sentences run through the full
    pipeline and the others left as tokens, each one sentence with no tags, arcs or entities.

    Consecutive selected sentences are parsed together, as in a full parse, so only the edges of a run miss the
    context of their neighbours. The annotations are written into ``doc`` itself, so text, tokens and character
    offsets are exactly those of the article; sentence bounds come from the parser within a run and from the
    selector elsewhere."""
    spans = runs_to_parse(sentences)
    if spans == [(0, len(doc))]:
        return nlp(doc)  # all of it: the pipeline annotates the Doc in place
    return assemble(doc, sentences, list(nlp.pipe(doc[a:b].as_doc() for a, b in spans)))


def runs_to_parse(sentences: list[Sentence], whole: float = WHOLE) -> list[tuple[int, int]]:
    """The token ranges to parse: each run of consecutive selected sentences; or the whole text when the runs
    cover ``whole`` of its tokens, since cutting out and writing back many runs then costs more than the few
    tokens it saves."""
    runs: list[tuple[int, int, bool]] = []
    for s in sentences:
        if runs and runs[-1][2] == s.selected:
            runs[-1] = (runs[-1][0], s.end, s.selected)
        else:
            runs.append((s.start, s.end, s.selected))
    chosen = [(a, b) for a, b, selected in runs if selected]
    total = sentences[-1].end if sentences else 0
    if total and sum(b - a for a, b in chosen) >= whole * total:
        return [(0, total)]
    return chosen


def assemble(doc: Doc, sentences: list[Sentence], parsed: list[Doc]) -> Doc:
    """Write the parses of ``runs_to_parse(sentences)``, in order, into ``doc``, and set the sentence starts.
    Parsing the runs of many articles in one ``nlp.pipe`` stream and assembling each article gives the same
    annotations as ``parse`` article by article."""
    spans = runs_to_parse(sentences)
    if parsed:
        values = doc.to_array(ANNOTATIONS)
        for (a, b), run in zip(spans, parsed):
            values[a:b] = run.to_array(ANNOTATIONS)  # heads are relative, so a run's rows move as they are
        doc.from_array(ANNOTATIONS, values)
    if not len(doc):
        return doc
    # The arcs set the sentence starts inside runs; an unparsed sentence has no arcs, so its start is set here.
    starts = doc.to_array([SENT_START]).astype(numpy.int64)
    for s in sentences:
        if not s.selected:
            starts[s.start:s.end] = -1
            starts[s.start] = 1
    for a, _ in spans:
        starts[a] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))
    return doc
