"""Salience and the topic gate: events ranked by how surely they are the article's news acts; non-political
articles yield nothing."""

from dragoman.model import Article
from dragoman.salience import load_salience
from dragoman.topic import load_topic_gate

STORY = """Poland expels Belarusian envoys

Poland expelled three Belarusian diplomats on Tuesday, accusing them of spying on military bases near the border.
The Polish foreign ministry said the three men had been given 72 hours to leave the country.
Relations between the neighbours have been strained for years.
Officials in Warsaw described the decision as a necessary step to protect national security.
Analysts said the move was widely expected after months of tension.
The border has seen a rise in crossings by migrants over the past year.
Trade between the two countries has fallen sharply since then.
Poland's president spoke about the dispute at a news conference in the capital.
Local farmers complained about the closure of a crossing.
In the past, the Belarusian authorities reportedly arrested them without charge.
"""

SPORTS = """Spain beat Italy to reach the final

Spain beat Italy 2-1 on Saturday to reach the final of the tournament, with their striker scoring twice in the
second half.
Italy's coach accused Spain of wasting time, and Spanish fans taunted the Italian players after the match.
The team dominated the game from the start, and the defender was sent off after an hour.
Spain will face France in the final at the national stadium next month, and fans have already bought most of the
tickets.
The victory extends their unbeaten run to twelve games this season, and they now lead the league by four points.
"""

MATCH = """Ministers meet after violence at football match

The interior ministers of Serbia and Croatia met in Belgrade on Monday after clashes between fans at a football
match in Zagreb left dozens injured.
Serbia accused Croatia of failing to protect its citizens, and the Croatian government condemned the violence.
The ministers agreed to set up a joint police task force before the next match between the two national teams.
Opposition parties in both parliaments called for an inquiry, and the stadium will stay closed for the rest of
the season.
Officials said the talks would continue next week, and the presidents of both countries welcomed the agreement.
"""


def _article(text, title=None, published="2024-03-12"):
    return Article(id="t", text=text, title=title, published=published)


def _story_events(pipeline):
    title, body = STORY.split("\n\n", 1)
    return pipeline.code_article(_article(body, title=title)).events


def test_the_lede_act_outranks_an_act_retold_deep_in_the_text(pipeline):
    events = _story_events(pipeline)
    expel = [e for e in events if e.root == "16" and e.source.key == "POL" and e.target and e.target.key == "BLR"]
    assert len(expel) == 1, [(e.trigger, e.rule) for e in events]
    deep = [e for e in events if e.sentence_index >= 5]
    assert deep, "the story's deep acts should still be coded"
    assert all(expel[0].confidence > e.confidence for e in events if e is not expel[0])
    assert "salience" in expel[0].rule and "lede +" in expel[0].rule and "named +" in expel[0].rule
    reported = [e for e in deep if "reportedly" in e.sentence]
    assert reported and all("hearsay -" in e.rule and "deep -" in e.rule for e in reported)


def test_an_act_with_no_target_scores_lower_than_the_same_place_with_one(pipeline):
    lede = [e for e in _story_events(pipeline) if e.sentence_index == 1]  # after the headline
    aimed = [e for e in lede if e.target is not None]
    unaimed = [e for e in lede if e.target is None]
    assert aimed and unaimed
    assert max(e.confidence for e in unaimed) < min(e.confidence for e in aimed)
    assert all("no target -" in e.rule for e in unaimed)


def test_a_sports_report_yields_nothing_and_says_why(pipeline):
    coded = pipeline.code_article(_article(SPORTS))
    assert coded.events == []
    why = [d.outcome for d in coded.decisions if d.outcome.startswith("non-political article")]
    assert why and "sports" in why[0]


def test_a_political_story_that_mentions_a_match_keeps_its_events(pipeline):
    events = pipeline.code_text(MATCH, published="2024-03-12")
    dyads = {(e.source.key, e.target.key if e.target else None, e.root) for e in events}
    assert ("SRB", "HRV", "11") in dyads or ("SRB", "HRV", "12") in dyads, dyads


def test_a_headline_copy_of_an_act_the_body_tells_is_one_event(pipeline):
    text = ("Poland expels Belarusian diplomats\n\n"
            "Poland expelled three Belarusian diplomats on Tuesday, accusing them of spying near the border.\n"
            "The foreign ministry in Warsaw gave the men three days to leave.\n")
    coded = pipeline.code_article(_article(text, title="Poland expels Belarusian diplomats"))
    expel = [e for e in coded.events if e.root == "16"]
    assert [e.sentence_index for e in expel] == [1]
    repeats = [d for d in coded.decisions if d.outcome.startswith("repeats the headline")]
    assert {d.sentence_index for d in repeats} == {0}


def test_a_headline_told_only_once_keeps_one_copy(pipeline):
    text = ("Poland expels Belarusian diplomats\n\n"
            "Relations between the neighbours have been strained for years.\n")
    coded = pipeline.code_article(_article(text, title="Poland expels Belarusian diplomats"))
    expel = [e for e in coded.events if e.root == "16"]
    assert len(expel) == 1 and "title +" in expel[0].rule and expel[0].sentence_index == 0


def test_weights_are_data(tmp_path):
    own = tmp_path / "salience.yaml"
    own.write_text("start: 0.2\nweights: {lede: 0.5}\n", encoding="utf-8")
    assert load_salience(own).weights == {"lede": 0.5}
    assert load_salience().weights["no target"] < 0 < load_salience().weights["lede"]


def test_the_gate_weighs_political_cues_against_the_others():
    gate = load_topic_gate()
    assert gate.read(SPORTS).off_topic
    assert not gate.read(MATCH).off_topic
    markets = ("Shares rose on Tuesday as investors cheered quarterly earnings; the index hit a record high, "
               "traders said, and profits beat what analysts expected.")
    assert gate.read(markets).off_topic
    assert not gate.read(markets + " The government, the president and parliament agreed sanctions on the "
                         "regime after talks with diplomats, ministers and military officials.").off_topic


def test_an_act_that_needs_no_target_loses_less_for_having_none(pipeline):
    text = ("Iran conducted a missile test on Sunday.\nThe test was the third this year.\n"
            "Iran also held talks on Sunday.\n")
    coded = pipeline.code_article(_article(text, published="2024-03-12"))
    [test] = coded.events
    assert test.root == "15" and test.target is None and "untargeted -0.1" in test.rule
    # the talks, aimed at no one, lose the whole "no target" weight and fall under the default minimum
    assert any(d.sentence_index == 2 and "under the minimum" in d.outcome for d in coded.decisions)


def test_last_month_is_not_old_early_in_the_next_month(pipeline):
    text = "Panama faced criticism over the leaks. Last month it signed tax agreements with Japan."
    [signed] = [e for e in pipeline.code_text(text, published="2024-05-04") if e.root == "05"]
    assert signed.date.precision == "month" and "old -" not in signed.rule
    earlier = text.replace("Last month", "In February")
    assert all("old -" in e.rule for e in pipeline.code_text(earlier, published="2024-05-04") if e.root == "05")
