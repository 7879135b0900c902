"""A verb's arguments: the source, the target and where the act happened."""

from conftest import word
from dragoman.events import arguments
from dragoman.events.syntax import patients, subject_tokens


def _dyads(coded):
    return [(e.source.key, e.target.key if e.target else None, e.root) for e in coded.events]


def test_the_passive_agent_is_the_source_and_its_subject_the_target(code):
    assert _dyads(code("Two Chilean diplomats were expelled by Bolivia.")) == [("BOL", "CHL", "16")]


def test_an_object_control_verb_aims_at_its_object(code):
    coded = code("The United States urged Serbia to withdraw its troops from Kosovo.")
    assert _dyads(coded) == [("USA", "SRB", "02")]
    assert "urge + withdraw-troops-intrans" in coded.events[0].rule


def test_an_act_done_together_codes_both_directions(code):
    assert sorted(_dyads(code("Argentina and Uruguay signed a trade agreement."))) == [
        ("ARG", "URY", "05"), ("URY", "ARG", "05")]


def test_a_reverse_pattern_makes_the_giver_the_source(code):
    assert _dyads(code("Ethiopia received weapons from Germany.")) == [("DEU", "ETH", "07")]


def test_a_bare_role_takes_the_country_where_it_acted(code):
    events = code("Police arrested two opposition activists in Caracas.").events
    assert [(e.source.country, e.source.sector, e.target.country, e.target.sector) for e in events] == [
        ("VEN", "COP", "VEN", "OPP")]
    assert "country from where it happened (Caracas)" in events[0].source.why


def test_a_definite_act_noun_refers_to_the_latest_earlier_event(code):
    coded = code("Poland expelled three Belarusian diplomats on Monday. Belarus condemned the expulsions.")
    assert _dyads(coded) == [("POL", "BLR", "16"), ("BLR", "POL", "11")]
    assert "'expulsions' refers to the earlier" in coded.events[1].target.why


def test_without_an_earlier_event_the_condemnation_has_no_target(code):
    assert _dyads(code("Hungary condemned the expulsions.")) == [("HUN", None, "11")]


def test_subjects_and_patients_come_from_the_parse(parse):
    doc, _ = parse("Two Chilean diplomats were expelled by Bolivia and Peru.")
    expelled = word(doc, "expelled")
    assert [t.text for t in subject_tokens(expelled)] == ["Bolivia", "Peru"]
    assert [t.text for t in patients(expelled)] == ["diplomats"]


def test_the_target_follows_the_pattern_else_the_search(parse, pipeline):
    from dragoman.events.matching import matches

    doc, actors = parse("Canada imposed sanctions on Belarus.")
    m = next(matches(word(doc, "imposed"), pipeline.patterns))
    sources = arguments.sources(m, actors, pipeline.patterns)
    assert [s.key for s in sources] == ["CAN"]
    assert arguments.misfit(m, sources, actors) is None
    assert [t.key for t in arguments.targets(m, actors, sources, pipeline.patterns)] == ["BLR"]


def test_no_source_is_a_misfit(parse, pipeline):
    from dragoman.events.matching import matches

    doc, actors = parse("Sanctions were imposed on Belarus.")
    m = next(matches(word(doc, "imposed"), pipeline.patterns))
    assert arguments.misfit(m, arguments.sources(m, actors, pipeline.patterns), actors) == "no source actor"


def test_the_place_is_a_country_named_where_it_happened(parse):
    doc, actors = parse("Protesters gathered in Nairobi, and Kenyan police fired on them.")
    assert arguments.place_of(word(doc, "gathered"), actors).country == "KEN"
    assert arguments.place_of(word(doc, "fired"), actors) is None


def test_a_protest_with_no_target_is_against_its_own_country(code):
    events = code("Thousands of Georgians protested in Tbilisi on Sunday.").events
    assert [(e.source.country, e.target.country, e.root) for e in events] == [("GEO", "GEO", "14")]
