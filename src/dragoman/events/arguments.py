"""A verb's arguments: who did it (the source), to whom (the target), and where.

The source is the subject, the passive's agent, or the subject a controlling verb passes down; a pronoun in
reported speech is the speaker. The target is where the pattern says, else searched for in the object's phrase,
the reported clause and the other prepositions. A bare role ("activists") takes the country where the act
happened.
"""

from __future__ import annotations

from dataclasses import replace
from os.path import commonprefix
from typing import Callable, Container, Iterator

from spacy.tokens import Token

from ..actors import DocActors
from ..actors.resolve import DIRECTIONS
from ..model import Actor, Event
from .dyads import pairs, same_side, unique
from .matching import Match
from .modality import condition_subjects
from .ontology import lookup
from .patterns import PatternSet
from .speech import speaker, speaker_of_judgement
from .syntax import (conj, have_participle, is_passive, outcome, patients, preps, raised, reduced_passive, split_noun,
                     subject_tokens)
from .violence import VIOLENT, attack_actors, unknown, unnamed_attack, victims_attackers
from .words import ASKING, CAPTIVES, CAUTION, COUPS, LIGHT, LOCATIVE, MUTUAL, PUBLIC, SUBJECT_PRONOUNS, WEAPONS

VISIT = "042"
ABOUT = {"about", "regarding", "concerning"}
GENERIC_REACH = 2  # sentences back a generic act noun ("the move", "the decision") may refer
VERBAL_ACTS = {"01", "02", "09", "10", "11", "12", "13"}
ABOUT_ACT = {"to", "of", "over", "against", "about", "at"}  # "opposition to the decision", "anger over the move"
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "any", "all", "both", "such"}
ADVICE = {"02", "10"}  # appeals and demands, which to the public at large are advice
# "was arrested", "were deported", "was dissolved", "were released from prison": only a state does these
COERCED = {"172", "1721", "1722", "173", "174", "084", "0841", "1662", "1663"}
JOINT = {"03", "04", "05", "06"}  # cooperation that several parties can do with one another
POLITICAL = {"GOV", "LEG", "MIL", "JUD", "OPP", "PTY", "ELI", "JRN", "REB", "REL", "LAB", "EDU", "MED", "SPY", "COP"}


# -- the source ----------------------------------------------------------------------------------------------------

def sources(m: Match, actors: DocActors, patterns: PatternSet) -> list[Actor]:
    if m.pattern.victim:
        return victims_attackers(m.verb, actors)
    out: list[Actor] = []
    for t in subject_tokens(m.verb):
        found = actors.actors_for(t)
        if not found and t.lower_ in SUBJECT_PRONOUNS:
            said = speaker(m.verb, actors)
            found = [said] if said else []
        out.extend(found)
    if not out:
        out = speaker_of_judgement(m.verb, actors)
    out = unique(out)
    keyed = [a for a in out if a.key]
    if not out and lookup(m.code).root in VIOLENT:
        out = attack_actors(m.verb, actors)  # "killed in an Israeli air strike"
        if out:
            return out
    if not out and m.code in COERCED and is_passive(m.verb) and not any(c.dep_ == "agent" for c in m.verb.children) \
            and not any(t.lemma_.lower() in CAPTIVES for t in patients(m.verb)) \
            and (any(a.key or a.sector in POLITICAL for t in patients(m.verb) for a in actors.actors_for(t))
                 or _political_charge(m.verb, patterns)):
        # a political arrest ("on suspicion of espionage"), not "four men were charged with murder"
        return [Actor(m.verb.text, "authorities", (m.verb.idx, m.verb.idx + len(m.verb.text)), sector="GOV",
                      why="an arrest, ban or release with no one named as its author: the authorities")]
    if not out and unnamed_attack(m, patterns):
        return [unknown(m.verb, "violence with no attacker named (a passive, or a bomb as the subject)")]
    return keyed or out[:1]


