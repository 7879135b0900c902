"""The event coder: verb patterns over the dependency parse.

For each verb with a pattern, the coder finds the source (the subject, the passive agent, or the subject a
controlling verb passes down), the target (where the pattern says), and the CAMEO code. A verb that is negated or
hypothetical is not coded. Every verb it looks at gets a ``Decision``, so ``explain`` can say why an event was or
was not coded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Container, Iterable, Iterator

from spacy.tokens import Span, Token

from ..actors import DocActors
from ..actors.resolve import DIRECTIONS
from ..model import Actor, Event
from .ontology import lookup
from .patterns import Pattern, PatternSet

SCORE = re.compile(r"(?<![\d-])\d{1,3}\s?[-–]\s?\d{1,3}(?![\d-])")
DENIAL = {"deny", "refute", "dismiss", "reject"}
SPEECH = {"say", "tell", "announce", "state", "add", "declare", "report", "write", "insist", "claim", "confirm",
          "stress", "note", "explain", "reiterate", "indicate", "signal", "tweet", "post", "reply", "respond",
          "assert", "argue", "predict", "believe", "think", "expect", "hope", "warn", "vow", "pledge", "promise"}
MODAL = {"might", "may", "could", "would", "should", "can", "must", "ought"}
CONDITION = {"if", "unless", "whether"}
NONFACTUAL = {"fail", "avoid", "consider", "mull", "weigh", "debate", "hesitate", "contemplate", "propose", "suggest",
              "refrain", "cease"}
REPORTED = {"report", "claim", "allegation", "rumour", "rumor", "speculation", "suggestion", "accusation", "charge",
            "assertion", "fear", "fears", "concern", "suspicion", "possibility", "idea", "threat", "prospect"}
# nouns whose clause is only wished or meant: "its demand that the US ease sanctions", "China's call to lift the ban"
SOUGHT = {"demand", "call", "request", "appeal", "plea", "plan", "proposal", "offer", "promise", "pledge", "vow",
          "intention", "readiness", "willingness", "wish", "desire", "hope", "ultimatum", "order", "instruction"}
CONTROL_OK = {"go", "come"}
READYING = {"mass", "amass", "mobilize", "mobilise", "muster", "station", "train", "arm", "prepare"}  # for what may come
# "gathered in the square to protest": the gathering is the protest, its purpose no mere intention
ASSEMBLING = {"gather", "converge", "assemble", "throng", "flock", "mass"}
CLAIMED = {"claim", "allege", "contend", "speculate", "suspect", "hope", "wish", "want", "fear", "doubt"}
SUBJECT_PRONOUNS = {"it", "they", "we", "i", "its"}
LIGHT = {"announce", "order", "authorize", "authorise", "approve", "complete", "carry", "conduct", "begin", "start",
         "resume", "continue", "intensify", "step", "escalate", "undertake", "secure", "confirm", "declare", "launch",
         "make", "stage", "perform", "commit", "finish", "initiate", "mount", "unleash", "step"}
EPISTEMIC = {"suppose", "rumour", "rumor", "understand", "know", "consider", "estimate", "project", "see", "tip"}
PROTESTING = {"protest", "demonstrate"}
GATHERINGS = {"rally", "protest", "demonstration", "march", "strike", "sit-in", "vigil", "gathering", "meeting"}
MEANS = {"by", "after", "before", "while", "when", "through", "upon", "since"}
GUILTY = {"guilty", "responsible", "culpable"}
OBJECT_CONTROL = {"urge", "ask", "order", "force", "invite", "persuade", "encourage", "allow", "tell", "call",
                  "press", "request", "compel", "pressure", "push", "instruct", "permit", "help"}


@dataclass(frozen=True)
class Decision:
    """What the coder made of one verb: coded, or the reason it was not."""

    sentence_index: int
    trigger: str
    pattern: str | None
    outcome: str  # "coded", or why not: "negated", "hypothetical", "no source actor", ...
    detail: str = ""
    lemma: str = ""


@dataclass(frozen=True)
class _Match:
    pattern: Pattern
    code: str
    verb: Token
    obj: Token | None
    complement: "_Match | None" = None
    plover: str | None = None  # the PLOVER type of an announced act, as the manual reduces it
    note: str = ""  # why the code is not the pattern's own, for the rule


class Coder:
    def __init__(self, patterns: PatternSet):
        self.patterns = patterns

    def code(self, sentences: Iterable[Span], actors: DocActors, article_id: str) -> tuple[list[Event], list[Decision]]:
        events: list[Event] = []
        decisions: list[Decision] = []
        for index, sent in enumerate(sentences):
            for ev, dec in self.code_sentence(sent, index, actors, article_id, events):
                decisions.append(dec)
                if ev is not None:
                    events.append(ev)
        return events, decisions

    def code_sentence(self, sent: Span, index: int, actors: DocActors, article_id: str,
                      earlier: list[Event] = ()) -> Iterator[tuple[Event | None, Decision]]:
        """Code one sentence; ``earlier`` are the article's events so far, for "condemned the decision"."""
        consumed: set[int] = set()
        self._fix_lemmas(sent)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ in self.patterns.nominal:
                for ev, dec in self._code_noun(tok, sent, index, actors, article_id):
                    yield ev, dec
                continue
            if tok.pos_ not in ("VERB", "AUX", "ADJ") or tok.i in consumed or tok.lemma_.lower() not in self.patterns:
                continue
            for ev, dec in self._code_verb(tok, sent, index, actors, article_id, consumed, earlier):
                yield ev, dec

    def _fix_lemmas(self, sent: Span) -> None:
        """The lemmatizer gets some verb forms wrong ("staged" -> "stag"), and gives a participle tagged as an
        adjective its own form ("have staged rallies"): take the lexicon verb the form is regularly made from."""
        for tok in sent:
            if tok.pos_ not in ("VERB", "ADJ") or tok.lemma_.lower() in self.patterns:
                continue
            if tok.pos_ == "ADJ" and not _have_participle(tok):
                continue
            lemma = _regular_lemma(tok.lower_, self.patterns)
            if lemma:
                tok.lemma_ = lemma

    # -- one verb ----------------------------------------------------------------------------------------------

    def _code_verb(self, tok: Token, sent: Span, index: int, actors: DocActors, article_id: str,
                   consumed: set[int], earlier: list[Event]) -> Iterator[tuple[Event | None, Decision]]:
        def decision(outcome: str, pattern: str | None = None, detail: str = "") -> Decision:
            return Decision(index, tok.text, pattern, outcome, detail, tok.lemma_.lower())

        matches = sorted(self._matches(tok), key=lambda m: m.complement is None)  # "refuse to meet" before "refuse"
        if not matches:
            why_not = _nonfactual(tok)
            yield None, decision("no pattern matched its arguments" + (f"; {why_not} as well" if why_not else ""))
            return
        if any(m.pattern.transparent for m in matches) and not any(m.code for m in matches):
            yield None, decision("passes through to its complement", matches[0].pattern.id)
            return
        first_code = next((m.code for m in matches if m.code), None)
        # a threat or appeal with an "if" is still made; a comment ("would consider ... if") is not
        verbal = first_code is not None and lookup(first_code).quad_class in (1, 3) and lookup(first_code).root != "01"
        why_not = _nonfactual(tok, verbal, stance=first_code is not None and lookup(first_code).root in STANCES)
        if why_not and why_not.startswith("conditional") and _future(tok) and first_code and _condition_on_other(tok):
            threat = _prefixed(self.patterns.conditional, first_code)
            if threat:  # "will cut supplies unless ..." threatens
                matches = [replace(m, code=threat) for m in matches if m.code][:1]
                why_not = None
        if why_not == "negated" and _future(tok) and first_code:
            refused = _prefixed(self.patterns.refusal, first_code)
            if refused:  # "would not provide support" announces a refusal
                matches = [replace(m, code=refused) for m in matches if m.code][:1]
                why_not = None
        if why_not:
            yield None, decision(why_not, matches[0].pattern.id)
            return
        last = "no source actor"
        for m in matches:
            if not m.code:
                continue
            sources = self._sources(m, actors)
            if not sources:
                last = "no source actor"
                continue
            if m.pattern.subject and not any(_sector(s, actors) in m.pattern.subject for s in sources):
                last = f"source sector not in {sorted(m.pattern.subject)}"
                continue
            if m.complement is not None:  # "threatened to attack the base and kill ...": both are threatened
                consumed.update(v.i for v in _conj(m.complement.verb) if v.pos_ in ("VERB", "AUX"))
            place = _place(m.verb, actors, material=lookup(m.code).quad_class == 4)
            sources = [_located(s, place, None) if _is_people(s) else s for s in sources]
            if m.pattern.own and m.complement is not None and _own_act(m.complement.verb, sources, actors):
                m = replace(m, code=m.pattern.own)
            joint = m.pattern.joint and len({s.country or s.org for s in sources if s.key}) > 1
            if joint:
                m = replace(m, code=m.pattern.joint)
            symmetric = joint or m.pattern.symmetric or (m.complement is not None and m.complement.pattern.symmetric)
            targets = self._targets(m, actors, sources, together=symmetric and len(sources) > 1)
            if not targets and m.pattern.search:
                targets = self._referent(m, sources, earlier)
            if m.code == VISIT and not targets:  # "arrived in Harare", at home, is no visit
                last = "no host named but the visitor's own country"
                continue
            if m.pattern.reverse:  # "received weapons from Germany": Germany gave them
                if not targets:
                    last = "no giver named"
                    continue
                sources, targets = [t for t in targets if t.key] or targets[:1], sources
            if lookup(m.code).root == "18" and (means := self._military_means(m.verb)):
                m = replace(m, code=means[0], note=f"military means {means[1]!r}")
            elif m.code == "190" and m.obj is not None and (means := self._weapon(m.obj)):  # "launched an air strike"
                m = replace(m, code=means[0], note=f"military means {means[1]!r}")
            elif lookup(m.code).root == "18" and (attack := self._military_outcome(m.verb)):
                m = replace(m, code=attack, note=f"done by the {m.verb.head.text!r} it follows")
            elif lookup(m.code).root == "18" and all(s.sector == "UNK" for s in sources) \
                    and _fallen(m.verb, self.patterns.classes.get("forces", frozenset())):
                m = replace(m, code="190", note="troops killed by an enemy no one names: fighting")
            domestic = _domestic(m)
            if m.complement is None and _future(m.verb) and not _negated(m.verb):
                m = replace(m, code=_prefixed(self.patterns.future, m.code) or m.code,
                            plover=self.patterns.plover_future.get(lookup(m.code).plover_type))
            n = 0
            for source, target in _pairs(sources, targets, symmetric):
                # a bare role protesting against a country's government is of that country
                protest = domestic and lookup(m.code).root == "14" and target is not None and not target.org
                # otherwise a bare role ("rebels", "militants") is of the country the article is about
                home = target if protest else actors.home_country if source.sector not in (None, "UNK") else None
                if source.sector == "UNK":  # an unnamed attacker is of where it struck: "a bombing near Samarra"
                    home = next((p for t in _subject_tokens(m.verb) for p in [_place(t, actors)] if p), None) \
                        or actors.home_country
                source = _located(source, place, home)
                # a bare role as target ("demands from rebels") is of the country the article is about
                target = _located(target, place, source if domestic else actors.home_country)
                fought = m.code in KILLINGS and source.sector == "MIL" and target is not None and target.sector in ARMED
                pm = replace(m, code="190", note="a state's forces against armed foes: fighting") if fought else m
                yield self._event(pm, source, target, sent, index, article_id), decision("coded", m.pattern.id)
                n += 1
            if n:
                if lookup(m.code).root == "14":  # a protest's "demanding ..." is its topic, not another event
                    consumed.update(g.i for c in m.verb.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG"
                                    for g in _conj(c))  # "blocking the avenue and demanding ..." too
                return
            last = "source and target are the same actor"
        yield None, decision(last, matches[0].pattern.id)

    def _code_noun(self, tok: Token, sent: Span, index: int, actors: DocActors,
                   article_id: str) -> Iterator[tuple[Event | None, Decision]]:
        """"NATO's expulsion of eight diplomats": only where the act's actor is named, by a possessor or "by"."""
        verb = self.patterns.nominal[tok.lower_]
        agents = [c for c in tok.children if c.dep_ == "poss"]
        agents += [o for p in tok.children if p.dep_ in ("prep", "agent") and p.lower_ == "by"
                   for o in p.children if o.dep_ == "pobj"]
        rule = "nominal"
        share = tok.head.head if tok.head.dep_ == "prep" and tok.head.lower_ in ("in", "for") else None
        if not agents and share is not None and share.lemma_.lower() in SHARES:  # "his role in the abduction of"
            agents, rule = [c for c in share.children if c.dep_ == "poss"], f"nominal, '{share.text} in'"
        if all(a.pos_ == "PRON" for a in agents) and self._light(tok):  # "Nigeria announced the deployment of 230 troops to Liberia"
            agents, rule = _subject_tokens(tok.head), f"nominal, object of '{tok.head.lemma_}'"
        sources = _unique([a for t in agents for g in _conj(t) for a in actors.actors_for(g) if a.key])
        if not sources:
            return
        patients = [g for p in tok.children if p.dep_ == "prep" and p.lower_ == "of"
                    for o in p.children if o.dep_ == "pobj" for g in _conj(o)]
        others = [g for p in tok.children if p.dep_ == "prep" and p.lower_ in ("against", "on", "with", "to", "from")
                  for o in p.children if o.dep_ == "pobj" for g in _conj(o)]
        for p in self.patterns.for_verb(verb):
            if p.complement or p.transparent or p.content or p.particle or p.prep or p.subject or not p.code:
                continue
            obj = patients[0] if patients else None
            if p.object and (obj is None or not _object_words(obj) & p.object):
                continue
            targets = _unique([a for t in patients + others for a in _target_actors(t, actors, sources) if a.key])
            if not targets:  # "the attack by Israeli troops" names no one attacked: a mention, not a report
                return
            m = _Match(p, p.code, tok, obj)
            for source, target in _pairs(sources, targets[:2], p.symmetric):
                yield (self._event(m, source, target, sent, index, article_id),
                       Decision(index, tok.text, p.id, "coded", rule, tok.lemma_.lower()))
            return

    def _light(self, tok: Token) -> bool:
        """An act noun as the object of a verb that only reports or carries it out ("announced the release of",
        "carried out the killing of"), where that verb is a real act and has no pattern of its own for it."""
        head = tok.head
        if tok.dep_ not in ("dobj", "nsubjpass") or head.lemma_.lower() not in LIGHT or _nonfactual(head):
            return False
        if any(c.dep_ == "poss" and c.pos_ != "PRON" for c in tok.children):
            return False
        return not any(m.code for m in self._matches(head))

    def _matches(self, tok: Token, depth: int = 0) -> Iterator[_Match]:
        """Patterns whose syntactic constraints hold, most specific first, with their codes."""
        children = list(tok.children)
        objects = _objects(tok)
        words = [_object_words(o) for o in objects]  # read once, tried against every pattern
        sentence_words = None
        content: set[str] | None = None  # what the statement says, read once for every pattern that needs it
        for p in self.patterns.for_verb(tok.lemma_.lower()):
            if p.unless:
                if sentence_words is None:
                    sentence_words = {t.lemma_.lower() for t in tok.sent} | {t.lower_ for t in tok.sent}
                    if SCORE.search(tok.sent.text):
                        sentence_words.add("#score")
                if sentence_words & p.unless:
                    continue
            if p.particle and not any(c.dep_ == "prt" and c.lower_ == p.particle for c in children):
                continue
            if p.prep and not _preps(tok, p.prep):
                continue
            obj = objects[0] if objects else None
            if not p.object and p.not_object and obj is not None and words[0] & p.not_object:
                continue  # "signed two laws" is no agreement
            if p.object:
                obj = next((o for o, w in zip(objects, words) if w & p.object and not w & p.not_object), None)
                if obj is None:
                    continue
            if p.content:
                if content is None:
                    content = _judgement(tok)
                if not content & p.content:
                    continue
            if p.transparent:
                if any(c.dep_ == "xcomp" for c in children):
                    yield _Match(p, "", tok, obj)
                continue
            if not p.complement:
                yield _Match(p, p.code or "", tok, obj)
                continue
            comp = _complement(tok, p.that)
            if comp is None:
                if p.alone and p.code and not p.words:
                    yield _Match(p, p.code, tok, obj)
                continue
            if p.words:
                if comp.lemma_.lower() in p.words:
                    yield _Match(p, p.code or "", tok, obj, _Match(p, p.code or "", comp, None))
                continue
            inner = next(iter(self._matches(comp, depth + 1)), None) if depth < 3 else None
            if inner is not None and inner.code:
                code = p.code_for(inner.code)
                if code:
                    yield _Match(p, code, tok, obj, inner)
                continue
            # "agreed with the Senate that patients should ...": sharing a view, not a commitment
            if p.code and not (comp.dep_ == "ccomp" and _preps(tok, ("with",))):
                yield _Match(p, p.code, tok, obj)

    # -- arguments ---------------------------------------------------------------------------------------------

    def _sources(self, m: _Match, actors: DocActors) -> list[Actor]:
        if m.pattern.victim:
            attack = _attack_phrase(m.verb)
            named = _attack_actors(m.verb, actors, passive=False) if attack is not None else []
            if named or attack is None or attack.lemma_.lower() in ACCIDENTS:
                return named
            return [Actor(m.verb.text, "unknown", (m.verb.idx, m.verb.idx + len(m.verb.text)), sector="UNK",
                          why="victims of an attack that names no attacker")]
        out: list[Actor] = []
        for t in _subject_tokens(m.verb):
            found = actors.actors_for(t)
            if not found and t.lower_ in SUBJECT_PRONOUNS:
                speaker = _speaker(m.verb, actors)
                found = [speaker] if speaker else []
            out.extend(found)
        head = m.verb.head
        if not out and m.verb.dep_ == "conj" and head.dep_ == "ccomp" and head.lemma_ == "be" \
                and head.head.lemma_.lower() in SPEECH:
            # "said the law was unacceptable and urged Montenegro to ...": the speaker urged, not the law
            out = [a for t in _subject_tokens(head.head) for a in actors.actors_for(t)]
        out = _unique(out)
        keyed = [a for a in out if a.key]
        if not out and lookup(m.code).root in VIOLENT:
            out = _attack_actors(m.verb, actors)  # "killed in an Israeli air strike"
            if out:
                return out
        patients = _target_tokens(m.verb, "passive-subj", None)
        if not out and m.code in COERCED and _is_passive(m.verb) and not any(c.dep_ == "agent" for c in m.verb.children) \
                and not any(t.lemma_.lower() in CAPTIVES for t in patients) \
                and (any(a.key or a.sector in POLITICAL for t in patients for a in actors.actors_for(t))
                     or self._political_charge(m.verb)):
            # a political arrest ("on suspicion of espionage"), not "four men were charged with murder"
            return [Actor(m.verb.text, "authorities", (m.verb.idx, m.verb.idx + len(m.verb.text)), sector="GOV",
                          why="an arrest, ban or release with no one named as its author: the authorities")]
        if not out and lookup(m.code).root in VIOLENT and (
                _unnamed_attacker(m.verb) or _indefinite_subject(m.verb)
                or _fallen(m.verb, self.patterns.classes.get("forces", frozenset())) or (
                m.code in UNNAMED and (_is_passive(m.verb) or _reduced_passive(m.verb))
                and not any(c.dep_ == "agent" for c in m.verb.children))):
            return [Actor(m.verb.text, "unknown", (m.verb.idx, m.verb.idx + len(m.verb.text)), sector="UNK",
                          why="violence with no attacker named (a passive, or a bomb as the subject)")]
        return keyed or out[:1]

    def _military_means(self, verb: Token) -> tuple[str, str] | None:
        """The code for violence done with a military weapon named after the verb ("killed in an air strike") or
        as its subject ("warplanes killed ...")."""
        for p in verb.children:
            if p.dep_ in ("prep", "agent") and p.lower_ in ("in", "by"):
                for o in p.children:
                    if o.dep_ == "pobj" and (found := self._weapon(o)):
                        return found
        for c in verb.children:  # "helicopter gunships killed 46 civilians"
            if c.dep_ == "nsubj" and (found := self._weapon(c)):
                return found
        return None

    def _weapon(self, noun: Token) -> tuple[str, str] | None:
        """The weapon a noun names by its head ("tank shelling", "air strike"), not by a modifier ("anti-aircraft
        batteries", "suicide bombers")."""
        table = self.patterns.military_means
        lemma = noun.lemma_.lower()
        words = {lemma, noun.lower_} | {f"{c.lower_} {lemma}" for c in noun.children if c.dep_ in ("compound", "amod")}
        found = next((w for w in sorted(words) if w in table), None)
        return (table[found], found) if found else None

    def _military_outcome(self, verb: Token) -> str | None:
        """The code of the military attack a killing is the outcome of: "shelled the town, killing five" is
        194, "seized the base, killing ten" plain fighting (190)."""
        verb = _outcome(verb)
        if verb is None or verb.head.lemma_.lower() not in self.patterns:
            return None
        m = next((m for m in self._matches(verb.head) if m.code), None)
        if m is None or lookup(m.code).root != "19":
            return None
        if m.code == "190" and m.obj is not None and (means := self._weapon(m.obj)):
            return means[0]
        return m.code if m.code in WEAPON_CODES else "190"

    def _political_charge(self, verb: Token) -> bool:
        """The arrest's grounds, in its own phrases, are a political offence: "on suspicion of espionage"."""
        charges = self.patterns.classes.get("political_charges", frozenset())
        return any(t.lemma_.lower() in charges or t.lower_ in charges
                   for c in verb.children if c.dep_ in ("prep", "advcl") for t in c.subtree)

    def _targets(self, m: _Match, actors: DocActors, sources: list[Actor], together: bool = False) -> list[Actor]:
        """Actors where the pattern says, else in the object's phrase, the reported clause or another preposition.
        An actor other than the source is preferred; a bare role ("activists") is kept only when no other is named."""
        if m.pattern.victim:
            return _unique([a for t in _subject_tokens(m.verb) for a in actors.actors_for(t)
                            if not _same_side(a, sources, False)])
        # "investigating crimes by Croatian extremists", "condemned allegations by Rwanda": aimed at their author
        if lookup(m.code).root in ("09", "11", "12") and m.obj is not None:
            found = [a for t in _agents_within(m.obj) for a in actors.actors_for(t) if a.key
                     and not any(a.key == s.key and a.sector == s.sector for s in sources)]
            if found:
                return _unique(found)
        if lookup(m.code).root == "13":  # "threatened to strike unless Israel rescinded ...": aimed at Israel
            found = [a for v in (m.verb, m.complement.verb if m.complement else None) if v is not None
                     for t in _condition_subjects(v) for a in _target_actors(t, actors, sources) if a.key]
            if found:
                return _unique(found)
        specs = list(m.pattern.target)
        if _is_passive(m.verb) or _reduced_passive(m.verb):
            specs = ["passive-subj"] + [s for s in specs if s != "dobj"]
        keyless: list[Actor] = []
        searching = m.pattern.search and not together  # "X and Y met": each other, not someone else
        fallbacks = ["object-phrase", "clause", "other-preps"] if searching else []
        for spec in [*specs, *fallbacks]:
            if spec == "source-country":
                continue
            acts = self.patterns
            tokens = _target_tokens(m.verb, spec, m.obj, acts)
            if spec in fallbacks or spec == "purpose":  # a searched phrase gives its first actor, and those coordinated
                first = next((t for t in tokens if any(a.key for a in _target_actors(t, actors, sources, acts))), None)
                tokens = _conj(first) if first is not None else []
            found = [a for t in tokens for a in _target_actors(t, actors, sources, acts)]
            keyed = [a for a in found if a.key]
            if keyed:
                return _unique(keyed)
            keyless.extend(found)
            if spec == "object-phrase" and m.complement is not None:
                inner = self._targets(m.complement, actors, sources, together)
                if inner:
                    return inner
        if keyless:
            return keyless[:1]
        if _domestic(m):
            place = _place(m.verb, actors)  # "British activists protested in Beijing": against China
            if place is not None and place.country and all(s.country and s.country != place.country for s in sources):
                return [_country_of(place, f"{place.why}; where it happened")]
            home = actors.home_country
            if home is not None and lookup(m.code).root in VIOLENT and place is None:  # unnamed victims
                return [_country_of(home, f"{home.why}; the victims' country")]
            return [_country_of(s) for s in sources if s.country][:1]
        if lookup(m.code).root in VIOLENT and (place := _place(m.verb, actors, material=True)) is not None:
            return [_country_of(place, f"{place.why}; where it struck, no one else named")]
        return []

    def _referent(self, m: _Match, sources: list[Actor], earlier: list[Event]) -> list[Actor]:
        """"Minsk condemned the expulsions": a definite act noun as object refers to the latest earlier event by
        someone else, and its actor is the target (both parties, for an agreement or a meeting)."""
        obj = m.obj
        if obj is None or obj.lemma_.lower() not in self.patterns.classes.get("events", ()):
            return []
        if not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "those", "its", "their",
                                                                "any", "all") for c in obj.children):
            return []
        noun = obj.lower_ if obj.lower_ in self.patterns.nominal else obj.lemma_.lower()
        verb = self.patterns.nominal.get(noun)  # "the expulsions" refers to an expulsion, "the move" to any act
        kinds = {lookup(p.code).root for p in self.patterns.for_verb(verb) if p.code} if verb else None
        for e in reversed(earlier):
            # another actor: another country, or within one a different sector ("al-Shabaab stormed a base ...
            # Somalia's government condemned the assault")
            if kinds and e.root not in kinds:
                continue
            if e.source.key and not _same_side(e.source, sources, False):
                why = f"{obj.text!r} refers to the earlier '{e.trigger}' (sentence {e.sentence_index})"
                out = [replace(e.source, why=f"{e.source.why}; {why}")]
                if e.target is not None and e.target.key and not _same_side(e.target, sources, False) \
                        and e.root in ("04", "05", "06"):
                    out.append(replace(e.target, why=f"{e.target.why}; {why}"))
                return out
        return []

    def _event(self, m: _Match, source: Actor, target: Actor | None, sent: Span, index: int, article_id: str) -> Event:
        code = lookup(m.code)
        trig = [m.verb] + [c for c in m.verb.children if c.dep_ == "prt"]
        if m.pattern.object and m.obj is not None:
            trig.append(m.obj)
        if m.complement is not None:
            trig.append(m.complement.verb)
        first, last = min(trig, key=lambda t: t.i), max(trig, key=lambda t: t.i)
        start, end = first.idx, last.idx + len(last)
        words = sent.doc[first.i:last.i + 1].text  # Doc.text would rebuild the whole article for every event
        text = sent.text  # built token by token: once for the sentence and its span
        confidence = m.pattern.confidence - 0.1 * sum(1 for a in (source, target) if a and _inferred(a))
        if target is None:
            confidence -= 0.2
        rule = f"{m.pattern.id} ({m.pattern.origin}): {m.verb.lemma_}"
        if m.complement is not None:
            rule += f" + {m.complement.pattern.id}"
        rule += f" -> {m.code}; source {source.why}; target {target.why if target else 'none'}"
        if m.note:
            rule += f"; {m.note}"
        plover, mode = code.plover_type, code.plover_mode
        if m.plover:
            plover, mode = m.plover, None
            rule += f"; announced: PLOVER {plover}"
        elif m.pattern.plover:
            plover, mode = m.pattern.plover, None
            rule += f"; PLOVER {plover}"
        return Event(
            article_id=article_id, source=source, target=target, cameo=code.code, cameo_name=code.name,
            goldstein=code.goldstein, quad_class=code.quad_class, plover_type=plover,
            plover_mode=mode, trigger=words, trigger_span=(start, end),
            sentence=text.strip(), sentence_index=index, sentence_span=_stripped_span(sent, text),
            rule=rule, confidence=round(max(confidence, 0.1), 2),
        )


