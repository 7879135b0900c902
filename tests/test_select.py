"""Selective parsing: the cheap pass, the joined Doc, and the same events with selection on and off."""

import pytest
from spacy.tokens import Doc

from dragoman import Config, Pipeline
from dragoman.ingest import iter_articles
from dragoman.model import Article
from dragoman.select import inflections, parse

# Written for these tests: an event after a sentence with none, a pronoun for a person introduced with a title, a
# definite phrase repeating one from a sentence with no event ("the eight members"), and "the two countries" for
# an ambiguous name ("Georgia") that only NER can confirm.
STORY = (
    "Kenyan Foreign Minister Achieng Waweru met her Tanzanian counterpart in Arusha on Monday. "
    "The weather was warm and the talks ran late.\n\n"
    "She later criticised Uganda over the delays at the border.  "
    "Eight members of the Russian mission live in Brussels. On Tuesday NATO expelled the eight members.\n\n"
    "Georgia and Armenia share a long border. The two countries signed a transit deal on Friday."
)


@pytest.fixture(scope="module")
def full():
    return Pipeline(Config(selective=False))


@pytest.fixture(scope="module")
def nato_article(shared) -> Article:
    [article] = list(iter_articles([str(shared / "samples" / "nato-mission.txt")]))
    return article


def selected(pipeline, text: str) -> list[tuple[str, bool]]:
    doc = pipeline.nlp.make_doc(text)
    return [(doc[s.start:s.end].text.strip(), s.selected) for s in pipeline.selector(doc)]


# -- the inflection generator -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lemma,form", [
    ("meet", "met"), ("hold", "held"), ("strike", "struck"), ("shoot", "shot"), ("send", "sent"), ("give", "gave"),
    ("give", "given"), ("take", "took"), ("take", "taken"), ("fight", "fought"), ("bring", "brought"),
    ("break", "broke"), ("break", "broken"), ("withdraw", "withdrew"), ("withdraw", "withdrawn"), ("say", "said"),
    ("seize", "seized"), ("seize", "seizing"), ("ban", "banned"), ("kidnap", "kidnapping"), ("equip", "equipped"),
    ("travel", "travelled"), ("travel", "traveled"), ("carry", "carried"), ("occupy", "occupies"),
    ("agree", "agreeing"), ("free", "freed"), ("impose", "imposes"), ("veto", "vetoes"), ("sue", "suing"),
])
def test_irregular_and_regular_forms(lemma, form):
    assert form in inflections(lemma)


def spelled(lemma: str, suffix: str, ending: str) -> bool:
    """Whether English spells a form of ``lemma`` by the lemmatizer rule (suffix, ending): the rule "-ed for
    nothing" read backwards makes "abuseed" and "carryed", which no text holds."""
    consonant_y = lemma.endswith("y") and lemma[-2:-1] not in "aeiou"
    if ending == "y":
        return consonant_y  # "carries", but "conveys"
    if ending or suffix == "s":
        return True
    if consonant_y:
        return suffix == "ing"
    if lemma.endswith("e"):
        return suffix == "ing" and lemma.endswith(("ee", "ye", "oe"))
    return suffix != "es" or lemma.endswith(("s", "x", "z", "ch", "sh", "o"))


def test_every_form_the_models_lemmatizer_gives_a_lexicon_verb_is_recognised(pipeline):
    """Forms spelled by the lemmatizer's own suffix rules, and its table of exceptions (irregular verbs, doubled
    consonants): whichever of them it turns into a lexicon word must be among that word's forms."""
    nlp = pipeline.nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    rules = lemmatizer.lookups.get_table("lemma_rules")
    exceptions = lemmatizer.lookups.get_table("lemma_exc")
    lexicon = set(pipeline.patterns.by_verb)
    missed = []
    for pos in ("verb", "adj"):
        candidates = {(form, lemma) for form, lemmas in exceptions[pos].items() for lemma in lemmas if lemma in lexicon}
        candidates |= {(lemma[:len(lemma) - len(ending)] + suffix, lemma) for lemma in lexicon
                       for suffix, ending in rules[pos] if lemma.endswith(ending) and spelled(lemma, suffix, ending)}
        for form, lemma in sorted(candidates):
            token = Doc(nlp.vocab, words=[form])[0]
            token.pos_ = pos.upper()
            if lemma in lemmatizer.rule_lemmatize(token) and form not in inflections(lemma):
                missed.append((form, lemma))
    assert not missed


