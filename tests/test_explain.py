"""dragoman explain: what cleaning removed, and sentence by sentence the actors, verbs and events."""

import re
import subprocess
import sys

import pytest

from dragoman.cli import main
from dragoman.explain import NO_VERB, Explanation, explain, explain_input, render
from dragoman.model import Article, article_id

TEXT = ("Chile expelled two Bolivian diplomats on Monday. Peru did not condemn the expulsion. "
        "The weather in Lima was mild.")


def block(x: Explanation, index: int) -> str:
    """The rendered lines of one sentence."""
    text = render(x)
    start = text.index(f"\n[{index}] ")
    end = text.find("\n\n", start + 1)
    return text[start:end if end != -1 else None]


@pytest.fixture(scope="module")
def short(pipeline) -> Explanation:
    [x] = list(explain_input(TEXT, pipeline, published="2024-03-09"))
    return x


@pytest.fixture(scope="module")
def nato(pipeline, shared) -> Explanation:
    [x] = list(explain_input(str(shared / "samples" / "nato-mission.txt"), pipeline))
    return x


def test_literal_text_is_one_article_with_its_sentences_in_order(short):
    assert short.article.id == article_id(None, TEXT)
    assert short.article.published == "2024-03-09"
    assert [s.index for s in short.sentences] == [0, 1, 2]
    assert short.sentences[1].text == "Peru did not condemn the expulsion."
    assert short.removals == [] and "removed by cleaning: nothing" in render(short)


def test_actors_are_shown_with_their_reasons(short):
    found = {(a.text, a.key): a for a in short.sentences[0].actors}
    assert ("Chile", "CHL") in found and "Chile" in found[("Chile", "CHL")].why
    bolivian = found[("Bolivian", "BOL")]
    assert bolivian.kind == "adjective" and "adjective" in bolivian.why
    shown = block(short, 0)
    assert f"actor  'Bolivian' = BOL  (adjective: {bolivian.why})" in shown


def test_a_coded_event_is_shown_with_its_rule_and_date(short):
    s = short.sentences[0]
    [event] = s.events
    assert (event.source.key, event.target.key, event.root) == ("CHL", "BOL", "16")
    assert (event.date.date, event.date.source) == ("2024-03-04", "on Monday")
    [verb] = s.verbs
    assert verb.coded and verb.trigger == "expelled" and event.rule.startswith(verb.pattern + " ")
    assert s.verdict == "1 event"
    shown = block(short, 0)
    assert f"rule: {event.rule}" in shown
    assert f"{event.cameo} {event.cameo_name}" in shown and "2024-03-04 (on Monday)" in shown
    assert f"verb   'expelled'  {verb.pattern}: coded" in shown


def test_a_negated_verb_gives_its_reason(short):
    s = short.sentence("did not condemn")
    assert s.events == []
    [verb] = s.verbs
    assert (verb.trigger, verb.outcome) == ("condemn", "negated") and verb.pattern
    assert s.verdict == "no event: 'condemn' negated"
    assert "=> no event: 'condemn' negated" in block(short, s.index)


def test_a_sentence_without_a_candidate_verb_says_so(short):
    s = short.sentences[2]
    assert s.verbs == [] and s.events == [] and s.verdict == NO_VERB
    assert any(a.text == "Lima" and a.key == "PER" for a in s.actors)
    assert block(short, 2).rstrip().endswith(f"=> {NO_VERB}")


def test_explain_takes_a_coded_article_from_the_pipeline(pipeline):
    text = "Finland may expel Russian diplomats. NATO condemned Russia on Tuesday."
    coded = pipeline.code_article(Article(id="fin", text=text, published="2024-03-09"))
    x = explain(coded, pipeline)
    assert x.events == coded.events and len(x.sentences) == 2
    [verb] = x.sentences[0].verbs
    assert verb.outcome == "hypothetical (may)" and x.sentences[0].events == []
    assert [(e.source.key, e.target.key) for e in x.sentences[1].events] == [("NATO", "RUS")]


def test_nato_sample_shows_the_see_also_teaser_as_removed(nato):
    [teaser] = [r for r in nato.removals if "Mexican border" in r.text]
    assert teaser.rule == "teaser" and teaser.text.startswith("See also")
    text = render(nato)
    removed = text[text.index("removed by cleaning"):text.index(" sentences, ")]
    assert re.search(r"teaser  \[\d+:\d+\]  'See also Mexican border", removed)
    assert teaser.reason in removed
    assert not any("Mexican" in s.text for s in nato.sentences)


def test_nato_sample_explains_why_nato_did_not_provide_gives_nothing(nato):
    s = nato.sentence("NATO did not provide any details")
    provide = [v for v in s.verbs if v.trigger == "provide"]
    assert provide, s.verbs
    assert not provide[0].coded and provide[0].outcome
    assert not any("provid" in e.trigger for e in s.events)
    assert "verb   'provide'  " in block(nato, s.index)
    assert provide[0].outcome in block(nato, s.index)
    if provide[0].pattern is None:  # no pattern matched: the patterns the verb has are listed
        assert "provide-aid" in provide[0].tried


def test_sentence_indices_are_the_ones_events_carry(nato):
    assert nato.events
    for e in nato.events:
        s = nato.sentences[e.sentence_index]
        assert e.sentence_span == s.span
        assert e in s.events


def test_cli_explains_a_text():
    r = subprocess.run([sys.executable, "-m", "dragoman", "explain", TEXT, "--published", "2024-03-09"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("article ")
    assert "[1] Peru did not condemn the expulsion." in r.stdout
    assert "'condemn' negated" in r.stdout and "rule: expel-diplomats" in r.stdout


def test_cli_reports_a_missing_file_as_an_error(tmp_path, capsys):
    assert main(["explain", str(tmp_path / "nope.txt")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "nope.txt: no such file" in err


def test_a_response_names_the_act_it_answers(pipeline):
    text = ("Latvia expelled two Russian diplomats on Monday. In retaliation for the expulsions, Russia expelled "
            "three Latvian diplomats on Wednesday.")
    [x] = list(explain_input(text, pipeline, published="2024-03-06"))
    answer = block(x, 1)
    assert re.search(r"responds to \[0\] 161 'expelled two Russian diplomats'  \(responds_to: strong cue "
                     r"'in retaliation for'\)", answer)
    assert "responds to" not in block(x, 0)
