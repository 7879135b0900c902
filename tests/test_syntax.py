"""Grammar read from the parse: lists, passives, subjects passed down, regular verb forms."""

from conftest import word
from dragoman.events import syntax


def test_a_list_is_read_whole(parse):
    doc, _ = parse("Chile, Peru and Bolivia signed the accord.")
    assert [t.text for t in syntax.conj(word(doc, "Chile"))] == ["Chile", "Peru", "Bolivia"]


def test_a_controlled_verb_takes_its_subject_from_the_controller(parse):
    doc, _ = parse("Japan agreed to lift the ban.")
    assert [t.text for t in syntax.subject_tokens(word(doc, "lift"))] == ["Japan"]
    doc, _ = parse("Japan urged Korea to lift the ban.")
    assert [t.text for t in syntax.subject_tokens(word(doc, "lift"))] == ["Korea"]


def test_a_headline_participle_is_a_passive_but_a_sentence_is_not(parse):
    doc, _ = parse("Egyptian activist released from prison")
    assert syntax.headline_passive(word(doc, "released"))
    assert [t.text for t in syntax.patients(word(doc, "released"))] == ["activist"]
    doc, _ = parse("The Egyptian activist released a statement.")
    assert not syntax.headline_passive(word(doc, "released"))


def test_a_regular_form_gives_the_lexicon_verb():
    lexicon = {"stage", "ban", "deploy"}
    assert syntax.regular_lemma("staged", lexicon) == "stage"
    assert syntax.regular_lemma("banned", lexicon) == "ban"
    assert syntax.regular_lemma("deploys", lexicon) == "deploy"
    assert syntax.regular_lemma("walked", lexicon) is None


def test_a_preposition_that_only_dates_the_act_is_not_its_argument(parse):
    doc, _ = parse("Iran agreed on Tuesday on a prisoner swap.")
    assert [p.i for p in syntax.preps(word(doc, "agreed"), ["on"])] == [word(doc, "on", 1).i]