def test_every_lexicon_verb_as_the_parser_reads_it_in_the_samples_is_recognised(pipeline, shared):
    """The coder's own test for a verb (its lemma is in the lexicon), over real parses."""
    from dragoman.batch import sample_dir

    lexicon = pipeline.patterns.by_verb
    articles = [a for a in iter_articles([str(sample_dir()), str(shared / "samples")]) if isinstance(a, Article)]
    missed = {(t.lower_, t.lemma_) for doc in pipeline.nlp.pipe(a.text for a in articles) for t in doc
              if t.pos_ in ("VERB", "AUX", "ADJ") and t.lemma_.lower() in lexicon
              and t.lower_ not in inflections(t.lemma_.lower())}
    assert not missed


# -- selection ----------------------------------------------------------------------------------------------------

def test_a_sentence_with_an_actor_and_an_event_verb_is_selected(pipeline):
    assert selected(pipeline, "Chile expelled two Bolivian diplomats on Monday.") == [
        ("Chile expelled two Bolivian diplomats on Monday.", True)]


def test_a_sentence_with_no_event_word_is_not_selected(pipeline):
    assert selected(pipeline, "Chile has a long coastline and a cold current runs along it.") == [
        ("Chile has a long coastline and a cold current runs along it.", False)]


def test_a_verb_whose_patterns_need_words_the_sentence_lacks_is_no_event_word(pipeline):
    """"said" codes a statement only for what it says; "said ... unacceptable" can."""
    assert selected(pipeline, "Moscow said the weather in Geneva was pleasant. "
                              "Moscow said the expulsions were unacceptable.") == [
        ("Moscow said the weather in Geneva was pleasant.", False),
        ("Moscow said the expulsions were unacceptable.", True)]


def test_earlier_sentences_the_actor_stage_needs_are_selected_as_context(pipeline):
    chosen = dict(selected(pipeline, STORY))
    assert chosen["The weather was warm and the talks ran late."] is False
    assert chosen["Eight members of the Russian mission live in Brussels."] is True  # "the eight members"
    assert chosen["Georgia and Armenia share a long border."] is True  # "Georgia" needs NER; "the two countries"


@pytest.mark.parametrize("intro", [
    "Amina Otieno, a senior Kenyan opposition politician, spoke first.",
    "The Kenyan opposition leader, Amina Otieno, spoke first.",
    "Amina Otieno is a senior Kenyan opposition politician.",  # the actor stage reads no country here, parsed or not
])
def test_a_sentence_introducing_a_person_by_role_is_parsed_for_a_later_pronoun(pipeline, full, intro):
    text = f"{intro}\nOn Tuesday she accused Uganda of rigging the vote."
    assert selected(pipeline, text)[0] == (intro, True)
    events = [(e.source.country, e.target.country, e.cameo) for e in pipeline.code_text(text, "2024-01-10")]
    assert events == [(e.source.country, e.target.country, e.cameo) for e in full.code_text(text, "2024-01-10")]
    assert events and (events[0][0] == "KEN" or " is " in intro)


def test_a_capitalised_pair_before_a_comma_with_no_role_introduces_no_one(pipeline):
    text = "Late on Monday, the streets were quiet.\nOn Tuesday she accused Uganda of rigging the vote."
    assert selected(pipeline, text)[0] == ("Late on Monday, the streets were quiet.", False)


# -- the joined Doc -----------------------------------------------------------------------------------------------