def _stripped_span(sent: Span, text: str) -> tuple[int, int]:
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, start + len(text.strip())


# -- syntax helpers ----------------------------------------------------------------------------------------------

STOPPING = {"suspension", "halt", "cut", "cutoff", "cut-off", "end", "freeze", "withdrawal", "cancellation",
            "reduction", "termination", "stop", "ban", "moratorium", "blocking", "denial"}
MONEY = {"euro", "dollar", "yuan", "pound", "rouble", "ruble", "yen", "rupee", "franc"}
QUANTITY = {"tonne", "ton", "tons", "tonnes", "shipment", "consignment", "batch", "package", "number", "lot",
            "million", "billion", "thousand", "hundred", "dozen", "kind", "type", "round", "series", "wave", "set"}


def _objects(tok: Token) -> list[Token]:
    """What a pattern's object can be: the direct object, the passive subject, a predicate noun ("taken hostage"),
    or the object of a preposition ("go on strike", "put on alert"); "tonnes of wheat" offers "wheat" too."""
    # coordinated objects count each: "air and artillery strikes"
    out = [g for c in tok.children if c.dep_ in ("dobj", "obj") for g in _conj(c)] + _raised(tok)
    if _have_participle(tok):  # "have staged rallies": the noun the participle modifies is its object
        out.append(tok.head)
    if _headline_passive(tok):  # "Activist released"
        out += _headline_patient(tok)[:1]
    out += [c for c in tok.children if c.dep_ in ("nsubjpass", "oprd", "attr")]
    out += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    out += [g for c in tok.children if c.dep_ == "prt" for p in c.children if p.dep_ == "prep"
            for g in p.children if g.dep_ == "pobj"]
    for o in list(out):  # "tonnes of wheat", "a state of emergency", "50 million euros in budget support"
        if o.dep_ == "pobj" and o.head.lower_ in LOCATIVE and o.lemma_.lower() not in QUANTITY:
            continue  # not "at the start of a trip"
        if o.lemma_.lower() in STOPPING:
            continue  # "announced a suspension of aid" announces no aid
        preps = ("of", "in") if o.lemma_.lower() in QUANTITY or o.pos_ == "NUM" or o.lemma_.lower() in MONEY else ("of",)
        out += [g for p in o.children if p.dep_ == "prep" and p.lower_ in preps for g in p.children if g.dep_ == "pobj"]
    return out


