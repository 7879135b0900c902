"""Find actor mentions in a parsed article and resolve noun phrases to actors.

Mentions come from the dictionaries (names, demonyms, capitals, seats, organisations), from anaphors such as
"the military alliance" (the last organisation of that kind), and from people: a person takes the country and
sector of the title before the name ("Russian Foreign Minister Sergei Lavrov"), and a later bare surname or "he"
takes the same actor. Every actor carries ``why``, the entry or rule that produced it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.attrs import LOWER, ORTH, POS
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.symbols import PRON
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..model import Actor
from .dictionary import Dictionary, Entry, family_first, surname

MODIFIER_DEPS = {"compound", "amod", "poss", "nmod", "npadvmod"}
DEFINITE = {"the", "this", "these", "those", "that"}
NATIONAL = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY"}  # sectors whose "the ..." means a state's own body
PERSONAL = {"he", "she", "him", "her", "his"}
PLACED = {"people", "spread group"}  # of where the text puts them: "Kurds in Syria", "Islamic State fighters in Iraq"
DIRECTIONS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "north-east",
              "north-west", "south-east", "south-west"}
POSSESSIVES = {"its", "their"}
LEADING = {"led", "installed", "appointed", "run", "controlled"}  # "Saudi-led", "Russian-installed": of the leader
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame"}
GROUPS = {"group", "spread group"}  # mention kinds of non-state groups
NO_ACTOR = {"nonactor", "media"}  # mention kinds that stand for no actor: commentators, news organisations
LISTED = {"name", "adjective", "capital", "people", "place"}  # mention kinds that can make a list of countries
QUANTIFIERS = {"other", "many", "several", "some", "all", "most", "few", "more", "fewer", "those", "such", "these",
               "member", "neighbouring", "neighboring"}
NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "eleven": 11, "twelve": 12}
GROUP_NOUNS = {"group", "movement", "organisation", "organization", "faction", "outfit"}  # "the group" is the last one
PERSONAL_IDS = {get_string_id(w) for w in PERSONAL}
THEY_ID = get_string_id("they")
IT_ID = get_string_id("it")
COMPASS = {"North", "South"}
# "it is", "it seems", "it emerged that": no one; "it signed", "it said": the body named before
IMPERSONAL = {"be", "seem", "appear", "remain", "take", "emerge", "happen", "mean", "matter", "become", "rain", "come",
              "look", "sound", "feel", "cost", "make", "get", "go"}
# nouns that act for their possessor: "the governor's office declined to comment" is the governor speaking
STAND_INS = {"office", "camp", "team", "aides", "aide", "campaign", "lawyer", "lawyers", "attorney", "attorneys"}


@dataclass(frozen=True)
class Mention:
    start: int  # token indices, end exclusive
    end: int
    actor: Actor
    kind: str


class ActorFinder:
    """Built once per model and dictionary (the phrase matchers are the costly part); called once per article."""

    def __init__(self, nlp, d: Dictionary):
        self.d = d
        self.names = PhraseMatcher(nlp.vocab, attr="ORTH")
        for phrase in d.names:
            self.names.add(phrase, [nlp.make_doc(phrase)])
        self.anaphors = PhraseMatcher(nlp.vocab, attr="LOWER")
        for phrase in d.anaphors:
            self.anaphors.add(phrase, [nlp.make_doc(phrase)])
        for phrase in d.pairs:
            self.anaphors.add("PAIR", [nlp.make_doc(phrase)])
        # titles by their letters alone: "Lt. Gen." is split one way in a list and another before a name
        self.titles = {t.replace(" ", ""): t for t in d.titles}

    def __call__(self, doc: Doc, published: str | None = None, location: str | None = None) -> "DocActors":
        return DocActors(doc, self, published, location)


class DocActors:
    """The actors of one article: its mentions in order, and the resolution of any noun phrase."""

    def __init__(self, doc: Doc, finder: ActorFinder, published: str | None = None, location: str | None = None):
        self.doc = doc
        self.d = finder.d
        self._titles = finder.titles
        self.published = published
        self.mentions: list[Mention] = []
        self._by_token: dict[int, Mention] = {}
        self._pairs: dict[int, tuple[Actor, Actor]] = {}
        self._groups: dict[int, tuple[Actor, ...] | None] = {}  # "the four countries", "they": their members
        self._lists: list[tuple[int, Token, tuple[Actor, ...]]] | None = None
        self._starts: list[int] | None = None  # sentence starts, read once when a window needs them
        self.main_country: Actor | None = None
        self.home_country: Actor | None = None  # the main country, when no other is named as often
        self._find(finder)
        if self.home_country is None and location:
            self.home_country = self._dateline_country(location)

    # -- mentions, in document order ---------------------------------------------------------------------------

    def _find(self, m: ActorFinder) -> None:
        doc = self.doc
        spans = [Span(doc, s, e, label=doc.vocab.strings[k]) for k, s, e in m.names(doc)]
        spans += [Span(doc, s, e, label="PAIR" if doc.vocab.strings[k] == "PAIR" else "ANAPHOR")
                  for k, s, e in m.anaphors(doc)]
        spans += [_bare_name(ent) for ent in doc.ents if ent.label_ == "PERSON"]
        spans += [Span(doc, ent.start, ent.end, label=ent.text.title()) for ent in doc.ents  # "tunisian", "iSrael"
                  if ent.label_ in ("GPE", "NORP") and ent.text[:1].islower() and ent.text.title() in self.d.names]
        last_org: list[tuple[str, tuple[str, ...], Actor]] = []
        people: dict[str, Actor] = {}
        initials: dict[str, Actor] = {}
        pronouns = [doc[i] for i in _where(doc, [LOWER, POS], lambda low, pos: low in PERSONAL_IDS and pos == PRON)]
        chosen = sorted(filter_spans(spans), key=lambda s: s.start)
        self.main_country = self._main_country(chosen)
        countries: list[tuple[int, Actor]] = []  # with the start of the sentence naming them
        events = sorted([(s.start, 0, s) for s in chosen] + [(t.i, 1, t) for t in pronouns], key=lambda x: x[:2])
        unlisted: list[tuple[Span, Actor]] = []  # people no dictionary or title places: their role may be after them
        for _, is_pron, item in events:
            if is_pron:
                continue
            span: Span = item
            if span.label_ == "PAIR":
                distinct = _pair(span, countries)
                sector = self.role(span.root)  # "the two ministers" are both governments
                if len(distinct) == 2:
                    for i in range(span.start, span.end):
                        self._pairs[i] = tuple(replace(_at(a, span, f"{span.text!r}: the last two countries named, "
                                                                    f"{distinct[1].country} and {distinct[0].country}"),
                                                       sector=sector or a.sector)
                                               for a in reversed(distinct))
                continue
            if span.label_ == "ANAPHOR":
                kinds = self.d.anaphors[span.text.lower()]
                for org, org_kinds, actor in reversed(last_org):
                    if set(kinds) & set(org_kinds):
                        self._add(span.start, span.end,
                                  _at(actor, span, f"anaphor {span.text!r}: the last {'/'.join(kinds)} named, {org}"),
                                  "anaphor")
                        break
                continue
            if span.label_ == "PERSON" and span.text not in self.d.names:
                actor = self._person(span, people)
                if actor is None and not _inside_name(span, self.d, people):
                    actor = Actor(span.text, span.text, (span.start_char, span.end_char),
                                  why="a person named in the text, not in the dictionaries")
                    people[span.text] = people.setdefault(surname(span.text) or span.text, actor)
                    unlisted.append((span, actor))
                if actor is not None:  # not a person's name inside another ("Trump Tower")
                    self._add(span.start, span.end, actor, "person")
                continue
            if span.text in initials:  # "the Rapid Support Forces ... RSF fighters", not Reporters Without Borders
                self._add(span.start, span.end, _at(initials[span.text], span, f"acronym of the earlier "
                                                                             f"{initials[span.text].text!r}"), "acronym")
                continue
            if span.text in people:  # a name the article introduced wins over a namesake in the dictionary
                self._add(span.start, span.end, _at(people[span.text], span, f"same person as the earlier "
                                                                           f"{people[span.text].text!r}"), "person")
                continue
            entry = self.d.lookup(_phrase(span, self.d), self.published)
            if entry is None or entry.kind == "exclude" or (entry.ambiguous and not self._supported(span, entry.kind)):
                continue
            if _stance(span):  # "an anti-Syria journalist", "pro-Russia rebels" are neither Syria's nor Russia's
                continue
            if entry.kind == "adjective" and _quoted_label(span):  # the "Nigerian prince" scam is no one Nigerian
                continue
            actor = _entry_actor(entry, span)
            if entry.kind == "person":
                titled = self._title_before(span, explicit=True)  # "Georgian President Eduard Shevardnadze"
                if titled is not None and titled.country and titled.country != actor.country:
                    actor = replace(titled, why=f"{titled.why}, over {entry.origin}'s {entry.country}")
                actor = self._of_country(span, actor)
                short = self.d.family_names.get(span.text) or surname(span.text) or span.text
                people[span.text] = people[short] = actor
            self._add(span.start, span.end, actor, entry.kind)
            if (short := _initials(span)) is not None:
                initials.setdefault(short, actor)
            if entry.country and not entry.org:
                countries.append((span.sent.start, actor))
            if entry.org:
                last_org.append((entry.org, self.d.org_kinds.get(entry.org, ()), actor))
        self._described(unlisted, people)
        self._later_surnames(people)
        self._later_acronyms(initials)
        self._pronouns(pronouns)
        self._compass()
        self._it()
        self.mentions.sort(key=lambda m: m.start)  # the late passes add mentions out of order
        self._they()

    def _pronouns(self, pronouns: list[Token]) -> None:
        """"he", "she": of the people the last sentence naming any names, the last in subject position, else the
        first named there."""
        people = sorted((m for m in self.mentions if m.kind == "person"), key=lambda m: m.start)
        for t in pronouns:
            before = [m for m in people if m.start < t.i]
            if not before:
                continue
            sent = self._window(self.doc[before[-1].start], 0)
            last = [m for m in before if m.start >= sent]
            subjects = [m for m in last if _subject_position(self.doc[m.start:m.end])]
            person = (subjects or last[:1])[-1].actor
            self._add(t.i, t.i + 1, _at(person, t, f"pronoun: {person.text!r}, the subject of the last sentence "
                                                   f"naming a person"), "pronoun")

    def _compass(self) -> None:
        """"the North", "the South": the country named last whose name starts so ("North Korea", "South Sudan")."""
        countries = sorted((m for m in self.mentions if m.actor.country and not m.actor.org
                            and m.kind not in ("person", "pronoun")), key=lambda m: m.start)
        for t in self.doc:
            if t.text not in COMPASS or t.i == 0 or self.doc[t.i - 1].lower_ != "the" or t.i in self._by_token:
                continue
            after = self.doc[t.i + 1] if t.i + 1 < len(self.doc) else None
            if after is not None and after.text[:1].isupper():  # "the North Atlantic", "the South China Sea"
                continue
            named = [m for m in countries if m.start < t.i and m.actor.name.split()[0] == t.text
                     and len(m.actor.name.split()) > 1]
            if named:
                actor = replace(named[-1].actor, sector=None)
                self._add(t.i - 1, t.i + 1, _at(actor, self.doc[t.i - 1:t.i + 1],
                                                f"'the {t.text}': {actor.name}, the last country named so"), "anaphor")

    def _it(self) -> None:
        """"it" as the subject of an act: the last state or body named as a subject in its own or the last
        sentence ("Panama has faced criticism. Last month it signed agreements with Japan")."""
        bodies = sorted((m for m in self.mentions if m.kind not in ("person", "pronoun", "adjective")
                         and (m.actor.country or m.actor.org)), key=lambda m: m.start)
        for i in _where(self.doc, [LOWER, POS], lambda low, pos: low == IT_ID and pos == PRON):
            t = self.doc[i]
            if t.dep_ not in ("nsubj", "nsubjpass") or t.head.lemma_.lower() in IMPERSONAL or i in self._by_token:
                continue
            if t.head.dep_ not in ("ROOT", "conj"):  # "said it killed", "the men it accused": their clause decides
                continue
            first = self._window(t, 1)
            before = [m for m in bodies if first <= m.start < t.i and _subject_position(self.doc[m.start:m.end])]
            if before:
                actor = before[-1].actor
                self._add(i, i + 1, _at(actor, t, f"pronoun 'it': {actor.text!r}, the last state or body named as a "
                                                  f"subject"), "pronoun")

    def _described(self, unlisted: list[tuple[Span, Actor]], people: dict[str, Actor]) -> None:
        """A person the dictionaries don't know takes the role an apposition or a role noun before the name gives:
        "Jane Doe, a senior opposition politician", "the head of the party, Jane Doe", "police chief Jane Doe". Of
        the country that role names, else of the article's main country; someone who only comments on the news
        ("Jane Doe, an analyst at ...") is no actor at all."""
        for span, actor in unlisted:
            role = self._role_of(span)
            if role is None:
                continue
            word, found = role
            if found is None:
                new, kind = replace(actor, why=f"{actor.why}; {word.text!r}: a commentator, not an actor"), "nonactor"
            else:
                home = self._sentence_country(span) or self.main_country
                country = found.country if found.key else (home.country if home else None)
                where = found.why if found.key else (home.why if home else "no country")
                new, kind = replace(actor, country=country, org=found.org, sector=found.sector,
                                    why=f"{actor.why}, described as {word.text!r}: {found.sector}, {where}"), "person"
            for key, known in list(people.items()):
                if known is actor:
                    people[key] = new
            for m in list(self.mentions):
                if m.actor.name == actor.name and m.actor.sector is None and not m.actor.key \
                        and m.kind in ("person", "pronoun"):
                    self._add(m.start, m.end, replace(new, text=m.actor.text, span=m.actor.span), kind)
                    self.mentions.remove(m)

    def _role_of(self, span: Span) -> tuple[Token, Actor | None] | None:
        """The role noun that describes a name, and its actor (None for a commentator's role)."""
        root = span.root
        if (word := next((t for t in span if t.i < root.i and self.nonactor(t)), None)) is not None:
            return word, None  # "Professor Jane Doe", where NER took the title into the name
        words = [c for c in root.children if c.dep_ == "appos" and c.i >= span.end]
        words += self._list_role(root)
        if root.dep_ == "appos" and root.head.i < span.start:
            words.append(root.head)
        words += [c for c in root.lefts if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < span.start]
        for word in words:
            named = self._by_token.get(word.i)
            if self.nonactor(word) or (named is not None and named.kind == "media") \
                    or any(self._by_token.get(c.i) is not None and self._by_token[c.i].kind == "media"
                           for c in word.children if c.dep_ in ("compound", "poss", "nmod")):
                return word, None  # "NPR's Jane Doe", "Reuters correspondent Jane Doe"
            if named is not None and named.kind == "party":  # "Labour's Mr Ferris"
                return word, named.actor
            if word.i in self._by_token:
                continue
            found = self.actor_for(word, depth=1)
            # "Jane Doe, the party's envoy" gives a sector; "Jane Doe, South Korea's special representative" a country
            if found is not None and (found.sector or found.key):
                return word, found
        return None

    def _list_role(self, root: Token) -> list[Token]:
        """"Jane Doe, John Roe and Ann Poe, the three opposition candidates": a plural apposition after a list of
        names describes each of them."""
        head = self._list_head(root)
        members = [t for t in head.subtree if t.i >= head.i and t.ent_type_ == "PERSON" and t.dep_ in ("conj", "appos")]
        return [c for t in [head, *members] for c in t.children
                if c.dep_ == "appos" and c.tag_ in ("NNS", "NNPS") and c.ent_type_ != "PERSON" and c.i > root.i]

    def nonactor(self, token: Token) -> bool:
        """A noun for someone who comments on events or is outside politics: analyst, researcher, forecaster."""
        comp = [c for c in token.lefts if c.dep_ in ("compound", "amod")]
        return any(f"{c.lower_} {token.lemma_.lower()}" in self.d.nonactors for c in comp) \
            or token.lemma_.lower() in self.d.nonactors or token.lower_ in self.d.nonactors

    def _later_acronyms(self, initials: dict[str, Actor]) -> None:
        """An acronym the dictionary does not list, after the name it abbreviates ("the Movement for the
        Emancipation of the Niger Delta ... MEND")."""
        names = {get_string_id(a) for a in initials}
        for i in _where(self.doc, [ORTH], lambda orth: orth in names) if names else ():
            t = self.doc[i]
            known = initials[t.text]
            if len(t.text) > 2 and t.i not in self._by_token and t.idx > known.span[0]:
                self._add(t.i, t.i + 1, _at(known, t, f"acronym of the earlier {known.text!r}"), "acronym")

    def _later_surnames(self, people: dict[str, Actor]) -> None:
        """A bare surname that NER missed ("Quispe said") after the person was introduced."""
        names = {get_string_id(name) for name in people}
        for i in _where(self.doc, [ORTH], lambda orth: orth in names) if names else ():
            t = self.doc[i]
            known = people.get(t.text)
            if known is None or t.i in self._by_token or t.pos_ != "PROPN" or t.idx <= known.span[0]:
                continue
            self._add(t.i, t.i + 1, _at(known, t, f"same person as the earlier {known.text!r}"), "person")

    def _main_country(self, spans: list[Span]) -> Actor | None:
        """The country the article names most often, people in office included: the country of a title given
        without one."""
        counts: dict[str, list[Entry]] = {}
        for span in spans:
            entry = (self.d.lookup(_phrase(span, self.d), self.published)
                     if span.label_ not in ("ANAPHOR", "PAIR") else None)
            if entry is None or not entry.country or entry.org:
                continue
            # a listed surname counts where NER sees a person: "Obama" says the story is American
            if not entry.ambiguous or (entry.kind == "person" and self._supported(span, "person")):
                counts.setdefault(entry.country, []).append(entry)
        if not counts:
            return None
        code, entries = max(counts.items(), key=lambda kv: len(kv[1]))  # ties: the first named, dicts keep order
        clear = sum(1 for v in counts.values() if len(v) == len(entries)) == 1
        main = Actor(entries[0].name, entries[0].name, (0, 0), country=code,
                     why=f"the country the article names most ({code}, {len(entries)} times)")
        self.home_country = main if clear else None
        return main

    def _of_country(self, span: Span, actor: Actor) -> Actor:
        """"King Hassan of Morocco": the country named after the person is theirs, whatever namesake the list has."""
        doc = self.doc
        if span.end + 1 < len(doc) and doc[span.end].lower_ == "of":
            for n in (3, 2, 1):
                entry = self.d.lookup(doc[span.end + 1:span.end + 1 + n].text)
                if entry is not None and entry.kind == "name" and entry.country and not entry.org:
                    if entry.country == actor.country:
                        return actor
                    return replace(actor, country=entry.country, name=entry.name,
                                   why=f"{actor.why}; of {entry.name} as the text says")
        return actor

    def _sentence_country(self, span: Span) -> Actor | None:
        """The country named last before ``span`` in its sentence: "Kenyan President Jane Doe and opposition leader
        John Roe met" makes Roe Kenyan."""
        first = span.sent.start
        for m in reversed(self.mentions):
            if first <= m.start < span.start and m.actor.country and not m.actor.org:
                return replace(m.actor, why=f"the country named before in the sentence ({m.actor.country})")
        return None

    def _dateline_country(self, place: str) -> Actor | None:
        """The country of the dateline's place ("LAHORE:"), when the text names no country more than the others."""
        for name in [place] + [p.strip() for p in place.split(",")][::-1]:  # "Raipur, India": India
            entry = self.d.lookup(name)
            if entry is not None and entry.country and not entry.org:
                return Actor(entry.name, entry.name, (0, 0), country=entry.country,
                             why=f"the dateline place {place!r}")
        return None

    def _supported(self, span: Span, kind: str = "") -> bool:
        """An ambiguous name ("Chad", "Jordan") counts only where NER also sees a place or body there; a bare
        surname from the office-holder list only where NER sees a person, or a body in a name of one word, which
        the model often takes a leader's surname for ("Trump said")."""
        if kind == "person":
            return any(t.ent_type_ == "PERSON" for t in span) or (
                len(span) == 1 and span[0].ent_type_ == "ORG" and span[0].ent_iob_ == "B"
                and (span[0].i + 1 == len(self.doc) or self.doc[span[0].i + 1].ent_iob_ != "I"))
        return any(t.ent_type_ in ("GPE", "NORP", "ORG", "LOC") for t in span)

    def _person(self, span: Span, people: dict[str, Actor]) -> Actor | None:
        """A person: by the title before the name, else by an earlier mention of the same name."""
        name = span.text
        short = surname(name) or name
        title = self._title_before(span)
        if title is not None:
            if title.key or name not in people:
                people[name] = people[short] = title
            return title
        known = people.get(name) or people.get(short)
        if known is not None:
            return _at(known, span, f"same person as the earlier {known.text!r}")
        return None

    def _title_before(self, span: Span, explicit: bool = False) -> Actor | None:
        """Read "Russian Foreign Minister" or "NATO Secretary General" just before a name; ``explicit``: only a
        title that names its country or body."""
        doc = self.doc
        start = span.start
        while start > 0 and doc[start - 1].dep_ in ("compound", "amod", "poss", "case", "punct", "det") \
                and doc[start - 1].text not in (",", "(", '"'):
            prev = doc[start - 1]  # a word of the title hangs on the title's later words or the name
            if prev.dep_ == "case" and prev.head.i == start - 2 and start <= prev.head.head.i < span.end:
                start -= 2  # "Russia's foreign ministry spokeswoman": the possessor with its "'s"
                continue
            if not start <= prev.head.i < span.end:
                break
            start -= 1
        words = tuple(t.lower_ for t in doc[start:span.start])
        sector = None
        title_end = None
        for n in range(len(words)):
            for k in range(len(words), n, -1):
                title = self._titles.get("".join(words[n:k]))
                if title is not None:
                    sector = self.d.roles.get(title)
                    title_end = start + k
                    break
            if sector:
                break
        if sector is None:
            return None
        base = next((self._by_token[i] for i in range(start, title_end) if i in self._by_token), None)
        if explicit and base is None:  # only a title that names its country itself
            return None
        text_span = doc[start:span.end]
        home = self._sentence_country(span) or self.main_country
        if base is None and home is None:
            return Actor(text_span.text, span.text, (text_span.start_char, text_span.end_char), sector=sector,
                         why=f"title {' '.join(words)!r}")
        b = base.actor if base is not None else home
        return Actor(text_span.text, span.text, (text_span.start_char, text_span.end_char), country=b.country,
                     org=b.org, sector=sector, why=f"title {' '.join(words)!r} with {b.why}")

    def _add(self, start: int, end: int, actor: Actor, kind: str) -> None:
        mention = Mention(start, end, actor, kind)
        self.mentions.append(mention)
        for i in range(start, end):
            self._by_token[i] = mention

    # -- noun phrases ------------------------------------------------------------------------------------------

    def mention_at(self, token: Token) -> Mention | None:
        return self._by_token.get(token.i)

    def actors_for(self, token: Token) -> list[Actor]:
        """The actors of a noun phrase; coordinated modifiers give one each: "Thai and Cambodian troops"."""
        if token.i in self._pairs:
            return list(self._pairs[token.i])
        if token.i not in self._by_token and (members := self.collective(token)) is not None:
            return list(members)
        base = self.actor_for(token)
        if base is None:
            return []
        out = [base]
        for child in token.children:
            m = self._by_token.get(child.i)
            if child.dep_ not in MODIFIER_DEPS or child.i > token.i or m is None or m.actor.key != base.key:
                continue
            for c in child.children:
                other = self._by_token.get(c.i)
                if c.dep_ == "conj" and other is not None and other.actor.key:
                    a = other.actor
                    out.append(replace(base, country=a.country, org=a.org, name=a.name,
                                       why=f"{a.why}; coordinated with {child.text!r}"))
        return out

    def actor_for(self, token: Token, depth: int = 0) -> Actor | None:
        """The actor a noun phrase headed by ``token`` stands for, or None."""
        m = self._by_token.get(token.i)
        if (m is not None and m.kind in NO_ACTOR) or (m is None and self.nonactor(token)):
            return None
        if m is None and (members := self.collective(token)) is not None:
            return members[0] if members else None
        sector = self.role(token)
        if m is not None:
            actor = m.actor
            if sector and m.kind in ("adjective", "name") and token.i == m.end - 1 and m.end - m.start > 1:
                return replace(actor, sector=sector)
            if m.kind in PLACED and depth < 3:
                return self._living_in(token, actor, depth) or actor
            return actor
        if depth == 0 and token.lower_ == "them" and (shared := self._shared_object(token)) is not None:
            return shared
        related = self._relational(token)
        if related and (named := self._by_token.get(token.i + 1)) is not None and named.start == token.i + 1:
            return replace(named.actor, why=f"{named.actor.why}; the {token.text!r} it names")  # "its ally Belarus"
        for child in sorted(token.children, key=lambda c: c.i):
            if child.dep_ in MODIFIER_DEPS and child.i < token.i and not (related and child.dep_ == "poss"):
                base = self._by_token.get(child.i)
                if base is None and child.dep_ in ("compound", "poss", "nmod"):
                    base_actor = self.actor_for(child, depth + 1) if depth < 3 else None
                elif base is None and child.dep_ == "amod" and child.lower_ in LEADING:  # "Saudi-led forces"
                    leader = next((self._by_token[g.i] for g in child.children if g.i < child.i
                                   and g.dep_ in ("npadvmod", "compound", "nmod", "amod") and g.i in self._by_token), None)
                    base_actor = leader.actor if leader else None
                else:
                    base_actor = base.actor if base else None
                if base_actor is not None and base_actor.key:
                    actor = self._np(token, base_actor, sector or base_actor.sector, f"{base_actor.why}; head {token.lemma_!r}")
                    placed = any((m := self._by_token.get(t.i)) is not None and m.kind in PLACED for t in child.subtree)
                    if depth < 3 and (placed or any(c.lower_ == "ethnic" for c in token.subtree if c.i < token.i)):
                        return self._living_in(token, actor, depth) or actor
                    return actor
        if depth < 3 and (sector or token.lower_ in self.d.carriers or token.lemma_.lower() in self.d.carriers):
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "for", "from", "in", "throughout", "across"):
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            inner = self.actor_for(pobj, depth + 1)
                            if inner is not None and not inner.key and inner.sector and not sector \
                                    and child.lower_ == "of":  # "thousands of students": the students
                                return inner
                            if inner is not None and inner.key and (child.lower_ in ("of", "for", "from") or sector):
                                return self._np(token, inner, sector or inner.sector,
                                                f"{inner.why}; '{token.text} {child.text} ...'")
            for child in token.children:
                if child.dep_ == "appos":
                    inner = self.actor_for(child, depth + 1)
                    if inner is not None:
                        return inner
        if depth == 0 and token.lemma_.lower() in STAND_INS:
            for child in token.children:
                if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
                    inner = self.actor_for(child, depth + 1) or self._unlisted_person(child)
                    if inner is not None:
                        return self._np(token, inner, inner.sector,
                                        f"{inner.why}; acting for its possessor ({token.lemma_!r})")
        if (token.pos_ == "PROPN" or related) and depth < 3:  # "Zabihullah Mujahid, the Taliban spokesman, ..."
            for child in token.children:
                if child.dep_ == "appos":
                    inner = self.actor_for(child, depth + 1)
                    if inner is not None and inner.key:
                        return self._np(token, inner, inner.sector, f"{inner.why}; apposition {child.text!r}")
        definite = any(c.lower_ in DEFINITE for c in token.children if c.dep_ == "det")
        if depth == 0 and definite:
            earlier = self._antecedent(token)
            if earlier is not None:
                return earlier
        if definite and (sector not in NATIONAL if sector else token.lemma_.lower() in GROUP_NOUNS):
            group = self._named_group(token, sector)
            if group is not None:  # "the rebels", "the group": the group named last
                return self._np(token, group, group.sector, f"{token.text!r}: the group named last, {group.why}")
        if sector and definite and sector in NATIONAL:
            country = self._recent_country(token)
            if country is not None:  # "the government", "the ministry": of the country just named
                return self._np(token, country, sector, f"{token.text!r}: {country.why}")
        if depth == 0 and (owner := self._owner(token)) is not None:
            return self._np(token, owner, sector or owner.sector, f"{owner.why}; the owner its possessive names")
        if sector in NATIONAL and (earlier := self._same_role(token, sector)) is not None:
            return earlier  # "the Chinese coast guard ... a coast guard ship"
        if sector:
            return self._np(token, None, sector, f"role noun {token.lemma_!r}")
        if depth == 0:  # someone the dictionaries don't know
            person = self._unlisted_person(token)
            if person is not None:
                return person
        if token.ent_type_ == "ORG" and depth == 0:  # a body the dictionaries don't know: named, with no code
            ent = next(e for e in self.doc.ents if e.start <= token.i < e.end)
            word = self._institution(ent)
            if word is not None:
                return Actor(ent.text, ent.text, (ent.start_char, ent.end_char),
                             why=f"an organisation named in the text, not in the dictionaries ({word!r})")
        return None  # nor a company, a firm or a club: no role noun says it is political

    def _institution(self, ent: Span) -> str | None:
        """The word that makes an organisation's name a political body's: "union", "committee", a role noun."""
        words = [t.lower_ for t in ent]
        for n in (2, 1):
            for i in range(len(words) - n + 1):
                phrase = " ".join(words[i:i + n])
                if phrase in self.d.institutions or phrase in self.d.roles:
                    return phrase
        return None

    def country_lists(self) -> list[tuple[int, Token, tuple[Actor, ...]]]:
        """Countries named together in one coordination ("Kenya, Uganda and Rwanda"): the sentence start, the
        list's first word and its distinct members, in document order."""
        if self._lists is None:
            found: dict[int, list[Mention]] = {}
            for m in self.mentions:
                if m.kind in LISTED and m.actor.country and not m.actor.org:
                    root = self.doc[m.start:m.end].root
                    while root.dep_ == "conj" and root.head is not root:
                        root = root.head
                    found.setdefault(root.i, []).append(m)
            self._lists = sorted((self.doc[i].sent.start, self.doc[i], members) for i, ms in found.items()
                                 if len(members := tuple({m.actor.country: m.actor for m in ms}.values())) > 1)
        return self._lists

    def collective(self, token: Token) -> tuple[Actor, ...] | None:
        """A plural noun for several countries ("the four countries", "the Gulf states", "Western governments"):
        the last list of countries named in its sentence or the two before, of the size a number gives, else the
        body its modifier names; () for no actor. None: not such a noun."""
        if token.i not in self._groups:
            self._groups[token.i] = self._collective(token)
        return self._groups[token.i]

    def _collective(self, token: Token) -> tuple[Actor, ...] | None:
        if token.tag_ not in ("NNS", "NNPS") or token.lower_ not in self.d.collectives:
            return None
        kids = list(token.children)
        if any(c.dep_ == "poss" or c.lower_ in QUANTIFIERS for c in kids):
            return None  # "their governments", "other countries"
        mods = [c for c in kids if c.i < token.i and c.dep_ in ("amod", "compound", "nmod")]
        named = [m for c in mods if (m := self._by_token.get(c.i)) is not None]
        if any(not m.actor.org for m in named):
            return None  # "Baltic states" a country list names, left to the modifier
        n = next((NUMBERS.get(c.lower_) or (int(c.text) if c.text.isdigit() else None) for c in kids
                  if c.dep_ in ("nummod", "det", "predet", "preconj") and (c.lower_ in NUMBERS or c.text.isdigit())),
                 None)
        proper = [c for c in mods if c.text[:1].isupper()]
        if not (n or proper or any(c.dep_ == "det" and c.lower_ in DEFINITE for c in kids)):
            return None
        org = named[0].actor.org if named else (self.d.bodies.get(" ".join(c.lower_ for c in proper).lower())
                                                or next((self.d.bodies[c.lower_] for c in proper
                                                         if c.lower_ in self.d.bodies), None))
        members = self.d.org_members.get(org) if org else None
        first = self._window(token, 2)
        lists = [ms for start, t, ms in self.country_lists() if start >= first and t.i < token.i
                 and (n is None or len(ms) == n) and (members is None or all(a.country in members for a in ms))]
        if not lists and n and members is None:  # no coordination: a sentence naming just that many countries
            lists = self._sentence_sets(token, first, n)
        phrase = self.doc[min([c.left_edge.i for c in token.lefts] + [token.i]): token.i + 1]
        if lists:
            codes = ", ".join(a.country for a in lists[-1])
            return tuple(replace(_at(a, phrase, f"{phrase.text!r}: the countries named before it ({codes}); {a.why}"),
                                 sector=self.role(token) or a.sector) for a in lists[-1])
        if org:
            return (Actor(phrase.text, self.d.org_names.get(org, org), (phrase.start_char, phrase.end_char), org=org,
                          why=f"{phrase.text!r}: the body of those countries, {org}"),)
        return ()

    def _window(self, token: Token, back: int) -> int:
        """The first token of the sentence ``back`` sentences before ``token``'s."""
        starts = self._sentence_starts()
        return starts[max(0, bisect_right(starts, token.i) - 1 - back)]

    def _sentence_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [s.start for s in self.doc.sents]
        return self._starts

    def _sentence_sets(self, token: Token, first: int, n: int) -> list[tuple[Actor, ...]]:
        by_sent: dict[int, dict[str, Actor]] = {}
        for m in self.mentions:
            if first <= m.start < token.i and m.kind in LISTED and m.actor.country and not m.actor.org:
                by_sent.setdefault(self.doc[m.start].sent.start, {}).setdefault(m.actor.country, m.actor)
        return [tuple(v.values()) for _, v in sorted(by_sent.items()) if len(v) == n]

    def _they(self) -> None:
        """"they" as a subject after a list of countries or of people that was the subject of its own or the last
        sentence."""
        for i in _where(self.doc, [LOWER, POS], lambda low, pos: low == THEY_ID and pos == PRON):
            t = self.doc[i]
            if t.dep_ not in ("nsubj", "nsubjpass"):
                continue
            first = self._window(t, 1)
            lists = sorted([(head.i, head, ms, "countries") for start, head, ms in self.country_lists()
                            if start >= first and head.i < t.i]
                           + [(head.i, head, ms, "people") for start, head, ms in self._people_lists()
                              if start >= first and head.i < t.i], key=lambda x: x[0])
            if lists and _subject_position(self.doc[lists[-1][0]: lists[-1][0] + 1]):
                _, _, ms, what = lists[-1]
                names = ", ".join(a.country if what == "countries" else a.name for a in ms)
                self._groups[t.i] = tuple(_at(a, t, f"'they': the {what} named before ({names}); {a.why}")
                                          for a in ms)
            elif (subject := _governing_subject(t)) is not None and (found := self.actors_for(subject)):
                self._groups[t.i] = tuple(_at(a, t, f"'they': {subject.text!r}, the subject of the clause it "
                                                    f"depends on; {a.why}") for a in found)

    def _people_lists(self) -> list[tuple[int, Token, tuple[Actor, ...]]]:
        """People named together ("Jane Doe, John Roe and Ann Poe"): the sentence start, the list's first word and
        its distinct members."""
        found: dict[int, dict[str, Actor]] = {}
        for m in self.mentions:
            if m.kind == "person":
                found.setdefault(self._list_head(self.doc[m.start:m.end].root).i, {}).setdefault(m.actor.name,
                                                                                                  m.actor)
        return sorted((self.doc[i].sent.start, self.doc[i], tuple(ms.values())) for i, ms in found.items()
                      if len(ms) > 1)

    def _list_head(self, token: Token) -> Token:
        """The first name of a list of people, which the parser may hang on each other as conjuncts or appositions."""
        while token.dep_ in ("conj", "appos") and token.head is not token \
                and (m := self._by_token.get(token.head.i)) is not None and m.kind == "person":
            token = token.head
        return token

    def _relational(self, token: Token) -> bool:
        """A noun for another party than its possessor: "Israel's ally" is not Israel."""
        return token.lower_ in self.d.relations or token.lemma_.lower() in self.d.relations

    def _unlisted_person(self, token: Token) -> Actor | None:
        if token.ent_type_ != "PERSON" or token.pos_ != "PROPN":
            return None
        ent = next(e for e in self.doc.ents if e.start <= token.i < e.end)
        return Actor(ent.text, ent.text, (ent.start_char, ent.end_char), why="a person named in the text, not in "
                                                                               "the dictionaries")

    def _living_in(self, token: Token, actor: Actor, depth: int) -> Actor | None:
        """A people named by where they live: "ethnic Albanians in Macedonia" are of Macedonia, "Islamic State
        fighters north of Baghdad" of Iraq."""
        preps = [p for c in token.children if c.lower_ in DIRECTIONS for p in c.children if p.lower_ == "of"]
        for p in preps + list(token.children):
            if p.dep_ == "prep" and p.lower_ in ("in", "of", "inside", "near", "around", "outside"):
                for o in p.children:
                    place = self.actor_for(o, depth + 1) if o.dep_ == "pobj" else None
                    if place is not None and place.country and not place.org and place.country != actor.country:
                        return replace(actor, country=place.country, name=place.name,
                                       why=f"{actor.why}; living in {place.text!r} ({place.country})")
        return None

    def _owner(self, token: Token) -> Actor | None:
        """"Russia said its forces had captured ...": a subject's "its" or "their" is the subject of a clause that
        reports or governs its own, else, in a main clause, the subject of the sentence before."""
        if token.dep_ not in ("nsubj", "nsubjpass") or not any(c.dep_ == "poss" and c.lower_ in POSSESSIVES
                                                               for c in token.children):
            return None
        verb = token.head
        while verb.dep_ in ("ccomp", "conj", "advcl") and verb.head is not verb:
            verb = verb.head
            if (actor := self._subject_actor(verb)) is not None:
                return actor
        first = token.sent.start
        if verb.dep_ == "ROOT" and first > 0:  # "Russia launched an offensive. Its troops took two villages."
            return self._subject_actor(self.doc[first - 1].sent.root)
        return None

    def _subject_actor(self, verb: Token) -> Actor | None:
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            actor = self.actor_for(subject, depth=1)
            if actor is not None and actor.key:
                return actor
        return None

    def _named_group(self, token: Token, sector: str | None) -> Actor | None:
        """The non-state group named last before ``token``, of the given sector if one is given."""
        for m in reversed(self.mentions):
            if m.start < token.i and m.kind in GROUPS and (sector is None or m.actor.sector == sector):
                return m.actor
        return None

    def _recent_country(self, token: Token) -> Actor | None:
        """The country named last in this sentence or the one before, else the article's main country."""
        first = token.sent.start
        previous = [s for s in self.doc.sents if s.end <= first]
        if previous:
            first = previous[-1].start
        for m in reversed(self.mentions):
            if first <= m.start < token.i and m.actor.country and not m.actor.org:
                return replace(m.actor, why=f"the country named last ({m.actor.country})")
        return self.main_country

    def role(self, token: Token) -> str | None:
        """The sector a role noun gives: "foreign ministry" before "ministry", and a modifier's role before the
        head's, so "police commander" is police and "army spokesman" military."""
        comp = [c for c in token.lefts if c.dep_ in ("compound", "amod")]
        for c in comp:
            phrase = f"{c.lower_} {token.lemma_.lower()}"
            if phrase in self.d.roles:
                return self.d.roles[phrase]
        for c in comp:
            if c.dep_ == "compound" and c.i not in self._by_token:
                sector = self.d.roles.get(c.lemma_.lower()) or self.d.roles.get(c.lower_)
                if sector:
                    return sector
        return self.d.roles.get(token.lemma_.lower()) or self.d.roles.get(token.lower_)

    def _antecedent(self, token: Token) -> Actor | None:
        """"the eight members" -> the actor of an earlier noun phrase with the same head noun."""
        for t in reversed(self.doc[: token.i]):
            if t.lemma_ == token.lemma_ and t.pos_ in ("NOUN", "PROPN"):
                actor = self.actor_for(t, depth=1)
                if actor is not None and actor.key:
                    return self._np(token, actor, actor.sector, f"same as the earlier '{t.text}' ({actor.why})")
        return None

    def _shared_object(self, token: Token) -> Actor | None:
        """"approached the boats ... and sprayed them": "them" as the object of a verb is the plural object of
        the verb it is coordinated with."""
        verb = token.head
        if token.dep_ != "dobj" or verb.dep_ != "conj":
            return None
        while verb.dep_ == "conj" and verb.head is not verb:
            verb = verb.head
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.tag_ in ("NNS", "NNPS")), None)
            if obj is not None and (actor := self.actor_for(obj)) is not None and actor.key:
                return _at(actor, token, f"'them': the object {obj.text!r} of the verb before; {actor.why}")
        return None

    def _same_role(self, token: Token, sector: str) -> Actor | None:
        """A state body's role noun with no country of its own ("a coast guard ship", "police"): the country of
        the last earlier phrase with the same role noun that named one."""
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "conj") \
                or (token.dep_ == "compound" and token.head.pos_ != "NOUN"):
            return None  # not "ready to be president", nor the title in "President Donald Trump"
        for t in reversed(self.doc[: token.i]):
            if t.lemma_.lower() == token.lemma_.lower() and t.pos_ in ("NOUN", "PROPN") and self.role(t) == sector:
                m = self._by_token.get(t.i)
                actor = m.actor if m is not None else self.actor_for(t, depth=3)
                if actor is not None and actor.country and not actor.org:
                    return self._np(token, actor, sector, f"same as the earlier '{t.text}' ({actor.country})")
        return None

    def _np(self, token: Token, base: Actor | None, sector: str | None, why: str) -> Actor:
        start = min([c.left_edge.i for c in token.lefts] + [token.i])
        while start < token.i and (self.doc[start].is_space or self.doc[start].is_punct):  # a blanked dateline
            start += 1
        span = self.doc[start: token.i + 1]
        return Actor(span.text, base.name if base else token.lemma_.lower(), (span.start_char, span.end_char),
                     country=base.country if base else None, org=base.org if base else None, sector=sector, why=why)