def misfit(m: Match, sources: list[Actor], actors: DocActors) -> str | None:
    """Why the sources cannot do what the pattern codes: none named, or not of the sector it needs."""
    if not sources:
        return "no source actor"
    if m.pattern.subject and not any(sector(s, actors) in m.pattern.subject for s in sources):
        return f"source sector not in {sorted(m.pattern.subject)}"
    if lookup(m.code).root in ADVICE and _advice(m):
        return f"advice to the public ({m.obj.text!r}), not a political act"
    if lookup(m.code).root == "02" and _questioned(m.verb):
        return f"a question put to the subject ({m.verb.text!r}), by no actor named"
    return None


def _advice(m: Match) -> bool:
    """"Officials told residents to stay indoors": the public told to keep safe, not asked for a political act."""
    if m.obj is None or m.obj.lemma_.lower() not in PUBLIC:
        return False
    asked = [c for c in m.verb.children if c.dep_ in ("xcomp", "ccomp")]
    return not asked or any(c.lemma_.lower() in CAUTION for a in asked for c in conj(a))


def _questioned(verb: Token) -> bool:
    """"Asked whether China would investigate, the spokesman said": a participle opening the sentence with no
    subject of its own and nothing asked for ("Asked by Kyiv to send tanks") is a question put to the main
    clause's subject."""
    if verb.tag_ == "VBN" and verb.dep_ == "advcl" and not any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "xcomp") for c in verb.children):
        return True
    # "asked about the talks", "asked whether Germany would send tanks": a question, not a request
    return verb.lemma_.lower() in ASKING and any(
        (c.dep_ == "prep" and c.lower_ in ABOUT) or (c.dep_ == "ccomp" and any(
            g.lower_ in ("whether", "if") or g.tag_ in ("WDT", "WP", "WRB") for g in c.children))
        for c in verb.children)


def _political_charge(verb: Token, patterns: PatternSet) -> bool:
    """The arrest's grounds, in its own phrases, are a political offence: "on suspicion of espionage"."""
    charges = patterns.classes.get("political_charges", frozenset())
    return any(t.lemma_.lower() in charges or t.lower_ in charges
               for c in verb.children if c.dep_ in ("prep", "advcl") for t in c.subtree)


def sector(actor: Actor, actors: DocActors) -> str | None:
    """The actor's sector, and STATE for a country named as itself ("Vietnam protested"; not "Thousands of
    Congolese")."""
    if actor.sector or not actor.country or actor.org:
        return actor.sector
    span = actors.doc.char_span(*actor.span, alignment_mode="expand")
    mention = actors.mention_at(span[0]) if span else None
    return "STATE" if mention is not None and mention.kind == "name" and mention.actor.country == actor.country \
        else None


# -- source and target together ----------------------------------------------------------------------------------

def cast(m: Match, sources: list[Actor], place: Actor | None, actors: DocActors, patterns: PatternSet,
         earlier: list[Event]) -> tuple[Match, list[Actor], list[Actor], bool] | str:
    """The match as its parties make it (the source's own act, a joint one), the sources, the targets and whether
    the act is done together; or why there is no event."""
    sources = [located(s, place, None) if _is_people(s) else s for s in sources]
    if m.pattern.own and m.complement is not None and _own_act(m.complement.verb, sources, actors):
        m = replace(m, code=m.pattern.own)
    joint = m.pattern.joint and len({s.country or s.org for s in sources if s.key}) > 1
    if joint:
        m = replace(m, code=m.pattern.joint)
    symmetric = joint or m.pattern.symmetric or (m.complement is not None and m.complement.pattern.symmetric)
    if not symmetric and _between_subjects(m, sources, actors, patterns):
        m, symmetric = replace(m, note=_join(m.note, "a joint act of its coordinated subjects, no other party "
                                                      "named")), True
    found = targets(m, actors, sources, patterns, together=symmetric and len(sources) > 1,
                    refer=lambda: referent(m, sources, earlier, patterns, actors))
    if m.code == VISIT and not found:  # "arrived in Harare", at home, is no visit
        return "no host named but the visitor's own country"
    if m.pattern.reverse:  # "received weapons from Germany": Germany gave them
        if not found:
            return "no giver named"
        sources, found = [t for t in found if t.key] or found[:1], sources
    return m, sources, found, symmetric


