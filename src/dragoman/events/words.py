"""The word sets that steer the coder's decisions, read once from ``data/words.yaml``.

The file is a mapping of set name to a list of lower-case words; each set is documented there. Every name in
``NAMES`` must be present and no other, so a set misspelt in the file fails on import, not by quietly matching
nothing.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

from ..exceptions import DictionaryError

NAMES = ("modal", "condition", "nonfactual", "denial", "reported", "sought", "claimed", "control_ok", "readying",
         "assembling", "protesting", "speech", "epistemic", "statements", "subject_pronouns", "object_control",
         "stative", "gatherings", "means", "guilty", "locative", "stopping", "money", "quantity", "captives",
         "indefinite", "weapons", "accidents", "mishaps", "light", "shares", "habitual", "lasting", "spans", "public",
         "caution", "strangers", "coups", "mutual", "judgement_nouns", "asking", "deliberate")


def load_words(text: str, origin: str = "words.yaml") -> dict[str, frozenset[str]]:
    """The sets in a words file, checked: every name known and present, every word a lower-case string, no repeats."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise DictionaryError(f"{origin}: not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise DictionaryError(f"{origin}: expected a mapping of set name to words")
    unknown, missing = sorted(set(data) - set(NAMES)), [n for n in NAMES if n not in data]
    if unknown or missing:
        raise DictionaryError(f"{origin}: unknown sets {unknown}, missing sets {missing}")
    out = {}
    for name in NAMES:
        words = data[name]
        if not isinstance(words, list) or not all(isinstance(w, str) and w and w == w.lower() for w in words):
            raise DictionaryError(f"{origin}: {name!r} must be a list of lower-case words (quote yes, no, on, off)")
        if len(set(words)) != len(words):
            raise DictionaryError(f"{origin}: {name!r} lists a word twice")
        out[name] = frozenset(words)
    return out


WORDS = load_words(resources.files("dragoman.events.data").joinpath("words.yaml").read_text("utf-8"))

MODAL = WORDS["modal"]
CONDITION = WORDS["condition"]
NONFACTUAL = WORDS["nonfactual"]
DENIAL = WORDS["denial"]
REPORTED = WORDS["reported"]
SOUGHT = WORDS["sought"]
CLAIMED = WORDS["claimed"]
CONTROL_OK = WORDS["control_ok"]
READYING = WORDS["readying"]
ASSEMBLING = WORDS["assembling"]
PROTESTING = WORDS["protesting"]
SPEECH = WORDS["speech"]
EPISTEMIC = WORDS["epistemic"]
STATEMENTS = WORDS["statements"]
SUBJECT_PRONOUNS = WORDS["subject_pronouns"]
OBJECT_CONTROL = WORDS["object_control"]
STATIVE = WORDS["stative"]
GATHERINGS = WORDS["gatherings"]
MEANS = WORDS["means"]
GUILTY = WORDS["guilty"]
LOCATIVE = WORDS["locative"]
STOPPING = WORDS["stopping"]
MONEY = WORDS["money"]
QUANTITY = WORDS["quantity"]
CAPTIVES = WORDS["captives"]
INDEFINITE = WORDS["indefinite"]
WEAPONS = WORDS["weapons"]
ACCIDENTS = WORDS["accidents"]
MISHAPS = WORDS["mishaps"]
LIGHT = WORDS["light"]
SHARES = WORDS["shares"]
HABITUAL = WORDS["habitual"]
LASTING = WORDS["lasting"]
SPANS = WORDS["spans"]
PUBLIC = WORDS["public"]
CAUTION = WORDS["caution"]
STRANGERS = WORDS["strangers"]
DELIBERATE = WORDS["deliberate"]
COUPS = WORDS["coups"]
MUTUAL = WORDS["mutual"]
JUDGEMENT_NOUNS = WORDS["judgement_nouns"]
ASKING = WORDS["asking"]