FUNCTION_WORDS = {"of", "the", "and", "for", "in", "on", "de", "du", "la", "le", "des", "al", "el", "to"}


def _initials(span: Span) -> str | None:
    """The acronym a name of two or more words makes: "Rapid Support Forces" is RSF."""
    words = [t.text for t in span if t.text.lower() not in FUNCTION_WORDS and t.text[:1].isalpha()]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return None
    return "".join(w[0] for w in words)


def _phrase(span: Span, d: Dictionary) -> str:
    """The dictionary phrase a span was matched as: its text, or the name NER saw in odd case ("tunisian")."""
    return span.label_ if span.label_ in d.names else span.text


def _bare_name(ent: Span) -> Span:
    """A person's name as NER found it, without an honorific before it or a possessive after it: "Ms Meloni",
    "Vladimir Putin's" are the names the dictionary lists."""
    start, end = ent.start, ent.end
    while start < end - 1 and ent.doc[start].lower_ in HONORIFICS:
        start += 1
    if end - 1 > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    return Span(ent.doc, start, end, label="PERSON")


def _last_two(countries: list[Actor]) -> list[Actor]:
    """The last two distinct countries named, the latest first."""
    return list({a.country: a for a in reversed(countries)}.values())[:2]


def _pair(span: Span, countries: list[tuple[int, Actor]]) -> list[Actor]:
    """The two countries "both sides" stands for: the last two named together in one sentence, this one or an
    earlier one; a single country in between is a third party speaking of them ("Egypt urged both sides to ...")."""
    for sent in sorted({start for start, _ in countries}, reverse=True):
        if len(pair := _last_two([a for start, a in countries if start == sent])) == 2:
            return pair
    return _last_two([a for _, a in countries])