def _between_subjects(m: Match, sources: list[Actor], actors: DocActors, patterns: PatternSet) -> bool:
    """"South Korea and the United States agreed to keep working for ...": agreeing to cooperate, several
    countries as one subject and no other party where the pattern (or its complement's) looks, is between them; a
    country named deeper in the complement is what it is about. Not "X and Y vowed to send funds": each vows."""
    if m.verb.lemma_.lower() not in MUTUAL or lookup(m.code).root not in JOINT \
            or len({s.key for s in sources if s.key}) < 2:
        return False
    return not any(targets(c, actors, sources, patterns, together=True)
                   for c in (m, m.complement) if c is not None)


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def dyads(m: Match, sources: list[Actor], targets: list[Actor], symmetric: bool, place: Actor | None,
          actors: DocActors) -> Iterator[tuple[Actor, Actor | None]]:
    """Each source and target pair, a bare role placed in a country."""
    home_act = domestic(m)
    for source, target in pairs(sources, targets, symmetric):
        # a bare role protesting against a country's government is of that country
        protest = home_act and lookup(m.code).root == "14" and target is not None and not target.org \
            and bool(target.country)
        # otherwise a bare role ("rebels", "militants") is of the country the article is about
        home = target if protest else actors.home_country if source.sector not in (None, "UNK") else None
        if source.sector == "UNK":  # an unnamed attacker is of where it struck: "a bombing near Samarra"
            home = next((p for t in subject_tokens(m.verb) for p in [place_of(t, actors)] if p), None) \
                or actors.home_country
        source = located(source, place, home)
        # a bare role as target ("demands from rebels") is of the country the article is about
        target = located(target, place, source if home_act else actors.home_country)
        yield source, target


