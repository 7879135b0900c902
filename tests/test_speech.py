"""Reported speech: the speaker of a pronoun, whether a clause is reported, and what a statement says."""

from conftest import word
from dragoman.events import speech


def test_a_pronoun_in_reported_speech_is_the_speaker(parse):
    doc, actors = parse("Russia said it would expel two Estonian diplomats.")
    expel = word(doc, "expel")
    assert speech.reported(expel)
    assert speech.speaker(expel, actors).country == "RUS"


def test_an_act_told_directly_is_not_reported(parse):
    doc, actors = parse("Russia expelled two Estonian diplomats.")
    assert not speech.reported(word(doc, "expelled"))
    assert speech.speaker(word(doc, "expelled"), actors) is None


def test_the_speaker_of_a_judgement_does_the_act_after_it(code):
    coded = code("Norway said the blockade was unacceptable and urged Israel to lift it.")
    assert {(e.source.key, e.target.key, e.root) for e in coded.events} == {("NOR", "ISR", "11"), ("NOR", "ISR", "02")}


def test_a_statement_is_read_for_what_it_says(parse):
    doc, _ = parse("Peru called the blockade illegal.")
    assert "illegal" in speech.judgement(word(doc, "called"))
    doc, _ = parse("Peru said Chile did not respect the treaty.")
    words = speech.judgement(word(doc, "said"))
    assert {"treaty", "respect", "not respect"} <= words


def test_a_critical_statement_is_coded_and_a_plain_one_is_not(code):
    assert [e.root for e in code("Peru said the Chilean blockade was illegal.").events] == ["11"]
    assert code("Peru said the Chilean delegation had arrived.").events == []


def test_the_issuer_of_a_statement_urges(code):
    events = code("Ecuador issued a statement urging Colombia to release the hostages.").events
    assert [(e.source.key, e.target.key, e.root) for e in events] == [("ECU", "COL", "02")]


def test_a_judgement_noun_used_as_a_verb_judges_nothing(code):
    assert code("Peru said the guards had mistaken the Chilean boat for a smuggler.").events == []
    assert [e.root for e in code("Peru said the Chilean blockade was a mistake.").events] == ["11"]


def test_a_judging_word_before_a_predicate_noun_judges_and_one_before_a_plain_noun_describes(parse, code):
    doc, _ = parse("The envoy said the test was a reckless breach of the treaty.")
    assert "reckless" in speech.judgement(word(doc, "said"))
    doc, _ = parse("The envoy said reckless drivers were fined.")
    assert "reckless" not in speech.judgement(word(doc, "said"))
    coded = code("North Korea fired a missile at a South Korean island on Monday. "
                 "Japan's foreign minister said the attack was a reckless breach of the truce.")
    assert ("JPN", "11") in {(e.source.key, e.root) for e in coded.events}  # a judgement, whoever it is aimed at