def _raised(tok: Token) -> list[Token]:
    """"wants Putin to attack", parsed as a clause with its own subject: Putin is the object of "wants"."""
    return [s for c in tok.children if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for s in c.children if s.dep_ == "nsubj"][:1]


def _object_words(obj: Token) -> set[str]:
    """The object's lemma and form, and its compounds and modifiers alone and with it: "joint exercise"; and
    "@person" for a named person, "@actors" for a named country, organisation or group."""
    lemma = obj.lemma_.lower()
    words = {lemma, obj.lower_}
    if obj.dep_ in ("dobj", "obj", "nsubjpass"):
        words.add("@any")
    if obj.ent_type_ == "PERSON":
        words.add("@person")
    if obj.ent_type_ in ("GPE", "ORG", "NORP"):
        words.add("@actors")
    for c in obj.children:
        if c.dep_ in ("compound", "amod"):
            words.add(c.lower_)
            words.add(f"{c.lower_} {lemma}")
    return words


def _content_words(clause: Token) -> set[str]:
    """The words of a reported clause, a negated one also as "not X"."""
    words: set[str] = set()
    tokens = list(clause.subtree)
    negated = {t.head.i for t in tokens if t.dep_ == "neg"}  # a subtree holds its tokens' children
    for t in tokens:
        if t.dep_ == "amod" and t.head.pos_ == "NOUN":  # "illegal aliens" describes; "the move is illegal" judges
            continue
        lemma = t.lemma_.lower()
        words.update((lemma, t.lower_))
        if t.i in negated:
            words.add(f"not {lemma}")
    return words