def topics(m: Match) -> set[int]:
    """A protest's "demanding ..." is its topic, not another event; "blocking the avenue and demanding ..." too."""
    return {g.i for c in m.verb.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" for g in conj(c)}


def _own_act(verb: Token, sources: list[Actor], actors: DocActors) -> bool:
    """The clause's subject is the source: a pronoun ("they had attacked") or the same actor."""
    subjects = subject_tokens(verb)
    keys = {s.key for s in sources}
    return bool(subjects) and all(t.pos_ == "PRON" or any(a.key in keys for a in actors.actors_for(t) if a.key)
                                  for t in subjects)


# -- the target ----------------------------------------------------------------------------------------------------

def targets(m: Match, actors: DocActors, sources: list[Actor], patterns: PatternSet,
            together: bool = False, refer: Callable[[], list[Actor]] | None = None) -> list[Actor]:
    """Actors where the pattern says, else (``refer``) whoever did the earlier act a definite act noun names,
    else in the object's phrase, the reported clause or another preposition. An actor other than the source is
    preferred; a bare role ("activists") is kept only when no other is named."""
    if m.pattern.victim:
        return unique([a for t in subject_tokens(m.verb) for a in actors.actors_for(t)
                       if not same_side(a, sources, False)])
    # "investigating crimes by Croatian extremists", "condemned allegations by Rwanda": aimed at their author
    # and "blamed the defeat on interventions by the FBI director"
    if lookup(m.code).root in ("09", "11", "12"):
        phrases = ([m.obj] if m.obj is not None else []) + _target_preps(m)
        found = [a for p in phrases for t in _agents_within(p) for a in actors.actors_for(t) if a.key
                 and not any(a.key == s.key and a.sector == s.sector for s in sources)]
        if found:
            return unique(found)
    if lookup(m.code).root == "13":  # "threatened to strike unless Israel rescinded ...": aimed at Israel
        found = [a for v in (m.verb, m.complement.verb if m.complement else None) if v is not None
                 for t in condition_subjects(v) for a in target_actors(t, actors, sources) if a.key]
        if found:
            return unique(found)
    specs = list(m.pattern.target)
    if is_passive(m.verb) or reduced_passive(m.verb):
        specs = ["passive-subj"] + [s for s in specs if s != "dobj"]
    keyless: list[Actor] = []
    searching = m.pattern.search and not together  # "X and Y met": each other, not someone else
    fallbacks = ["object-phrase", "clause", "other-preps"] if searching else []
    for spec in [*specs, *fallbacks]:
        if spec == "source-country":
            continue
        if spec == "object-phrase" and refer is not None and (found := refer()):
            return found
        tokens = [t for t in target_tokens(m.verb, spec, m.obj, patterns) if not _breached(t)]
        if spec in fallbacks or spec == "purpose":  # a searched phrase gives its first actor, and those coordinated
            first = next((t for t in tokens if any(a.key for a in target_actors(t, actors, sources, patterns))), None)
            tokens = conj(first) if first is not None else []
        found = [a for t in tokens for a in target_actors(t, actors, sources, patterns)]
        if spec == "manner":
            found = [replace(a, why=f"{a.why}; what the participle clause is against") for a in found]
        keyed = [a for a in found if a.key]
        if keyed:
            return unique(keyed)
        keyless.extend(found)
        if spec == "object-phrase" and m.complement is not None:
            inner = targets(m.complement, actors, sources, patterns, together)
            if inner:
                return inner
    if lookup(m.code).root in VIOLENT and (named := _victims_named(m, actors)):
        return named
    if keyless:
        return keyless[:1]
    if domestic(m):
        place = place_of(m.verb, actors)  # "British activists protested in Beijing": against China
        if place is not None and place.country and all(s.country and s.country != place.country for s in sources):
            return [_country_of(place, f"{place.why}; where it happened")]
        home = actors.home_country
        if home is not None and lookup(m.code).root in VIOLENT and place is None:  # unnamed victims
            return [_country_of(home, f"{home.why}; the victims' country")]
        own = unique([_country_of(s) for s in sources if s.country])  # each source's own (dyads.pairs)
        if not own and home is not None and home.country:  # "tube workers walked out": at home, where the story is
            own = [_country_of(home, f"domestic act: the country the article is about ({home.country})")]
        return own
    if lookup(m.code).root in VIOLENT and (place := place_of(m.verb, actors, material=True)) is not None:
        return [_country_of(place, f"{place.why}; where it struck, no one else named")]
    if lookup(m.code).root in ANSWERING and (deed := _deed_object(m)) is not None:
        # "Tunisia condemned the attack", "the Kremlin dismissed the allegations": aimed at whoever made them,
        # though no one names them
        return [Actor(deed.text, "unknown", (deed.idx, deed.idx + len(deed.text)), sector="UNK",
                      why=f"{UNNAMED_MAKER} {deed.text!r}, unnamed")]
    return []


ANSWERING = ("01", "11", "12")
UNNAMED_MAKER = "whoever made"  # of no country: the text says nothing of who they are  # denials, criticism and rejection answer a deed or a charge
CHARGES = {"allegation", "accusation", "charge", "claim", "report"}


def _deed_object(m: Match) -> Token | None:
    """An attack or a charge the act answers: its object or the object of its preposition ("condemned the
    bombing", "outrage at the shooting", "dismissed the allegations")."""
    phrases = ([m.obj] if m.obj is not None else []) + _target_preps(m)
    return next((t for t in phrases if t.pos_ == "NOUN" and (t.lemma_.lower() in WEAPONS or t.lemma_.lower() in
                                                              CHARGES)), None)


def referent(m: Match, sources: list[Actor], earlier: list[Event], patterns: PatternSet,
             actors: DocActors) -> list[Actor]:
    """"Minsk condemned the expulsions": a definite act noun as object (or as what the object is about, "voiced
    opposition to the decision") refers to the latest earlier act of its kind by someone else, and its actor is the
    target (both parties, for an agreement or a meeting). The act is an earlier event, or a mention the coder made
    no event of: "the army seized power ... condemned the coup", "Japan decided ... welcomed the decision"."""
    noun = _act_noun(m, patterns)
    if noun is None:
        return _attackers(m, sources, earlier)
    name = noun.lower_ if noun.lower_ in patterns.nominal else noun.lemma_.lower()
    verb = patterns.nominal.get(name)  # "the expulsions" refers to an expulsion, "the move" to any act
    kinds = ({lookup(p.code).root for p in patterns.for_verb(verb) if p.code} if verb
             else _kinds_of_class(name, patterns))
    mention = _mentioned(noun, verb, sources, actors, patterns)
    starts = _starts_up_to(noun)
    for e in reversed(earlier):
        if not kinds:  # "the move" is a recent deed or the lede's, not any act far back or a statement
            if e.root in VERBAL_ACTS:
                continue
            if _beyond_reach(starts, e) and e.sentence_index != earlier[0].sentence_index:
                continue
        if mention is not None and not e.trigger_span[0] <= mention[0].idx < e.trigger_span[1]:
            if mention[0].idx > e.trigger_span[1]:
                break  # the act is named again after this event
            if not kinds:  # "the coup" is the coup named, not any act since
                continue
        # another actor: another country, or within one a different sector ("al-Shabaab stormed a base ...
        # Somalia's government condemned the assault")
        if kinds and e.root not in kinds:
            continue
        if e.source.key and not same_side(e.source, sources, False):
            why = f"{noun.text!r} refers to the earlier '{e.trigger}' (sentence {e.sentence_index})"
            out = [replace(e.source, why=f"{e.source.why}; {why}")]
            if e.target is not None and e.target.key and not same_side(e.target, sources, False) \
                    and e.root in ("04", "05", "06"):
                out.append(replace(e.target, why=f"{e.target.why}; {why}"))
            return out
    if mention is None:
        return []
    word, doer = mention
    return [replace(doer, why=f"{doer.why}; {noun.text!r} refers to the earlier {word.text!r} "
                              f"({word.sent.text[:40].strip()!r}...)")]


def _victims_named(m: Match, actors: DocActors) -> list[Actor]:
    """"killing four drivers ... Three of the drivers were Kenyan and one was Ugandan": the victims' nationality
    as another sentence gives it, read from the words (a sentence with no act may be left unparsed)."""
    forms = {t.lower_ for t in target_tokens(m.verb, "dobj", m.obj) if t.pos_ == "NOUN" and t.tag_ == "NNS"}
    out: list[Actor] = []
    for sent in m.verb.doc.sents:
        words = [t.lower_ for t in sent]
        at = next((i for i, w in enumerate(words[:-2]) if w in forms and words[i + 1] in ("were", "are")), None)
        if sent == m.verb.sent or at is None:
            continue
        for t in sent[at + 2:]:
            if t.lower_ in (";", "because", "who", "which", "when", "after"):
                break
            out += [replace(_country_of(a), why=f"{a.why}; the victims' nationality ({sent.text[:40]!r})")
                    for a in actors.actors_for(t) if a.country and "adjective" in a.why and a.text == t.text]
    return unique(out)


def _attackers(m: Match, sources: list[Actor], earlier: list[Event]) -> list[Actor]:
    """"troops fought back": against who attacked them last, a sentence or two before."""
    if lookup(m.code).root not in VIOLENT or not any(c.dep_ in ("prt", "advmod") and c.lower_ == "back"
                                                                       for c in m.verb.children):
        return []
    starts = _starts_up_to(m.verb)
    for e in reversed(earlier):
        if _beyond_reach(starts, e):
            break
        hit = e.target is not None and any(e.target.sector == s.sector for s in sources)  # attacked them
        if e.root in VIOLENT and hit and e.source.key and e.source.cameo != e.target.cameo:
            why = f"fought back against the earlier '{e.trigger}' (sentence {e.sentence_index})"
            return [replace(e.source, why=f"{e.source.why}; {why}")]
    return []


def _starts_up_to(tok: Token) -> list[int]:
    """Where the sentences up to ``tok``'s begin, in characters."""
    return [s.start_char for s in tok.doc.sents if s.start_char <= tok.sent.start_char]


def _beyond_reach(starts: list[int], event: Event) -> bool:
    """More than GENERIC_REACH sentences begin between ``event`` and the sentence ``starts`` ends with."""
    return sum(1 for c in starts if c > event.trigger_span[1]) > GENERIC_REACH


def _kinds_of_class(noun: str, patterns: PatternSet) -> set[str]:
    """The roots of the patterns that take a class of act nouns as object: "the sanctions" were imposed (16)."""
    classes = [c for n, c in patterns.classes.items() if n != "events" and noun in c]
    return {lookup(p.code).root for c in classes for p in patterns.patterns if p.code and p.object and c <= p.object}


def _act_noun(m: Match, patterns: PatternSet) -> Token | None:
    """The definite act noun the verb is aimed at: its object, the object of a target preposition, or what the
    object is about ("opposition to the decision")."""
    events = patterns.classes.get("events", ())
    candidates = ([m.obj] if m.obj is not None else []) + _target_preps(m)
    candidates += [o for p in (m.obj.children if m.obj is not None else ())
                   if p.dep_ == "prep" and p.lower_ in ABOUT_ACT for o in p.children if o.dep_ == "pobj"]
    if m.pattern.content:  # a statement about an act: "said the launch was a violation of ..."
        candidates += [s for c in m.verb.children if c.dep_ == "ccomp" for s in c.children
                       if s.dep_ in ("nsubj", "nsubjpass")]
    for noun in candidates:
        if noun.lemma_.lower() in events or noun.lower_ in events:
            if any(c.dep_ in ("det", "poss", "predet") and c.lower_ in DEFINITE for c in noun.children):
                return noun
    return None


def _mentioned(noun: Token, verb: str | None, sources: list[Actor], actors: DocActors,
               patterns: PatternSet) -> tuple[Token, Actor] | None:
    """The latest earlier sentence's word for the same act (the verb it comes from, or the noun again) whose doer
    is named and is not the source: the word and the doer."""
    lemma = noun.lemma_.lower()
    for t in reversed(noun.doc[:noun.sent.start]):
        if t.pos_ == "VERB" and (t.lemma_.lower() == verb or _derived(lemma, t.lemma_.lower())
                                 or lemma in COUPS and _seizes_power(t)):
            doers = [a for s in subject_tokens(t) for a in actors.actors_for(s)]
        elif t.pos_ == "NOUN" and (t.lemma_.lower() == lemma or (verb and patterns.nominal.get(t.lower_) == verb)):
            doers = [a for d in _doers_of_noun(t) for a in actors.actors_for(d)]
        else:
            continue
        doer = next((a for a in doers if a.key and not same_side(a, sources, False)), None)
        if doer is not None:
            return t, doer
    return None


def _seizes_power(verb: Token) -> bool:
    """"seized power", "toppled the president": what "the coup" refers to."""
    lemma = verb.lemma_.lower()
    return lemma in COUPS or any(f"{lemma} {c.lemma_.lower()}" in COUPS for c in verb.children if c.dep_ == "dobj")


def _doers_of_noun(noun: Token) -> list[Token]:
    """Who did the act a noun names: its possessor or modifier ("Japan's decision", "a Russian attack"), its "by"
    phrase, or the subject of a verb that only carries it out ("the army staged a coup")."""
    out = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    out += [g for p in noun.children if p.dep_ in ("prep", "agent") and p.lower_ == "by"
            for o in p.children if o.dep_ == "pobj" for g in conj(o)]
    if noun.dep_ in ("dobj", "obj") and noun.head.lemma_.lower() in LIGHT:
        out += subject_tokens(noun.head)
    return out


def _derived(noun: str, verb: str) -> bool:
    """A noun made from the verb: "decision" from "decide", "accusation" from "accuse", "threat" from "threaten"."""
    common = len(commonprefix([noun, verb]))
    return common >= 4 and common >= len(verb) - 2


def _target_preps(m: Match) -> list[Token]:
    """The objects of the prepositions the pattern takes its target from: "blamed the defeat on ..."."""
    return [t for spec in m.pattern.target if spec.startswith("prep:") for t in target_tokens(m.verb, spec, m.obj)]


def target_tokens(verb: Token, spec: str, obj: Token | None, acts: Container[str] = ()) -> list[Token]:
    """The tokens a pattern's target spec points at ("dobj", "prep:on", "object-phrase", ...)."""
    if spec == "passive-subj":
        return patients(verb)
    if spec == "dobj":
        if have_participle(verb):
            return conj(verb.head)
        return [g for c in [*(c for c in verb.children if c.dep_ in ("dobj", "obj")), *raised(verb)] for g in conj(c)]
    if spec == "dative":
        return [g for c in verb.children if c.dep_ == "dative" for g in conj(c)]
    if spec == "poss":
        return [c for o in (split_noun(obj) if obj is not None else ()) for c in o.children if c.dep_ == "poss"]
    if spec == "ccomp-subj":
        return [g for c in verb.children if c.dep_ == "ccomp"
                for s in c.children if s.dep_ in ("nsubj", "nsubjpass") for g in conj(s)]
    if spec == "object-phrase":  # the possessor first: "Hamas's counter-proposal", parsed as three objects
        return [t for o in (split_noun(obj) if obj is not None else ()) for t in _undescribed(o, acts)
                if t.i != obj.i]
    if spec == "clause":
        return [t for c in verb.children if c.dep_ in ("ccomp", "xcomp") for t in c.subtree]
    if spec == "purpose":
        clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                   and (c.tag_ == "VBG" or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))]
        clauses += [o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("in", "against")
                    for o in p.children
                    if o.dep_ == "pobj" and o.lemma_.lower() in ("protest", "defiance", "opposition", "support")]
        return [t for c in clauses for t in _undescribed(c, acts) if t.i != c.i]
    if spec == "manner":  # "marched, chanting slogans against the commission"
        return [g for c in verb.children if c.dep_ in ("advcl", "xcomp") and c.tag_ == "VBG" for p in c.subtree
                if p.dep_ == "prep" and p.lower_ == "against" for o in p.children if o.dep_ == "pobj" for g in conj(o)]
    if spec == "other-preps":  # "out of", "away from": the object of a preposition inside a preposition too
        others = [p for h in [verb] + [c for c in verb.children if c.dep_ == "prt"] for p in h.children
                  if p.dep_ == "prep" and p.lower_ not in LOCATIVE]
        others += [q for p in others for q in p.children if q.dep_ == "prep"]
        return [g for p in others for o in p.children if o.dep_ == "pobj" for g in conj(o)]
    word = spec.split(":", 1)[1]
    return [g for p in preps(verb, [word]) for o in p.children if o.dep_ == "pobj" for g in conj(o)]


