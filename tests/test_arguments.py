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


# -- targets inside noun phrases and earlier acts ------------------------------------------------------------------

def test_the_possessor_of_the_object_is_the_target(code):
    assert _dyads(code("Israel rejected Hamas's counter-proposal on Tuesday.")) == [("ISR", "PSE", "12")]
    coded = code("Mexico welcomed Ecuador's offer to reopen its embassy in Caracas.")
    assert _dyads(coded) == [("MEX", "ECU", "05")]


def test_a_welcomed_word_is_endorsed_and_aimed_at_its_speaker(code):
    coded = code("Seoul welcomed Pyongyang's remarks about improving relations with Tokyo.")
    assert _dyads(coded) == [("KOR", "PRK", "05")]


def test_a_definite_act_noun_refers_to_an_earlier_act_that_made_no_event(code):
    coded = code("Japan decided on Monday to release treated water into the sea. China criticised the decision.")
    assert _dyads(coded) == [("CHN", "JPN", "11")]
    assert "'decision' refers to the earlier 'decided'" in coded.events[0].target.why


def test_a_definite_act_noun_refers_to_an_earlier_noun_of_the_act(code):
    coded = code("Bolivia announced a decision to close its border with Peru on Monday. Chile welcomed the decision.")
    assert ("CHL", "BOL", "05") in _dyads(coded)


def test_an_act_noun_the_object_is_about_refers_to_the_earlier_act(code):
    coded = code("Kenya accused Somalia of harbouring rebels on Monday. Mogadishu denied the accusations on Tuesday.")
    assert _dyads(coded) == [("KEN", "SOM", "11"), ("SOM", "KEN", "01")]


def test_the_earlier_act_must_be_another_actors(code):
    coded = code("Ghana decided to expand its navy. Ghana defended the decision on Friday.")
    assert all(e.target is None or e.target.key != "GHA" for e in coded.events)


def test_an_agent_inside_a_target_preposition_is_the_target(code):
    coded = code("The former senator blamed her defeat in Ohio on interventions by the FBI director.")
    assert [(e.target.key, e.target.sector) for e in coded.events if e.target] == [("USA", "COP")]


def test_a_person_and_a_named_party_of_one_country_are_two_actors(code):
    coded = code("Naftali Bennett welcomed Likud's call to annex parts of the West Bank.")
    assert [(e.source.key, e.target.key, e.target.sector) for e in coded.events] == [("ISR", "ISR", "PTY")]


def test_coordinated_subjects_of_a_cooperative_act_with_no_other_party_act_together(code):
    coded = code("Brazil and Argentina agreed on Friday to keep working toward a peaceful end to the Venezuelan "
                 "crisis.")
    assert sorted(_dyads(coded)) == [("ARG", "BRA", "03"), ("BRA", "ARG", "03")]
    assert "a joint act of its coordinated subjects" in coded.events[0].rule


def test_coordinated_subjects_still_aim_at_a_party_their_act_names(code):
    coded = code("Brazil and Argentina agreed on Friday to send food aid to Venezuela.")
    assert sorted(_dyads(coded)) == [("ARG", "VEN", "03"), ("BRA", "VEN", "03")]


def test_coordinated_subjects_of_a_conflict_act_still_search_the_object(code):
    coded = code("France and Britain condemned the coup in Niger.")
    assert sorted(_dyads(coded)) == [("FRA", "NER", "11"), ("GBR", "NER", "11")]


def test_the_coup_is_aimed_at_its_makers(code):
    coded = code("Rebel soldiers in Gabon seized power on Wednesday. France condemned the coup.")
    assert [(e.source.key, e.target.key, e.root) for e in coded.events] == [("FRA", "GAB", "11")]
    assert "'coup' refers to the earlier 'seized'" in coded.events[0].target.why
    coded = code("The army staged a coup in Niger on Wednesday. The African Union condemned the coup on Thursday.")
    assert [(e.source.key, e.target.key, e.target.sector) for e in coded.events] == [("AU", "NER", "MIL")]


def test_coordinated_subjects_that_each_vow_an_act_do_not_act_together(code):
    coded = code("Kuwait, Belgium and Ireland have vowed to deliver the full funds very soon.")
    assert [e.target for e in coded.events] == [None, None, None]


def test_another_sector_of_the_sources_country_inside_the_target_phrase_is_the_target(code):
    coded = code("The Angolan president conceded on Friday to demands from UNITA rebels to reform the courts.")
    assert [(e.target.key, e.target.sector) for e in coded.events if e.target] == [("AGO", "REB")]



def test_condemned_sanctions_target_who_imposed_them(code):
    events = code("Canada imposed sanctions on four Venezuelan generals on Friday. Two banks said they would freeze "
                  "the accounts. Venezuela condemned the sanctions on the generals.").events
    assert ("VEN", "CAN", "11") in {(e.source.country, e.target.country if e.target else None, e.root)
                                    for e in events}


def test_a_generic_act_noun_skips_statements_and_reaches_back_to_the_lede(code):
    events = code("Kenya expelled two Ugandan diplomats on Monday. Uganda summoned the Kenyan envoy to protest. "
                  "The envoy left the ministry an hour later. Officials met in the evening. "
                  "Tanzania dismissed the move as hasty and said it hurt trade with Nairobi.").events
    dismissed = [e for e in events if e.trigger.startswith("dismissed")]
    assert [(e.source.country, e.target.country) for e in dismissed] == [("TZA", "KEN")]
    assert "refers to the earlier" in dismissed[0].rule


def test_a_march_is_aimed_at_whom_its_chants_are_against(code):
    events = code("The electoral commission named the winner on Sunday. Hundreds of Kenyan students marched on "
                  "Monday, chanting slogans against the electoral commission.").events
    assert [(e.source.country, e.target.country, e.root) for e in events] == [("KEN", "KEN", "14")]
    assert "participle clause" in events[0].rule
