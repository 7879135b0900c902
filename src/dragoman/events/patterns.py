"""Verb patterns: the data that turns a verb and its arguments into a CAMEO code.

A pattern file (YAML) has two sections:

    future:                   code prefix -> code for announced acts ("will provide aid" is an intent, 033)
    refusal:                  code prefix -> code for acts announced in the negative ("will not meet" is 125)
    conditional:              code prefix -> code for acts announced on a condition ("will cut ... unless" is 1311)
    plover_future:            PLOVER type -> PLOVER type of the act announced for the future, as the PLOVER manual
                              reduces it ("will impose sanctions" is THREATEN)
    military_means:           weapon word -> code for killing or wounding done with it ("killed in an air strike"
                              is 195, aerial weapons, not 180)
    nominal:                  act noun -> verb ("expulsion: expel"), for "NATO's expulsion of eight diplomats"
    classes:                  named noun lists, used in patterns as "@name"
      sanctions: [sanction, embargo, tariff]
    patterns:
      - id: impose-sanctions  # the rule name each event carries
        verbs: [impose, slap]
        object: ["@sanctions"]   # the direct object's lemma must be one of these (optional); "@person" is a
                                 #   named person, "@actors" a country, organisation or group by name, "@any"
                                 #   any direct object
        not_object: [report]     # objects that never match, whatever "object" says ("released a report")
        particle: out            # a particle the verb must have, "pull out" (optional)
        prep: [on, against]      # a preposition the verb must have (optional); the target comes from it
        target: [prep:on, dobj]  # where the target comes from, tried in order (default: dobj); when none of them
                                 # names an actor, the object's phrase, the reported clause and the other
                                 # prepositions are searched; "purpose" searches what the act is for ("to protest
                                 # against ...", "demanding ...", "in protest at ..."); "manner" a participle's
                                 # "against" ("chanting slogans against ..."); "source-country" makes a missing
                                 # target the source's own country (protests, curfews: domestic acts)
        subject: [MIL]           # the source's sector must be one of these (optional); STATE is a country named as
                                 #   itself, with no sector ("Vietnam protested against ..." is an official protest)
        code: "163"
        own: "015"               # the code when the complement's subject is the source itself ("claimed that
                                 #   they had attacked" claims an act, "claimed that Russia attacked" accuses)
        joint: "062"             # the code when several actors of different countries do it together ("French and
                                 #   Egyptian warships held exercises" is military cooperation, not a show of force)
        symmetric: false         # true for acts done together: "X and Y signed" codes both directions
        complement: false        # true for control verbs ("threaten to", "refuse to", "urge X to", "demand that"):
        by_code: {}              #   the complement's own code picks this pattern's code, by longest prefix;
                                 #   with no complement pattern, "code" is used; "-" means no event
        words: [comment]         #   complement lemmas this pattern needs (optional)
        alone: false             #   true if it also codes without any complement ("urged restraint")
        that: false              #   true if a "that" clause is a complement too ("warned that it would cut")
        transparent: false       # true for verbs whose complement is the act itself: "decided to expel"
        content: ["@critical"]   # words the reported clause must hold ("said NATO was not interested in ..."):
                                 #   statements are coded only for what they say; "not X" is a negated word
        search: true             # false: take the target only from "target", never search the sentence for one
        reverse: false           # true: the subject received the act and the target gave it ("received weapons
                                 #   from Germany" is Germany's aid); no giver named, no event
        victim: false            # true: the subject suffered the act ("died in an air strike"); the source is
                                 #   who is named in the attack phrase, else someone unnamed; no attack phrase,
                                 #   no event
        unless: ["@sports"]      # no event when the sentence holds any of these words ("beat Nigeria 2-1 in the final")
        plover: REJECT           # the PLOVER type where the PLOVER manual codes the act otherwise than the CAMEO
                                 #   mapping does ("failed to reach a deal" is 164 in CAMEO, REJECT in PLOVER)

More specific patterns (more constraints) win over general ones for the same verb.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..exceptions import DictionaryError
from .ontology import codes

MARKS = {"@person", "@actors", "@any"}  # objects matched by what they are: a named person, an actor phrase, anything
TARGETS = ("dobj", "dative", "ccomp-subj", "poss", "source-country", "clause", "object-phrase", "other-preps", "purpose", "manner")


@dataclass(frozen=True)
class Pattern:
    id: str
    verbs: tuple[str, ...]
    code: str | None
    object: frozenset[str] = frozenset()
    not_object: frozenset[str] = frozenset()
    particle: str | None = None
    prep: tuple[str, ...] = ()
    target: tuple[str, ...] = ("dobj",)
    subject: frozenset[str] = frozenset()
    symmetric: bool = False
    joint: str | None = None
    own: str | None = None
    complement: bool = False
    by_code: tuple[tuple[str, str], ...] = ()  # (code prefix, code), longest prefix first
    words: frozenset[str] = frozenset()
    transparent: bool = False
    alone: bool = False
    that: bool = False
    unless: frozenset[str] = frozenset()
    search: bool = True
    victim: bool = False
    reverse: bool = False
    content: frozenset[str] = frozenset()
    plover: str | None = None
    confidence: float = 0.8
    origin: str = ""

    @property
    def specificity(self) -> int:
        return (bool(self.object) + bool(self.particle) + bool(self.prep) + bool(self.subject) + bool(self.words)
                + bool(self.content))

    def code_for(self, complement_code: str | None) -> str | None:
        """The code of a control verb, given its complement's code; None for no event, and "=" for the
        complement's own code ("pledged to expel" is the expulsion, announced)."""
        if complement_code is not None:
            for prefix, code in self.by_code:
                if complement_code.startswith(prefix):
                    return None if code == "-" else complement_code if code == "=" else code
        return self.code


