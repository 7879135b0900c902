"""Nominal events: an act named by a noun is coded only where both its actor and whom it was done to are named."""

from conftest import word
from dragoman.events import nominal


def test_a_possessor_is_the_actor_of_the_act_noun(code):
    coded = code("NATO's expulsion of eight Russian diplomats angered Moscow.")
    assert [(e.source.key, e.target.key, e.cameo) for e in coded.events] == [("NATO", "RUS", "161")]
    assert [d.detail for d in coded.decisions if d.trigger == "expulsion"] == ["nominal"]
    assert "expulsion -> 161" in coded.events[0].rule


def test_the_subject_of_a_light_verb_is_the_actor(code):
    coded = code("Nigeria announced the deployment of 230 troops to Liberia.")
    assert [(e.source.key, e.target.key, e.root) for e in coded.events] == [("NGA", "LBR", "15")]
    assert [d.detail for d in coded.decisions if d.trigger == "deployment"] == ["nominal, object of 'announce'"]


def test_an_act_noun_naming_no_one_it_was_done_to_is_a_mention(code):
    coded = code("The expulsion by Poland was widely reported.")
    assert coded.events == []


def test_an_act_noun_naming_no_actor_gives_nothing(code):
    assert code("The expulsion of eight Russian diplomats angered Moscow.").events == []


def test_a_light_verb_that_is_negated_does_not_carry_the_act(parse, pipeline):
    doc, _ = parse("Nigeria announced the deployment of troops.")
    assert nominal.light(word(doc, "deployment"), pipeline.patterns)
    doc, _ = parse("Nigeria did not announce the deployment of troops.")
    assert not nominal.light(word(doc, "deployment"), pipeline.patterns)


def test_a_share_in_an_act_names_its_actor(parse, pipeline):
    doc, actors = parse("Libya's role in the abduction of two Tunisian diplomats was exposed.")
    found = list(nominal.acts(word(doc, "abduction"), actors, pipeline.patterns))
    assert [(s.key, t.key, how) for _, s, t, how in found] == [("LBY", "TUN", "nominal, 'role in'")]