def _judgement(verb: Token) -> set[str]:
    """What a statement says: its reported clause, or what it calls its object ("called the blockade illegal",
    "described the expulsion as a provocation", "branded the decision a hostile act")."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is not None:
        return _content_words(clause)
    objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    said = [c for c in verb.children if c.dep_ == "oprd"]
    said += [g for o in objects for c in o.children if c.dep_ == "appos"
             or c.dep_ == "prep" and c.lower_ == "as" for g in ([c] if c.dep_ == "appos" else c.children)]
    said += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    return {w for t in said for s in t.subtree for w in (s.lemma_.lower(), s.lower_)}


def _complement(tok: Token, that: bool) -> Token | None:
    """The clause a control verb governs: "refused to meet", and with ``that`` "warned that it would cut"; also
    "threatened on Monday to secede", parsed as an adverbial clause, and "committed to opening"."""
    for dep in ("xcomp", "ccomp") if that else ("xcomp",):
        for c in tok.children:
            if c.dep_ == dep and c.pos_ in ("VERB", "AUX", "ADJ"):
                return c
    if (raised := _raised(tok)):
        return raised[0].head
    objects = any(c.dep_ in ("dobj", "obj") for c in tok.children)  # "opened fire to disperse": a purpose
    for c in tok.rights:
        if c.dep_ == "advcl" and c.pos_ == "VERB" and not objects \
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ == "to":
            return next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)
    return None


LOCATIVE = {"in", "at", "near", "inside", "outside", "across", "along", "around", "during", "since", "after",
            "before", "until", "by", "as", "like", "despite", "amid", "within", "throughout", "under"}


def _preps(tok: Token, words: Iterable[str]) -> list[Token]:
    """The verb's prepositions among ``words``; not one that only dates the act ("agreed a deal on Tuesday")."""
    words = set(words)
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "prt", "nsubjpass", "xcomp")]
    return [c for h in heads for c in h.children if c.dep_ in ("prep", "agent") and c.lower_ in words
            and not _dating(c)]