BREACHES = {"violation", "breach", "defiance", "contravention", "infringement"}
RULES = {"resolution", "law", "rule", "ban", "order", "sanction", "agreement", "accord", "treaty", "ceasefire",
         "truce", "deal", "norm", "convention", "charter", "ruling", "obligation", "commitment", "embargo"}


def _breached(tok: Token) -> bool:
    """A word of the rules an act breaks ("a violation of U.N. resolutions"): their author is not whom a
    criticism of the act is aimed at."""
    t = tok
    for _ in range(4):
        if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lemma_.lower() in BREACHES:
            return t.lemma_.lower() in RULES  # "in defiance of Chinese authorities" defies them
        if t.head is t:
            return False
        t = t.head
    return False


def _undescribed(tok: Token, acts: Container[str] = ()) -> list[Token]:
    """A phrase's words without the relative clauses that tell of another act of its nouns: in "students who
    were marching against a Chinese deal", China is what they marched against, not whom the police dispersed;
    "a missile that landed in Japan's waters" tells where the missile went."""
    described = {d.i for t in tok.subtree if t.i != tok.i and t.dep_ == "relcl" and t.lemma_.lower() in acts
                 and not any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)  # "a call for troops to be sent"
                 for d in t.subtree}
    return [t for t in tok.subtree if t.i not in described]