def _inside_name(span: Span, d: Dictionary, people: dict[str, Actor]) -> bool:
    """A known person's name before a word that is not a name: "Trump Tower" is no new person."""
    def known(t: Token) -> bool:
        return t.text in people or any(e.kind == "person" for e in d.names.get(t.text, ()))
    return not family_first(span.text) and not known(span[-1]) and any(known(t) for t in span[:-1])


def _governing_subject(they: Token) -> Token | None:
    """"Gunmen killed 11 soldiers when they ambushed a convoy": the plural subject of the clause that the
    pronoun's own clause modifies."""
    verb = they.head
    if verb.dep_ not in ("advcl", "conj") or verb.head is verb:
        return None
    return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")
                 and (c.tag_ in ("NNS", "NNPS") or c.lower_.endswith(("s", "men")))), None)  # "Gunmen" as NNP


QUOTES = "'\"\u2018\u2019\u201c\u201d"


def _quoted_label(span: Span) -> bool:
    """A nationality opening a short quoted phrase: a label the text quotes, not a reference to the country."""
    doc = span.doc
    if span.start == 0 or doc[span.start - 1].text not in QUOTES:
        return False
    return any(t.text in QUOTES for t in doc[span.end:span.end + 4]) and \
        not any(t.is_sent_start for t in doc[span.start:span.end + 4])