def _dating(prep: Token) -> bool:
    objects = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objects) and all(g.ent_type_ in ("DATE", "TIME") for g in objects)


def _conj(tok: Token) -> list[Token]:
    out = [tok]
    listed = any(c.dep_ == "conj" for c in tok.children)
    for c in tok.children:
        # "the US, Russia and Switzerland" is often parsed with an apposition as one member of the list
        if c.dep_ == "conj" or (c.dep_ == "appos" and tok.pos_ == c.pos_ == "PROPN"
                                and (listed or any(g.dep_ == "conj" for g in c.children))):
            out.extend(_conj(c))
    return out


STATEMENTS = {"statement", "declaration", "communique", "communiqué", "letter", "message", "note", "appeal",
              "resolution", "report", "press release", "release", "call", "plea", "warning", "ultimatum"}


def _have_participle(tok: Token) -> bool:
    """"have staged rallies", parsed with "have" as the verb and "staged" as an adjective of its object."""
    head = tok.head
    return (tok.dep_ == "amod" and tok.tag_ in ("VBN", "VBD", "JJ") and tok.lower_.endswith(("ed", "en"))
            and head.dep_ == "dobj" and head.head.lemma_.lower() == "have" and head.head.i < tok.i)


def _regular_lemma(form: str, patterns: PatternSet) -> str | None:
    """The lexicon verb a regular -ed, -ing or -s form is made from: "staged" -> "stage", "banned" -> "ban"."""
    candidates = []
    for suffix in ("ed", "ing", "es", "s", "d"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            candidates += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])
            if stem.endswith("i"):
                candidates.append(stem[:-1] + "y")
    return next((c for c in candidates if c in patterns), None)


STATIVE = {"engage", "commit", "involve", "prepare", "determine", "dedicate", "oppose"}  # "were engaged in": a state, not a passive


def _is_passive(tok: Token) -> bool:
    if tok.lemma_.lower() in STATIVE and not any(c.dep_ == "agent" for c in tok.children):
        return False
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or _headline_passive(tok)


def _reduced_passive(tok: Token) -> bool:
    """A participle after its noun, "the priests kidnapped last week": the noun is what was done to."""
    return tok.tag_ == "VBN" and tok.dep_ == "acl" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)


def _headline_passive(tok: Token) -> bool:
    """A headline's participle after its noun, "Egypt activist released in ...": the headline's act, whether
    the parser hangs the participle on the noun or makes the noun its subject."""
    if _reduced_passive(tok):
        shape = tok.head.dep_ == "ROOT" and tok.head.pos_ in ("NOUN", "PROPN")
    else:
        shape = tok.tag_ == "VBN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children) \
            and not any(c.dep_ in ("aux", "auxpass") for c in tok.children)
    if not shape:  # the sentence is read only for a participle shaped like a headline's
        return False
    last = next((t for t in reversed(tok.sent) if not t.is_space), None)
    return last is not None and last.text not in (".", "!", "?", "\"", "'")  # a headline ends without a full stop


def _headline_patient(tok: Token) -> list[Token]:
    if tok.dep_ == "acl":
        return _conj(tok.head)
    return [g for c in tok.children if c.dep_ == "nsubj" for g in _conj(c)]


