"""Dyads: one event per pair of source and target, none against itself."""

from dragoman.events.dyads import pairs, same_side, unique
from dragoman.model import Actor


def _actor(name, country=None, sector=None, why="test"):
    return Actor(text=name, name=name, span=(0, 0), country=country, sector=sector, why=why)


FRA, DEU, ITA = _actor("France", "FRA"), _actor("Germany", "DEU"), _actor("Italy", "ITA")


def test_each_source_meets_each_target_once():
    assert [(s.name, t.name) for s, t in pairs([FRA, DEU], [ITA, ITA], False)] == [("France", "Italy"),
                                                                                  ("Germany", "Italy")]


def test_an_act_done_together_goes_both_ways():
    assert [(s.name, t.name) for s, t in pairs([FRA, DEU], [], True)] == [("France", "Germany"), ("Germany", "France")]


def test_no_actor_acts_against_itself():
    assert list(pairs([FRA], [FRA], False)) == []


def test_police_and_protesters_of_one_country_are_two_sides():
    police, crowd = _actor("police", "FRA", "COP"), _actor("protesters", "FRA", "CVL")
    assert not same_side(crowd, [police], own=False)
    assert same_side(crowd, [police], own=True)  # "its protesters"
    assert same_side(FRA, [police], own=False)


def test_unique_keeps_the_first_of_each_actor():
    first = _actor("France", "FRA", why="first")
    assert [a.why for a in unique([first, FRA, DEU])] == ["first", "test"]


def test_two_people_of_one_country_and_office_are_two_actors():
    leader = _actor("Elena Marsh", "CAN", "GOV", why="person: title 'prime minister'")
    rival = _actor("Tomas Reed", "CAN", "GOV", why="person: a person named in the text")
    assert not same_side(rival, [leader], own=False)
    assert [(s.name, t.name) for s, t in pairs([leader], [rival], False)] == [("Elena Marsh", "Tomas Reed")]
    assert len(unique([leader, rival])) == 2
    # the same person twice, or a person and their own country's name, is still one side
    assert same_side(_actor("Elena Marsh", "CAN", "GOV", why="pronoun: the last person named"), [leader], own=False)
    assert same_side(_actor("Canada", "CAN", "GOV", why="countries.yaml: capital 'Ottawa'"), [leader], own=False)
