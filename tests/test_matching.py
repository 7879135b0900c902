"""Which of a verb's patterns its arguments fit."""

from conftest import word
from dragoman.events.matching import complement, matches, object_words


def _ids(tok, patterns):
    return [(m.pattern.id, m.code) for m in matches(tok, patterns)]


def test_the_object_picks_the_pattern(parse, pipeline):
    doc, _ = parse("Canada imposed sanctions on Belarus.")
    assert _ids(word(doc, "imposed"), pipeline.patterns)[0] == ("impose-sanctions", "163")


def test_a_control_verb_takes_its_code_from_the_complement(parse, pipeline):
    doc, _ = parse("Chile refused to extradite the Peruvian suspect.")
    refused = word(doc, "refused")
    assert complement(refused, that=False).text == "extradite"
    controlled = [m for m in matches(refused, pipeline.patterns) if m.complement is not None]
    assert [m.complement.verb.text for m in controlled][:1] == ["extradite"]
    assert controlled[0].code.startswith("12")


def test_object_words_hold_modifiers_and_marks(parse):
    doc, _ = parse("Spain and Morocco held a joint exercise with Portugal.")
    assert {"exercise", "joint", "joint exercise", "@any"} <= object_words(word(doc, "exercise"))
    doc, _ = parse("Police detained Maria Lopez.")
    assert "@person" in object_words(word(doc, "Lopez"))


def test_a_sports_score_rules_out_a_match(parse, pipeline):
    doc, _ = parse("Ghana beat Nigeria 2-1 in the final.")
    assert not any(m.code.startswith(("18", "19")) for m in matches(word(doc, "beat"), pipeline.patterns))
    doc, _ = parse("Ghanaian police beat Nigerian traders.")
    assert any(m.code.startswith(("18", "19")) for m in matches(word(doc, "beat"), pipeline.patterns))