def _subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl") and not any(c.dep_ in ("aux", "auxpass", "agent")
                                                                         for c in verb.children):
        return []  # "prisoners held in Evin": the noun is what the participle was done to
    headline = _headline_passive(verb)  # "Activist released": the noun is not the doer
    for c in verb.children:  # the "by" agent first: "the woman assaulted by a driver", even parsed as its subject
        if c.dep_ == "agent":
            return [g for p in c.children if p.dep_ == "pobj" for g in _conj(p)]
    for c in verb.children:
        if (c.dep_ in ("nsubj", "csubj") and not headline) or (c.dep_ == "nsubjpass" and not _is_passive(verb)):
            return _conj(c)
    if _is_passive(verb):
        return []
    if depth > 3:
        return []
    head = verb.head
    if _have_participle(verb):
        return _subject_tokens(head.head, depth + 1)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ == "dobj" and head.lemma_.lower() in STATEMENTS:
        return _subject_tokens(head.head, depth + 1)  # "issued a statement urging ...": the issuer
    if verb.dep_ == "xcomp":
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if objs and head.lemma_.lower() in OBJECT_CONTROL:
            return _conj(objs[0])
        patient = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
        # "is scheduled to attend"; not "was urged to send", which asks for an act not done
        # nor "is expected to", "is said to": what others think will be done
        if patient is not None and _is_passive(head) and head.lemma_.lower() not in OBJECT_CONTROL | SPEECH | CLAIMED \
                | EPISTEMIC:
            return _conj(patient)
        return _subject_tokens(head, depth + 1)
    if verb.dep_ in ("conj", "advcl", "acomp") and head is not verb:
        return _subject_tokens(head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and head.lemma_.lower() in GATHERINGS \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        # "were converging for a rally in Lagos to protest ...": those who gather protest
        gov = head.head.head if head.dep_ == "pobj" else head.head if head.dep_ == "dobj" else None
        if gov is not None and gov.pos_ in ("VERB", "AUX"):
            return _subject_tokens(gov, depth + 1)
    if verb.dep_ == "relcl":
        return [head]
    # "police dispersed demonstrators protesting ...": what the clause's subject does is its own event
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ not in ("nsubj", "nsubjpass") \
            and not (head.dep_ == "pobj" and head.head.dep_ == "agent"):
        return [head]
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and head.dep_ == "prep":
        owner = head.head
        # "violated the truce by shelling ...", "left after meeting ...": the clause's own subject acts
        if head.lower_ in MEANS and owner.pos_ in ("VERB", "AUX"):
            subj = next((c for c in owner.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return _conj(subj) if subj is not None else _subject_tokens(owner, depth + 1)
        # "were guilty of violating the ceasefire"
        if owner.dep_ == "acomp" and owner.lemma_.lower() in GUILTY:
            return _subject_tokens(owner.head, depth + 1)
    return []


def _target_tokens(verb: Token, spec: str, obj: Token | None, acts: Container[str] = ()) -> list[Token]:
    if spec == "passive-subj":
        if _reduced_passive(verb):  # "two priests kidnapped last week"
            return _conj(verb.head)
        if _headline_passive(verb):
            return _headline_patient(verb)
        found = [g for c in verb.children if c.dep_ == "nsubjpass" for g in _conj(c)]
        if not found and verb.dep_ == "conj" and _is_passive(verb):  # "was flown to ... and was held"
            return _target_tokens(verb.head, spec, obj)
        return found
    if spec == "dobj":
        if _have_participle(verb):
            return _conj(verb.head)
        return [g for c in [*(c for c in verb.children if c.dep_ in ("dobj", "obj")), *_raised(verb)] for g in _conj(c)]
    if spec == "dative":
        return [g for c in verb.children if c.dep_ == "dative" for g in _conj(c)]
    if spec == "poss":
        return [c for c in (obj.children if obj is not None else ()) if c.dep_ == "poss"]
    if spec == "ccomp-subj":
        return [g for c in verb.children if c.dep_ == "ccomp"
                for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for g in _conj(s)]
    if spec == "object-phrase":
        return [t for t in (_undescribed(obj, acts) if obj is not None else ()) if t.i != obj.i]
    if spec == "clause":
        return [t for c in verb.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree]
    if spec == "purpose":
        clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                   and (c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
        clauses += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "against")
                    for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() in ("protest", "defiance", "opposition", "support")]
        return [t for c in clauses for t in _undescribed(c, acts) if t.i != c.i]
    if spec == "other-preps":  # "out of", "away from": the object of a preposition inside a preposition too
        preps = [p for h in [verb] + [c for c in verb.children if c.dep_ == "prt"] for p in h.children
                 if p.dep_ == "prep" and p.lower_ not in LOCATIVE]
        preps += [q for p in preps for q in p.children if q.dep_ == "prep"]
        return [g for p in preps for o in p.children if o.dep_ == "pobj" for g in _conj(o)]
    word = spec.split(":", 1)[1]
    return [g for p in _preps(verb, [word]) for o in p.children if o.dep_ == "pobj" for g in _conj(o)]


def _undescribed(tok: Token, acts: Container[str] = ()) -> list[Token]:
    """A phrase's words without the relative clauses that tell of another act of its nouns: in "students who
    were marching against a Chinese deal", China is what they marched against, not whom the police dispersed;
    "a missile that landed in Japan's waters" tells where the missile went."""
    described = {d.i for t in tok.subtree if t.i != tok.i and t.dep_ == "relcl" and t.lemma_.lower() in acts
                 and not any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)  # "a call for troops to be sent"
                 for d in t.subtree}
    return [t for t in tok.subtree if t.i not in described]


def _target_actors(tok: Token, actors: DocActors, sources: list[Actor], acts: Container[str] = ()) -> list[Actor]:
    own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)  # "its mission", "their troops"
    found = [a for a in actors.actors_for(tok) if not _same_side(a, sources, own)]
    if any(a.key for a in found):
        return found
    # "its mission in NATO": the phrase itself is the source's own; look inside it for another actor, but not in
    # a clause that describes it ("demonstrators who had gathered to protest against the EU")
    for t in _undescribed(tok, acts):
        m = actors.mention_at(t) if t.i != tok.i else None
        if m is not None and m.actor.key and m.actor.key not in {s.key for s in sources}:
            return [m.actor]
    return found


def _same_side(actor: Actor, sources: list[Actor], own: bool) -> bool:
    """A target that is the source itself. Within one country, two different sectors are two actors
    (police and protesters), unless the phrase is the source's own ("its diplomats")."""
    for s in sources:
        if actor.key and actor.key == s.key:
            if own or not (actor.sector and s.sector) or actor.sector == s.sector:
                return True
    return False


def _place(verb: Token, actors: DocActors, material: bool = False) -> Actor | None:
    """A country named as where the act happened: "in Baku", "near Goma", "killed 23 people when they blew
    themselves up in Tel Aviv", and for a material act where its object is ("seized a base in Congo"), not for
    words ("condemned attacks in Tehran")."""
    whens = [c for c in verb.children if c.dep_ == "advcl"
             and any(g.dep_ == "advmod" and g.lower_ in ("when", "as") for g in c.children)]
    around = [g for c in verb.children if c.lower_ in DIRECTIONS for g in c.children]  # "north of Mosul"
    objects = [g for c in verb.children if c.dep_ in ("dobj", "obj") for g in c.children] if material else []
    for p in [*verb.children, *around, *(g for c in whens for g in c.children), *objects]:
        if p.dep_ == "prep" and (p.lower_ in ("in", "at", "near", "outside", "inside", "throughout", "across")
                                 or p.lower_ == "of" and p.head.lower_ in DIRECTIONS):
            for o in p.children:
                if o.dep_ != "pobj":
                    continue
                tokens = list(o.subtree)
                if o.lemma_.lower() in WEAPONS:  # "in an Israeli air strike" says how, "... in Iraq" where
                    tokens = [t for q in o.children if q.dep_ == "prep" and q.lower_ in ("in", "at", "near")
                              for t in q.subtree]
                for t in tokens:
                    m = actors.mention_at(t)
                    # "in Israeli tank shelling" says whose, not where
                    if m is not None and m.actor.country and not m.actor.org and m.kind != "adjective":
                        return m.actor
    if (outcome := _outcome(verb)) is not None:  # "shelled a town in Somalia, killing twelve": there too
        return _place(outcome.head, actors, material)
    return None


