"""The whole path on the nato-mission page, read in place from ../shared/samples."""

import pytest

from dragoman import code_text
from dragoman.ingest import iter_articles
from dragoman.model import Article


@pytest.fixture(scope="module")
def nato(pipeline, shared):
    [article] = list(iter_articles([str(shared / "samples" / "nato-mission.txt")]))
    assert isinstance(article, Article)
    return pipeline.code_article(article)


def keyed(coded):
    return {(e.source.key, e.target.key if e.target else None, e.root) for e in coded.events}


def test_russia_suspends_its_mission_to_nato(nato):
    assert ("RUS", "NATO", "16") in keyed(nato)


def test_nato_expelled_the_diplomats_ten_days_before_publication(nato):
    expulsions = [e for e in nato.events if (e.source.key, e.target and e.target.key) == ("NATO", "RUS")
                  and e.root in ("16", "17")]
    assert expulsions
    assert any(e.date.date == "2024-05-13" and e.date.source.lower() == "ten days ago" for e in expulsions)


def test_no_event_has_a_us_actor(nato):
    assert not [e for e in nato.events if "USA" in (e.source.key, e.target and e.target.key)]


def test_the_see_also_teaser_is_removed_and_recorded(nato):
    teasers = [r for r in nato.cleaned.removals if r.rule == "teaser"]
    assert len(teasers) == 1 and "Mexican border" in teasers[0].text
    assert "Mexican border" not in nato.cleaned.text


def test_every_event_points_back_to_its_words(nato):
    text = nato.article.text
    for e in nato.events:
        assert text[e.trigger_span[0]:e.trigger_span[1]] == e.trigger
        assert text[e.sentence_span[0]:e.sentence_span[1]] == e.sentence
        for actor in (e.source, e.target):
            if actor is not None:
                assert text[actor.span[0]:actor.span[1]] == actor.text


def test_events_carry_the_contract_fields(nato):
    record = nato.events[0].to_dict()
    assert set(record) == {"event_id", "article_id", "date", "date_precision", "date_source", "source", "target",
                           "cameo", "cameo_name", "root", "quad_class", "goldstein", "plover", "trigger", "sentence",
                           "sentence_index", "rule", "confidence", "links", "location"}
    assert set(record["source"]) == {"text", "name", "country", "org", "sector", "cameo", "span"}
    assert set(record["plover"]) == {"event_type", "mode"}


def test_dates_fall_back_to_publication_and_say_so(pipeline):
    [e] = pipeline.code_text("Chile expelled two Bolivian diplomats.", published="2024-02-10")
    assert (e.date.date, e.date.precision, e.date.source) == ("2024-02-10", "day", "published")
    [e] = pipeline.code_text("Chile expelled two Bolivian diplomats on Monday.", published="2024-02-10")
    assert (e.date.date, e.date.source) == ("2024-02-05", "on Monday")


def test_without_a_publication_date_no_date_is_invented(pipeline):
    [e] = pipeline.code_text("Chile expelled two Bolivian diplomats yesterday.")
    assert e.date.date is None


def test_code_text_is_the_public_shortcut():
    events = code_text("Egypt condemned the attack by Israeli troops.", published="2024-02-10")
    assert [(e.source.key, e.target.key, e.root) for e in events] == [("EGY", "ISR", "11")]


def test_coding_many_articles_in_one_stream_gives_the_same_events(pipeline, shared):
    from dragoman.batch import sample_dir

    articles = [a for a in iter_articles([str(sample_dir()), str(shared / "samples" / "nato-mission.txt")])
                if isinstance(a, Article)]
    one_by_one = [[e.to_dict() for e in pipeline.code_article(a).events] for a in articles]
    for batch_size in (1, 5, 64):
        streamed = list(pipeline.code_articles(articles, batch_size=batch_size))
        assert [c.article.id for c in streamed] == [a.id for a in articles]
        assert [[e.to_dict() for e in c.events] for c in streamed] == one_by_one


@pytest.mark.parametrize("selective", [True, False])
def test_a_blank_line_ends_a_sentence(pipeline, selective):
    from dragoman import Config, Pipeline

    coder = pipeline if selective else Pipeline(Config(selective=False))
    text = ("Russia suspends its mission in NATO - News\n\n"
            "The Russian Foreign Minister announced on Monday that Russia will suspend its mission in NATO.")
    coded = coder.code_article(Article(id="p", text=text, published="2024-05-23"))
    assert [s.text.strip() for s in coded.sentences][0] == "Russia suspends its mission in NATO - News"
    assert all("\n\n" not in e.sentence for e in coded.events)
    assert {(e.source.key, e.target.key, e.root) for e in coded.events} == {("RUS", "NATO", "16")}


def test_a_dateline_place_gives_its_country_to_roles_the_text_leaves_unplaced(pipeline):
    text = "Police arrested two opposition activists on Friday, officials said."
    placed = pipeline.code_article(Article(id="d", text="LAHORE: " + text, published="2025-03-01"))
    assert [(e.source.key, e.target.key, e.root) for e in placed.events] == [("PAK", "PAK", "17")]
    assert "dateline place 'Lahore'" in placed.events[0].source.why
    assert placed.events[0].source.text == "Police"  # the blanked dateline is not part of the phrase
    unplaced = pipeline.code_article(Article(id="u", text=text, published="2025-03-01"))
    assert [e.source.key for e in unplaced.events] == [None]