def test_the_joined_doc_keeps_the_text_and_offsets_and_has_arcs_only_in_selected_sentences(pipeline):
    text = ("   Chile expelled two Bolivian diplomats on Monday.\n\n"
            "The weather was  warm.  Bolivia recalled its ambassador from Santiago.\n")
    tokens = pipeline.nlp.make_doc(text)
    plain = [(t.text, t.idx, t.whitespace_) for t in tokens]
    sentences = pipeline.selector(tokens)
    assert [s.selected for s in sentences] == [True, False, True]
    doc = parse(pipeline.nlp, tokens, sentences)
    assert doc.text == text
    assert [(t.text, t.idx, t.whitespace_) for t in doc] == plain
    sents = [s for s in doc.sents if s.text.strip()]
    assert [s.text.strip() for s in sents] == ["Chile expelled two Bolivian diplomats on Monday.",
                                                "The weather was  warm.",
                                                "Bolivia recalled its ambassador from Santiago."]
    chile, weather, bolivia = sents
    for sent in (chile, bolivia):
        assert any(t.dep_ == "ROOT" for t in sent) and any(t.head.i != t.i for t in sent)
        assert any(t.pos_ == "VERB" for t in sent) and any(t.ent_type_ == "GPE" for t in sent)
    assert all(t.dep_ == "" and t.head.i == t.i and not t.pos_ and not t.ent_type_ for t in weather)
    assert all(t.sent.start == s.start for s in doc.sents for t in s)
    assert [e.text for e in doc.ents if e.text in ("Chile", "Bolivia")] == ["Chile", "Bolivia"]


# -- the same events, selection on and off ------------------------------------------------------------------------

def events(coded) -> list[dict]:
    return [e.to_dict() for e in coded.events]


def test_the_nato_page_gives_the_same_sentences_and_events_with_selection_on_and_off(pipeline, full, nato_article):
    on, off = pipeline.code_article(nato_article), full.code_article(nato_article)
    assert [s.text for s in on.sentences] == [s.text for s in off.sentences]
    assert events(on) and events(on) == events(off)


def test_a_story_gives_the_same_events_with_selection_on_and_off(pipeline, full):
    on = pipeline.code_text(STORY, published="2024-03-08")
    off = full.code_text(STORY, published="2024-03-08")
    assert [e.to_dict() for e in on] == [e.to_dict() for e in off]
    keyed = {(e.source.key, e.target.key if e.target else None, e.root) for e in on}
    assert {("KEN", "UGA", "11"), ("NATO", "RUS", "17"), ("GEO", "ARM", "05")} <= keyed


def test_sentence_indices_count_every_sentence_of_the_article(pipeline, full):
    on = [e.sentence_index for e in pipeline.code_text(STORY)]
    off = [e.sentence_index for e in full.code_text(STORY)]
    assert on == off and max(on) == 6


PAGE = ("Kenya recalls envoy from Uganda\n"
        "Kenya recalled its ambassador to Uganda on Monday after a row over the border.\n"
        "Uganda's foreign ministry said it regretted the move.\n")


def test_a_line_of_a_page_written_a_paragraph_a_line_is_a_sentence_of_its_own(pipeline, full):
    from dragoman.nlp import lines_are_paragraphs
    assert lines_are_paragraphs(PAGE)
    assert not lines_are_paragraphs("Kenya recalled its ambassador\nto Uganda on Monday after a row over\nthe border.")
    on, off = pipeline.code_article(Article(id="p", text=PAGE)), full.code_article(Article(id="p", text=PAGE))
    for coded in (on, off):
        assert coded.sentences[0].text.strip() == "Kenya recalls envoy from Uganda"
        assert coded.sentences[1].text.startswith("Kenya recalled its ambassador")
    assert events(on) and events(on) == events(off)


def test_runs_that_cover_most_of_an_article_are_parsed_as_the_whole_article():
    from dragoman.select import Sentence, runs_to_parse
    picked = [Sentence(0, 10, True, ""), Sentence(10, 12, False, ""), Sentence(12, 40, True, "")]
    assert runs_to_parse(picked) == [(0, 40)]  # 38 of 40 tokens: cutting out runs would cost more than it saves
    few = [Sentence(0, 10, True, ""), Sentence(10, 30, False, ""), Sentence(30, 40, True, "")]
    assert runs_to_parse(few) == [(0, 10), (30, 40)]
    assert runs_to_parse(picked, whole=1.0) == [(0, 10), (12, 40)]