def _outcome(verb: Token) -> Token | None:
    """The participle clause telling what an act led to, "..., killing or wounding 50", found from either verb."""
    while verb.dep_ == "conj" and verb.head.tag_ == "VBG":
        verb = verb.head
    return verb if verb.dep_ == "advcl" and verb.tag_ == "VBG" else None


def _located(actor: Actor | None, place: Actor | None, other: Actor | None) -> Actor | None:
    """A bare role ("activists", "a lawyer") takes the country where the act happened, else the source's."""
    if actor is None:
        return actor
    if actor.key:
        if place is not None and _is_people(actor) and place.country != actor.country:  # "Albanians protested in Serbia"
            return replace(actor, country=place.country, name=place.name,
                           why=f"{actor.why}; living where it happened ({place.text})")
        return actor
    base = place or other
    if base is None or not base.country:
        return actor
    how = (f"where it happened ({base.text})" if base is place else base.why if base.span == (0, 0)
           else f"the other party's country ({base.country})")
    return replace(actor, country=base.country, name=base.name, why=f"{actor.why}; country from {how}")


def _own_act(verb: Token, sources: list[Actor], actors: DocActors) -> bool:
    """The clause's subject is the source: a pronoun ("they had attacked") or the same actor."""
    subjects = _subject_tokens(verb)
    keys = {s.key for s in sources}
    return bool(subjects) and all(t.pos_ == "PRON" or any(a.key in keys for a in actors.actors_for(t) if a.key)
                                  for t in subjects)


def _sector(actor: Actor, actors: DocActors) -> str | None:
    """The actor's sector, and STATE for a country named as itself ("Vietnam protested"; not "Thousands of
    Congolese")."""
    if actor.sector or not actor.country or actor.org:
        return actor.sector
    span = actors.doc.char_span(*actor.span, alignment_mode="expand")
    mention = actors.mention_at(span[0]) if span else None
    return "STATE" if mention is not None and mention.kind == "name" and mention.actor.country == actor.country \
        else None


def _is_people(actor: Actor) -> bool:
    """A nation's people named as such ("ethnic Albanians", "Kurds"), not its state, or a group spread over
    several states (the Islamic State): either is of where it acts."""
    return (actor.sector == "CVL" and ": people '" in actor.why) or ": spread group '" in actor.why


def _domestic(m: _Match) -> bool:
    """Patterns for acts within a country (protests, curfews) name the source's country as the default target."""
    return "source-country" in m.pattern.target or (
        m.complement is not None and "source-country" in m.complement.pattern.target)


def _country_of(actor: Actor, why: str | None = None) -> Actor:
    """The country of an actor as a whole, as the target of a domestic act (a protest, a curfew: by default the
    source's own country) or of an act where it happened."""
    return Actor(text=actor.text, name=actor.name, span=actor.span, country=actor.country,
                 why=why or f"domestic act: the source's own country ({actor.country})")


def _speaker(verb: Token, actors: DocActors) -> Actor | None:
    """"Russia said it would ...": a pronoun subject inside reported speech is the speaker."""
    t = verb
    while t.dep_ in ("ccomp", "xcomp", "conj", "advcl", "acomp") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            for s in _subject_tokens(t):
                actor = actors.actor_for(s)
                if actor is not None:
                    return actor
    return None


VIOLENT = {"18", "19", "20"}
STANCES = {"10", "12"}  # demanding and refusing: "still demands", "still refuses" state the stance again
VISIT = "042"
# killing or wounding, which by a state's forces of armed foes is fighting (190); by guerrillas it stays 18, as in the
# CAMEO manual's own examples
KILLINGS = {"180", "182"}
ARMED = {"MIL", "REB", "PRM", "UAF"}
# "was arrested", "were deported", "was dissolved", "were released from prison": only a state does these
COERCED = {"172", "1721", "1722", "173", "174", "084", "0841", "1662", "1663"}
CAPTIVES = {"hostage", "captive", "abductee"}  # released by whoever holds them, not the authorities
POLITICAL = {"GOV", "LEG", "MIL", "JUD", "OPP", "PTY", "ELI", "JRN", "REB", "REL", "LAB", "EDU", "MED", "SPY", "COP"}
SHARES = {"role", "part", "involvement", "complicity", "hand", "responsibility"}  # "his role in the attack"
INDEFINITE = {"who", "someone", "somebody", "whoever", "unknown"}
UNNAMED = {"181", "186", "1822"}  # kidnapped, assassinated, tortured: by someone, whatever the sentence says
WEAPONS = {"bomb", "bombing", "blast", "explosion", "attack", "rocket", "missile", "shell", "mine", "device", "ied",
           "grenade", "drone", "strike", "airstrike", "shelling", "gunfire", "raid", "shooting", "ambush", "gunman",
           "gunmen", "bomber", "bombers", "militant", "militants", "sniper", "artillery", "car bomb", "clash",
           "clashes", "fighting", "battle", "gunbattle", "firefight", "crossfire", "tank", "tanks", "mortar", "bullet",
           "bullets", "bombardment", "barrage"}
# "died in a gas explosion", "died in a shooting at a home": an attack only where an attacker is named
ACCIDENTS = {"explosion", "blast", "shooting"}
WEAPON_CODES = {"193", "194", "195"}  # fighting with a kind of weapon, which its victims fall to as well
MISHAPS = {"crash", "accident", "collision", "drown", "drowning", "fire", "landslide", "avalanche", "storm", "flood",
           "earthquake", "disease", "illness", "heat", "suicide", "overdose"}


def _attack_phrases(verb: Token, preps: tuple[str, ...] = ("in", "by", "during")) -> Iterator[Token]:
    """The attacks or weapons a verb's prepositions name: "in an air strike", "during shelling"."""
    for p in verb.children:
        if p.dep_ == "prep" and p.lower_ in preps:
            for o in p.children:
                if o.dep_ == "pobj" and (o.lemma_.lower() in WEAPONS or o.lower_ in WEAPONS):
                    yield o


def _attack_phrase(verb: Token) -> Token | None:
    """The first attack phrase, "from wounds" and "after an attack" included."""
    return next(_attack_phrases(verb, ("in", "by", "during", "from", "after")), None)


def _attack_actors(verb: Token, actors: DocActors, passive: bool = True) -> list[Actor]:
    """The actor named in an attack phrase of a passive ("were killed in Israeli tank shelling", "in an air
    strike by government forces"), or of a verb whose subject is the victim ("died in an Israeli air strike")."""
    if (passive and not _is_passive(verb)) or any(c.dep_ == "agent" for c in verb.children):
        return []
    for o in _attack_phrases(verb):
        found = [a for a in actors.actors_for(o) if a.key]
        by = [a for q in o.children if q.dep_ in ("prep", "agent") and q.lower_ == "by"
              for g in q.children if g.dep_ == "pobj" for a in actors.actors_for(g)]
        found += [a for a in by if a.key]
        if found:
            return _unique(found)
        if any(a.sector for a in by):  # "in an air strike by government forces": placed later
            return [a for a in by if a.sector][:1]
    for p in verb.children:  # "rockets were fired from Gaza"
        if p.dep_ == "prep" and p.lower_ == "from" and verb.lemma_.lower() in ("fire", "launch", "lob", "shoot"):
            found = [a for o in p.children if o.dep_ == "pobj" for a in actors.actors_for(o) if a.country and not a.org]
            if found:
                return [replace(found[0], why=f"{found[0].why}; where the fire came from")]
    return []