@dataclass
class PatternSet:
    patterns: list[Pattern] = field(default_factory=list)
    by_verb: dict[str, list[Pattern]] = field(default_factory=dict)
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    future: tuple[tuple[str, str], ...] = ()  # (code prefix, intent code): announced cooperative acts
    refusal: tuple[tuple[str, str], ...] = ()  # (code prefix, code): cooperative acts announced in the negative
    conditional: tuple[tuple[str, str], ...] = ()  # (code prefix, code): conflict acts announced on a condition
    nominal: dict[str, str] = field(default_factory=dict)  # act noun -> the verb whose patterns code it
    plover_future: dict[str, str] = field(default_factory=dict)  # PLOVER type -> type of the announced act
    military_means: dict[str, str] = field(default_factory=dict)  # weapon word -> code of violence done with it

    def for_verb(self, lemma: str) -> list[Pattern]:
        return self.by_verb.get(lemma, [])

    def __contains__(self, lemma: str) -> bool:
        return lemma in self.by_verb


def load_patterns(extra: Iterable[Path] = ()) -> PatternSet:
    sources = [("verbs.yaml", resources.files("dragoman.events.data").joinpath("verbs.yaml").read_text("utf-8"))]
    for path in extra:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except OSError as e:
            raise DictionaryError(f"{path}: cannot read patterns: {e.strerror or e}") from None
    classes: dict[str, list[str]] = {}
    future: dict[str, str] = {}
    refusal: dict[str, str] = {}
    conditional: dict[str, str] = {}
    ps = PatternSet()
    seen: dict[str, int] = {}
    for origin, text in sources:
        data = _yaml(text, origin)
        classes.update({k: [w.lower() for w in _list(v)] for k, v in (data.get("classes") or {}).items()})
        future.update({str(k): str(v) for k, v in (data.get("future") or {}).items()})
        refusal.update({str(k): str(v) for k, v in (data.get("refusal") or {}).items()})
        conditional.update({str(k): str(v) for k, v in (data.get("conditional") or {}).items()})
        ps.nominal.update({str(k).lower(): str(v).lower() for k, v in (data.get("nominal") or {}).items()})
        ps.plover_future.update({str(k): str(v) for k, v in (data.get("plover_future") or {}).items()})
        ps.military_means.update({str(k).lower(): str(v) for k, v in (data.get("military_means") or {}).items()})
        for raw in data.get("patterns") or ():
            p = _pattern(raw, classes, origin)
            if p.id in seen:  # a user's pattern with a built-in id replaces it
                ps.patterns[seen[p.id]] = p
            else:
                seen[p.id] = len(ps.patterns)
                ps.patterns.append(p)
    for p in ps.patterns:
        for v in p.verbs:
            ps.by_verb.setdefault(v, []).append(p)
    ps.classes = {k: frozenset(v) for k, v in classes.items()}
    for name, table in (("future", future), ("refusal", refusal), ("conditional", conditional),
                        ("military_means", ps.military_means)):
        for code in table.values():
            if code not in codes():
                raise DictionaryError(f"{name}: unknown CAMEO code {code!r}")
    types = {c.plover_type for c in codes().values()}
    for p in ps.patterns:
        if p.plover is not None and p.plover not in types:
            raise DictionaryError(f"pattern {p.id!r} has unknown PLOVER type {p.plover!r}")
    for old, new in ps.plover_future.items():
        if old not in types or new not in types:
            raise DictionaryError(f"plover_future: unknown PLOVER type in {old!r}: {new!r}")
    ps.future = tuple(sorted(future.items(), key=lambda kv: -len(kv[0])))
    ps.refusal = tuple(sorted(refusal.items(), key=lambda kv: -len(kv[0])))
    ps.conditional = tuple(sorted(conditional.items(), key=lambda kv: -len(kv[0])))
    rank = {origin: i for i, (origin, _) in enumerate(sources)}
    for v in ps.by_verb.values():  # more specific first; among equals, a user's file before the built-in one
        v.sort(key=lambda p: (-p.specificity, -rank[p.origin]))
    return ps


