"""Modality and negation: which verbs report a real act, and how an act announced for the future is coded."""

import pytest

from conftest import word
from dragoman.events import modality
from dragoman.explain import explain, render


def _outcomes(coded, trigger):
    return [d.outcome for d in coded.decisions if d.trigger == trigger]


def test_a_negated_act_gives_no_event_and_says_negated(code):
    coded = code("Turkey did not expel the Greek ambassador.")
    assert coded.events == []
    assert _outcomes(coded, "expel") == ["negated"]
    assert "'expel' negated" in render(explain(coded))


def test_the_same_act_asserted_is_coded(code):
    coded = code("Turkey expelled the Greek ambassador on Monday.")
    assert [(e.source.key, e.target.key, e.cameo) for e in coded.events] == [("TUR", "GRC", "161")]


@pytest.mark.parametrize("text, trigger, why", [
    ("France might impose sanctions on Iran.", "impose", "hypothetical (might)"),
    ("Chile could close its border with Bolivia.", "close", "hypothetical (could)"),
    ("Kenya still hosts the talks with Somalia.", "hosts", "an ongoing state (still ...), not a new act"),
    ("Reports that Uganda had shelled Rwanda were false.", "shelled", "reported, not asserted (Reports that ...)"),
    ("Ghana renewed its demand that Togo release the prisoners.", "release", "sought, not done (demand to ...)"),
    ("Brazil denied attacking the Paraguayan convoy.", "attacking", "denied, not asserted (denied ...)"),
    ("Austria hoped that Italy would reopen the border.", "reopen",
     "claimed or hoped, not asserted (hoped that ...)"),
    ("Had Chile seized the Peruvian ship, Peru would have protested.", "seized", "conditional (Had ... inverted)"),
])
def test_an_act_not_asserted_gives_no_event_of_its_own(code, text, trigger, why):
    coded = code(text)
    assert _outcomes(coded, trigger) == [why]
    assert all(e.trigger != trigger for e in coded.events)


def test_an_announced_act_is_coded_as_announced(code):
    events = code("France will impose sanctions on Iran.").events
    assert [(e.source.key, e.target.key, e.cameo, e.plover_type) for e in events] == [("FRA", "IRN", "163", "THREATEN")]
    assert "announced: PLOVER THREATEN" in events[0].rule


def test_announced_aid_is_an_intent_and_refused_aid_a_rejection(code):
    assert [e.cameo for e in code("Japan will provide aid to Peru.").events] == ["033"]
    assert [e.cameo for e in code("Japan will not provide aid to Peru.").events] == ["122"]


def test_a_threat_on_a_condition_another_must_meet(code):
    events = code("Russia will cut gas supplies to Moldova unless Moldova pays its debts.").events
    assert [(e.source.key, e.target.key, e.root) for e in events] == [("RUS", "MDA", "13")]


def test_would_in_reported_speech_announces_and_alone_is_hypothetical(code):
    said = code("Russia said it would expel two Estonian diplomats.")
    assert [(e.source.key, e.target.key, e.cameo) for e in said.events] == [("RUS", "EST", "161")]
    alone = code("Russia would expel two Estonian diplomats.")
    assert alone.events == [] and _outcomes(alone, "expel") == ["hypothetical (would)"]


def test_future_and_negation_read_from_the_parse(parse):
    doc, _ = parse("Mali will close the embassy, but Niger did not recall its envoy, and Chad is going to meet Sudan.")
    assert modality.future(word(doc, "close")) and not modality.negated(word(doc, "close"))
    assert modality.negated(word(doc, "recall")) and not modality.future(word(doc, "recall"))
    assert modality.future(word(doc, "meet"))


def test_the_subject_of_a_condition_is_who_must_act(parse):
    doc, _ = parse("Serbia will suspend talks unless Kosovo withdraws its police.")
    assert [t.text for t in modality.condition_subjects(word(doc, "suspend"))] == ["Kosovo"]
    assert modality.condition_on_other(word(doc, "suspend"))
    doc, _ = parse("We will lower taxes if elected.")
    assert not modality.condition_on_other(word(doc, "lower"))


def test_a_table_gives_the_code_of_its_longest_prefix_first():
    table = (("162", "1311"), ("16", "1313"))
    assert modality.prefixed(table, "1621") == "1311"
    assert modality.prefixed(table, "163") == "1313"
    assert modality.prefixed(table, "17") is None
