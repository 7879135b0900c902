"""Violence: attackers the sentence does not name, and the code a weapon gives."""

from conftest import word
from dragoman.events import violence


def _coded(coded):
    return [(e.source.key, e.source.sector, e.target.key if e.target else None, e.cameo) for e in coded.events]


def test_troops_killed_by_no_one_named_are_fighting(code):
    coded = code("Three soldiers were killed in the north of Mali.")
    assert _coded(coded) == [("MLI", "UNK", "MLI", "190")]
    assert "troops killed by an enemy no one names: fighting" in coded.events[0].rule


def test_soldiers_killed_in_a_crash_are_no_event(code):
    assert code("Three soldiers were killed in a helicopter crash in Mali.").events == []


def test_warplanes_as_subject_make_an_aerial_attack(code):
    coded = code("Warplanes killed twelve civilians in Sudan.")
    assert [e.cameo for e in coded.events] == ["195"]
    assert "military means 'warplane'" in coded.events[0].rule


def test_a_killing_after_shelling_is_the_shelling(code):
    events = code("Israeli troops shelled the town, killing five Palestinians.").events
    assert [(e.trigger, e.cameo) for e in events] == [("shelled", "194"), ("killing", "194")]
    assert "done by the 'shelled' it follows" in events[1].rule


def test_an_attack_phrase_names_the_attacker(parse):
    doc, actors = parse("Four civilians were killed in an Egyptian air strike.")
    assert [a.key for a in violence.attack_actors(word(doc, "killed"), actors)] == ["EGY"]


def test_a_weapon_is_read_from_the_head_of_its_noun(parse, pipeline):
    doc, _ = parse("The air strike hit anti-aircraft batteries.")
    assert violence.weapon(word(doc, "strike"), pipeline.patterns) == ("195", "air strike")
    assert violence.weapon(word(doc, "batteries"), pipeline.patterns) is None


def test_gunmen_of_no_force_assault_rather_than_wage_war(code):
    coded = code("Masked gunmen opened fire on a police station in Balochistan on Monday, wounding two officers.")
    # the wounding is the same assault on the same country's police, told twice in one sentence: one event
    assert {(e.trigger, e.cameo) for e in coded.events} == {("opened fire", "180")}
    assert all("by armed men of no force: unconventional violence" in e.rule for e in coded.events)
    assert any(d.trigger == "wounding" and d.outcome == "the same act as 'opened fire' in this sentence"
               for d in coded.decisions)


def test_troops_and_armed_crowds_with_military_weapons_still_fight(code):
    assert [e.cameo for e in code("Russian troops opened fire on Ukrainian positions near Bakhmut.").events] == ["190"]
    assert [e.root for e in code("Protesters fired rockets at the army base in Benghazi.").events] == ["19"]


def test_missile_tests_are_shows_of_force_not_attacks(code):
    tests = code("North Korea test-fired a ballistic missile on Friday. Iran conducted a missile test on Sunday.")
    assert [(e.source.key, e.cameo) for e in tests.events] == [("PRK", "150"), ("IRN", "150")]
    [over] = code("North Korea fired a missile over Japan on Tuesday.").events
    assert (over.source.key, over.target.key, over.cameo) == ("PRK", "JPN", "150")


def test_men_named_by_no_more_than_what_they_are_are_unnamed_attackers(code):
    coded = code("Young men assaulted dozens of women in Cologne on New Year's Eve, police said.")
    assert [(e.source.key, e.source.sector, e.root) for e in coded.events] == [("DEU", "UNK", "18")]
    assert "violence with no attacker named" in coded.events[0].rule


def test_troops_who_fought_back_fought_their_attackers(code):
    events = code("Rebels killed six Malian soldiers near Gao on Sunday. The army said troops fought back.").events
    fought = [e for e in events if e.trigger.startswith("fought")]
    assert fought and fought[0].target is not None and fought[0].target.sector != "MIL"
    assert "fought back against the earlier 'killed'" in fought[0].rule


def test_unnamed_victims_take_the_nationality_another_sentence_gives_them(code):
    events = code("Chadian soldiers opened fire on a bus near the border on Sunday, killing five passengers. "
                  "Most of the passengers were Nigerien or Malian.").events
    killed = {e.target.country for e in events if e.trigger.startswith("killing")}
    assert killed == {"NER", "MLI"}
    assert all("the victims' nationality" in e.rule for e in events if e.trigger.startswith("killing"))