def _unnamed_attacker(verb: Token) -> bool:
    """"Three civilians were killed in a bombing", "a roadside bomb killed two soldiers": someone did it, unnamed.
    Without an attack or weapon in the sentence, "were killed" or "were injured" may be an accident."""
    if verb.dep_ == "relcl":  # "the raid in which 20 people were killed" tells of an act, it does not report one
        return False
    if not any((t.lemma_.lower() in WEAPONS or t.lower_ in WEAPONS) and (t.pos_ in ("NOUN", "PROPN") or t == verb)
               for t in verb.sent):  # "killed when a car struck them" names no weapon
        return False
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if _is_passive(verb) and all(o.lemma_.lower() in WEAPONS for o in agents):  # "killed by a roadside bomb"
        return True
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in WEAPONS for c in verb.children)


def _fallen(verb: Token, forces: frozenset[str]) -> bool:
    """"Ten soldiers were killed in the east": troops killed are killed by an enemy, unless by a mishap."""
    if not (_is_passive(verb) or _reduced_passive(verb)) or any(c.dep_ == "agent" for c in verb.children):
        return False
    if _reduced_passive(verb) and verb.head.dep_ in ("pobj", "dobj"):  # "paid respects to a soldier killed in ..."
        return False
    if any(t.lemma_.lower() in MISHAPS for t in verb.sent):
        return False
    return any(t.lemma_.lower() in forces for t in _target_tokens(verb, "passive-subj", None))


def _indefinite_subject(verb: Token) -> bool:
    """"Someone planted a bomb", "information on who placed pipe bombs": an attacker no one names."""
    return any(c.dep_ == "nsubj" and c.lower_ in INDEFINITE for c in verb.children) and verb.dep_ != "relcl"


def _agents_within(noun: Token) -> list[Token]:
    """Who did what a noun phrase names: "crimes by X", "crimes committed by X"."""
    out = []
    for t in noun.subtree:
        if t.dep_ in ("prep", "agent") and t.lower_ == "by" and t.head.dep_ != "ROOT":
            out += [g for o in t.children if o.dep_ == "pobj" for g in _conj(o)]
    return out


def _condition_subjects(tok: Token) -> list[Token]:
    """Who must act for a condition to be met: "unless Israel rescinds ..." """
    return [g for c in tok.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION
                                                                 for m in c.children)
            for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for g in _conj(s)]


def _condition_on_other(tok: Token) -> bool:
    """"... unless Chisinau pays": the condition is something another party must do, which makes a threat;
    "if elected" names no one, and stays a hypothetical."""
    for c in tok.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in CONDITION for g in c.children):
            return any(g.dep_ in ("nsubj", "nsubjpass") and g.lower_ not in ("i", "we") for g in c.children)
    return False


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _future(tok: Token) -> bool:
    """"will provide", "is going to meet", and "would meet" in reported speech."""
    for c in tok.children:
        if c.dep_ == "aux" and (c.lower_ in ("will", "shall", "'ll") or (c.lower_ == "would" and _reported(tok))):
            return True
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and tok.head.lower_ == "going"


def _prefixed(table: tuple[tuple[str, str], ...], code: str) -> str | None:
    for prefix, value in table:
        if code.startswith(prefix):
            return value
    return None


def _nonfactual(tok: Token, verbal: bool = False, stance: bool = False) -> str | None:
    """Why a verb does not report a real act: negated, modal, conditional, or under "fail to". A verbal act with
    an "if" clause ("warned of countermeasures if ...") is still made, so only material acts are conditional; a
    stance ("still refuses to lift the ban") is taken anew each time it is stated, so it is no mere ongoing state."""
    t = tok.head.head if _have_participle(tok) else tok
    for _ in range(4):
        for c in t.children:
            if c.dep_ == "neg" or c.lower_ in ("never",):
                return "negated"
            if c.dep_ == "advmod" and c.lower_ in ("still", "continuously") and not stance:
                return f"an ongoing state ({c.text} ...), not a new act"
            if c.dep_ == "aux" and c.lower_ in MODAL:
                if c.lower_ == "would" and _reported(t):
                    continue
                return f"hypothetical ({c.text})"
            if c.dep_ == "mark" and c.lower_ in CONDITION:
                return f"conditional ({c.text})"
            if c.dep_ == "advcl" and not verbal and any(g.dep_ == "mark" and g.lower_ in CONDITION for g in c.children):
                return "conditional (if ...)"
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in NONFACTUAL:
            return f"not a real act ({t.head.lemma_} to ...)"
        if t.dep_ in ("xcomp", "advcl") and t.head.lemma_.lower() in READYING \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):  # "massed troops to attack"
            return "a purpose, not an act (to ...)"
        if t.dep_ == "advcl" and t.head.pos_ == "VERB" and t.head.lemma_.lower() not in CONTROL_OK \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children) \
                and not (t.head.lemma_.lower() in ASSEMBLING and t.lemma_.lower() in PROTESTING):
            return "a purpose, not an act (to ...)"
        if t.dep_ in ("xcomp", "ccomp", "pcomp", "dobj") and t.head.lemma_.lower() in DENIAL:
            return f"denied, not asserted ({t.head.text} ...)"
        if t.dep_ in ("acl", "ccomp", "relcl") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in REPORTED:
            return f"reported, not asserted ({t.head.text} that ...)"
        if t.dep_ in ("acl", "ccomp") and t.head.pos_ == "NOUN" and t.head.lemma_.lower() in SOUGHT \
                and any(c.dep_ in ("aux", "mark", "nsubj") for c in t.children):
            return f"sought, not done ({t.head.text} to ...)"
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in CLAIMED:
            return f"claimed or hoped, not asserted ({t.head.text} that ...)"
        if t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            continue
        if t.dep_ == "acl" and t.tag_ == "VBG":  # "unless rebels fighting ... agree": the clause of the noun
            clause = next((a for a in t.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
            if clause is not None:
                t = clause
                continue
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION for c in t.children):
            return "conditional"
        break
    return None


def _reported(tok: Token) -> bool:
    t = tok
    while t.dep_ in ("ccomp", "conj", "xcomp") and t.head is not t:
        t = t.head
        if t.lemma_.lower() in SPEECH:
            return True
    return False


def _inferred(actor: Actor) -> bool:
    return any(w in actor.why for w in ("anaphor", "pronoun", "same as", "same person"))


def _unique(actors: list[Actor]) -> list[Actor]:
    seen: set[str | None] = set()
    out = []
    for a in actors:
        k = a.key or a.name
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def _same(a: Actor, b: Actor) -> bool:
    """One actor twice; two bare roles are the same only by name ("the police" and "protesters" are not)."""
    return a.cameo == b.cameo if (a.key or b.key) else a.name == b.name


def _pairs(sources: list[Actor], targets: list[Actor], symmetric: bool) -> Iterator[tuple[Actor, Actor | None]]:
    """One event per actor pair; acts done together ("X and Y signed") code both directions."""
    seen: set[tuple] = set()

    def emit(s: Actor, t: Actor | None):
        key = (s.key or s.name, (t.key or t.name) if t else None)
        if key in seen or (t is not None and _same(s, t) and not t.why.startswith("domestic act")):
            return None
        seen.add(key)
        return s, t

    if not targets and symmetric and len(sources) > 1:
        for s in sources:
            for t in sources:
                if s is not t and (p := emit(s, t)):
                    yield p
        return
    for s in sources:
        if not targets:
            if p := emit(s, None):
                yield p
        for t in targets:
            if p := emit(s, t):
                yield p