def _subject_position(span: Span) -> bool:
    """A name as its clause's subject, or in the subject ("Obama and Trump met", "Kim's offer surprised Seoul");
    "he" later is this person, not one named as an object in between."""
    t = span.root
    if not t.dep_:
        return True  # an unparsed sentence
    for _ in range(3):
        if t.dep_ in ("nsubj", "nsubjpass"):
            return True
        if t.dep_ not in ("appos", "compound", "poss", "conj") or t.head is t:
            return False
        t = t.head
    return False


def _where(doc: Doc, attrs: list[int], test) -> list[int]:
    """The indices of the tokens whose ``attrs`` pass ``test``, read from one array rather than token by token."""
    if not len(doc):
        return []
    return [i for i, row in enumerate(doc.to_array(attrs).reshape(len(doc), -1).tolist()) if test(*row)]


def _stance(span: Span) -> bool:
    doc = span.doc
    return span.start >= 2 and doc[span.start - 1].text == "-" and doc[span.start - 2].lower_ in ("anti", "pro")


def _entry_actor(entry: Entry, span: Span) -> Actor:
    return Actor(span.text, entry.name, (span.start_char, span.end_char), country=entry.country, org=entry.org,
                 sector=entry.sector, why=entry.why)


def _at(actor: Actor, where: Span | Token, why: str) -> Actor:
    """The same actor, as mentioned at another place."""
    if isinstance(where, Token):
        span = (where.idx, where.idx + len(where.text))
    else:
        span = (where.start_char, where.end_char)
    return replace(actor, text=where.text, span=span, why=why)