def _yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise DictionaryError(f"{origin}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise DictionaryError(f"{origin}: expected a mapping with 'classes' and 'patterns'")
    return data


def _words(values: Any, classes: dict[str, list[str]], origin: str, pid: str) -> frozenset[str]:
    out: set[str] = set()
    for v in _list(values):
        if v in MARKS:
            out.add(v)
        elif v.startswith("@"):
            if v[1:] not in classes:
                raise DictionaryError(f"{origin}: pattern {pid!r} uses unknown class {v!r}")
            out.update(classes[v[1:]])
        else:
            out.add(v.lower())
    return frozenset(out)


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    if any(isinstance(v, bool) for v in values):  # YAML reads a bare on/off/yes/no as a boolean
        raise DictionaryError(f"{values!r}: quote words such as \"on\" and \"off\" in pattern files")
    return [str(v) for v in values]


def _pattern(raw: Any, classes: dict[str, list[str]], origin: str) -> Pattern:
    if not isinstance(raw, dict) or "id" not in raw or "verbs" not in raw:
        raise DictionaryError(f"{origin}: a pattern needs 'id' and 'verbs': {raw!r}")
    pid = str(raw["id"])
    code = raw.get("code")
    code = None if code is None else str(code)
    by_code = {str(k): str(v) for k, v in (raw.get("by_code") or {}).items()}
    joint = None if raw.get("joint") is None else str(raw["joint"])
    own = None if raw.get("own") is None else str(raw["own"])
    for c in [code, joint, own, *by_code.values()]:
        if c is not None and c not in ("-", "=") and c not in codes():
            raise DictionaryError(f"{origin}: pattern {pid!r} has unknown CAMEO code {c!r}")
    if code is None and not (raw.get("complement") or raw.get("transparent")):
        raise DictionaryError(f"{origin}: pattern {pid!r} has no code")
    prep = tuple(p.lower() for p in _list(raw.get("prep")))
    target = tuple(_list(raw.get("target"))) or ((f"prep:{prep[0]}",) if prep else ("dobj",))
    for t in target:
        if t not in TARGETS and not t.startswith("prep:"):
            raise DictionaryError(f"{origin}: pattern {pid!r} has unknown target {t!r}")
    return Pattern(
        id=pid, verbs=tuple(sorted(_words(raw["verbs"], classes, origin, pid))), code=code,
        object=_words(raw.get("object"), classes, origin, pid),
        not_object=_words(raw.get("not_object"), classes, origin, pid), particle=raw.get("particle"), prep=prep,
        target=target, subject=frozenset(_list(raw.get("subject"))), symmetric=bool(raw.get("symmetric")), joint=joint, own=own,
        complement=bool(raw.get("complement")),
        by_code=tuple(sorted(by_code.items(), key=lambda kv: -len(kv[0]))),
        words=_words(raw.get("words"), classes, origin, pid), transparent=bool(raw.get("transparent")),
        alone=bool(raw.get("alone")) or not raw.get("complement"), that=bool(raw.get("that")),
        unless=_words(raw.get("unless"), classes, origin, pid), search=bool(raw.get("search", True)),
        victim=bool(raw.get("victim")), reverse=bool(raw.get("reverse")),
        content=_words(raw.get("content"), classes, origin, pid),
        plover=None if raw.get("plover") is None else str(raw["plover"]),
        confidence=float(raw.get("confidence", 0.8)), origin=origin,
    )