def target_actors(tok: Token, actors: DocActors, sources: list[Actor], acts: Container[str] = ()) -> list[Actor]:
    """The actors a target token names, not the source itself, looking inside the source's own phrase."""
    own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)  # "its mission", "their troops"
    found = [a for a in actors.actors_for(tok) if not same_side(a, sources, own)]
    if any(a.key for a in found):
        return found
    # "its mission in NATO": the phrase itself is the source's own; look inside it for another actor, but not in
    # a clause that describes it ("demonstrators who had gathered to protest against the EU")
    for t in _undescribed(tok, acts):
        m = actors.mention_at(t) if t.i != tok.i and not _breached(t) else None
        if m is not None and m.actor.key and not same_side(m.actor, sources, own):  # another sector is another actor
            return [m.actor]
    return found


def _agents_within(noun: Token) -> list[Token]:
    """Who did what a noun phrase names: "crimes by X", "crimes committed by X"."""
    out = []
    for t in noun.subtree:
        if t.dep_ in ("prep", "agent") and t.lower_ == "by" and t.head.dep_ != "ROOT":
            out += [g for o in t.children if o.dep_ == "pobj" for g in conj(o)]
    return out


def domestic(m: Match) -> bool:
    """Patterns for acts within a country (protests, curfews) name the source's country as the default target."""
    return "source-country" in m.pattern.target or (
        m.complement is not None and "source-country" in m.complement.pattern.target)


