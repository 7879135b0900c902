"""responds_to links: the cue, the responder and the act answered, on text we wrote and on the nato-mission page."""

import pytest

from dragoman.exceptions import DictionaryError
from dragoman.ingest import iter_articles
from dragoman.links import load_cues


def code(pipeline, text):
    return pipeline.code_text(text, published="2024-03-06")


def by_trigger(events, word):
    [event] = [e for e in events if word in e.trigger]
    return event


def test_a_sentence_that_opens_with_the_cue_links_the_act_after_it(pipeline):
    events = code(pipeline, "Latvia expelled two Russian diplomats on Monday. In retaliation for the expulsions, "
                            "Russia expelled three Latvian diplomats on Wednesday.")
    first, answer = by_trigger(events, "two Russian"), by_trigger(events, "three Latvian")
    assert [(link.relation, link.to, link.cue) for link in answer.links] == [
        ("responds_to", first.event_id, "In retaliation for")]
    assert first.links == ()


def test_the_move_came_in_response_links_the_sentence_before(pipeline):
    events = code(pipeline, "India expelled a Pakistani diplomat. Pakistan expelled an Indian diplomat the next "
                            "day. The move came in response to the Indian expulsion.")
    first, answer = by_trigger(events, "Pakistani"), by_trigger(events, "Indian diplomat")
    assert [link.to for link in answer.links] == [first.event_id]
    assert answer.links[0].rule.startswith("responds_to: strong cue")


def test_after_only_about_time_links_nothing(pipeline):
    events = code(pipeline, "Chile recalled its ambassador from Peru. After the talks, the Chilean minister "
                            "praised Argentina.")
    assert all(e.links == () for e in events)


def test_an_actor_never_answers_its_own_act(pipeline):
    events = code(pipeline, "Latvia expelled two Russian diplomats on Monday. In response to the expulsions, "
                            "Latvia expelled a third Russian diplomat.")
    assert all(e.links == () for e in events)


def test_the_cue_span_points_at_the_words_in_the_text(pipeline):
    text = ("Latvia expelled two Russian diplomats on Monday. In retaliation for the expulsions, "
            "Russia expelled three Latvian diplomats on Wednesday.")
    [link] = by_trigger(code(pipeline, text), "three Latvian").links
    assert text[link.cue_span[0]:link.cue_span[1]] == link.cue


def test_nato_mission_suspension_responds_to_the_expulsion(pipeline, shared):
    [article] = list(iter_articles([str(shared / "samples" / "nato-mission.txt")]))
    events = pipeline.code_article(article).events
    ids = {e.event_id: e for e in events}
    suspensions = [e for e in events if (e.source.key, e.target.key, e.root) == ("RUS", "NATO", "16")]
    assert suspensions and all(e.links for e in suspensions)
    for e in suspensions:
        answered = ids[e.links[0].to]
        assert (answered.source.key, answered.target.key) == ("NATO", "RUS")
        assert answered.root in ("16", "17")


def test_links_are_in_the_event_record(pipeline):
    events = code(pipeline, "Latvia expelled two Russian diplomats on Monday. In retaliation for the expulsions, "
                            "Russia expelled three Latvian diplomats on Wednesday.")
    record = by_trigger(events, "three Latvian").to_dict()
    assert record["links"][0]["relation"] == "responds_to"
    assert record["links"][0]["event_id"] == by_trigger(events, "two Russian").event_id


def test_cue_files_are_data_and_a_bad_one_is_a_clear_error(tmp_path):
    good = tmp_path / "cues.yaml"
    good.write_text("responds_to:\n  strong: [as payback for]\n  weak: []\n")
    assert [c.words for c in load_cues(good)] == ["as payback for"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("responds_to: [after]\n")
    with pytest.raises(DictionaryError, match="bad.yaml"):
        load_cues(bad)