def _country_of(actor: Actor, why: str | None = None) -> Actor:
    """The country of an actor as a whole, as the target of a domestic act (a protest, a curfew: by default the
    source's own country) or of an act where it happened."""
    return Actor(text=actor.text, name=actor.name, span=actor.span, country=actor.country,
                 why=why or f"domestic act: the source's own country ({actor.country})")


# -- where -------------------------------------------------------------------------------------------------------

def place_of(verb: Token, actors: DocActors, material: bool = False) -> Actor | None:
    """A country named as where the act happened: "in Baku", "near Goma", "killed 23 people when they blew
    themselves up in Tel Aviv", and for a material act where its object is ("seized a base in Congo"), not for
    words ("condemned attacks in Tehran")."""
    # "when they blew themselves up in ...", and an attack the parser took for a clause ("in tank shelling in ...")
    whens = [c for c in verb.children if c.dep_ == "advcl"
             and (any(g.dep_ == "advmod" and g.lower_ in ("when", "as") for g in c.children) or c.lower_ in WEAPONS)]
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
    if (led_to := outcome(verb)) is not None:  # "shelled a town in Somalia, killing twelve": there too
        return place_of(led_to.head, actors, material)
    return None


def located(actor: Actor | None, place: Actor | None, other: Actor | None) -> Actor | None:
    """A bare role ("activists", "a lawyer") takes the country where the act happened, else the source's."""
    if actor is None or actor.why.startswith(UNNAMED_MAKER):
        return actor
    if actor.key:
        # "Albanians protested in Serbia"
        if place is not None and _is_people(actor) and place.country != actor.country:
            return replace(actor, country=place.country, name=place.name,
                           why=f"{actor.why}; living where it happened ({place.text})")
        return actor
    base = place or other
    if base is None or not base.country:
        return actor
    how = (f"where it happened ({base.text})" if base is place else base.why if base.span == (0, 0)
           else f"the other party's country ({base.country})")
    return replace(actor, country=base.country, name=base.name, why=f"{actor.why}; country from {how}")


def _is_people(actor: Actor) -> bool:
    """A nation's people named as such ("ethnic Albanians", "Kurds"), not its state, or a group spread over
    several states (the Islamic State): either is of where it acts."""
    return (actor.sector == "CVL" and ": people '" in actor.why) or ": spread group '" in actor.why
