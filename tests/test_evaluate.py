"""dragoman eval: the scorer's numbers, a table by root, and the misses and false positives."""

import json
import subprocess
import sys

import pytest

from dragoman.evaluate import Report, evaluate, read_gold, render, score
from dragoman.exceptions import MalformedInput
from dragoman.model import Actor, Event, EventDate, Failure

PUBLISHED = "2024-03-09"  # a Saturday


def gold_line(id_, text, core=(), ok=()):
    return json.dumps({"id": id_, "title": "", "text": text, "published": PUBLISHED, "core": list(core),
                       "ok": list(ok)})


def ev(source, target, roots=None, date=None, plover=None):
    out = {"source": source, "target": target, "date": date}
    if roots is not None:
        out["roots"] = roots
    if plover is not None:
        out["plover"] = plover
    return out


# Each line says what the coder gives for it and what that counts as.
SMALL = [
    # CHL->BOL 161 on 4 March: a hit with the right date
    gold_line("a1", "Chile expelled two Bolivian diplomats on Monday.", [ev("CHL", "BOL", ["16"], "2024-03-04")]),
    # IND->PAK 111 on 6 March: a hit with the wrong date
    gold_line("a2", "India criticized Pakistan on Wednesday.", [ev("IND", "PAK", ["11"], "2024-03-07")]),
    # PER->ECU 112 and 161: the 161 is the hit, the 112 is ok
    gold_line("a3", "Peru accused Ecuador of spying on Tuesday and recalled its ambassador from Quito.",
              [ev("PER", "ECU", ["16"])], [ev("PER", "ECU", ["11"])]),
    # GHA->TGO and TGO->GHA 057: one hit, and both match the core event, so neither is a false positive
    gold_line("a4", "Ghana and Togo signed a trade agreement on Friday.",
              [ev(["GHA", "TGO"], "*", ["05"], ["2024-03-08"])]),
    # JPN->KOR 051 where gold says 04: a miss with the right dyad, and a false positive
    gold_line("a5", "Japan praised South Korea for the agreement.", [ev("JPN", "KOR", ["04"])]),
    # nothing, and nothing expected
    gold_line("a6", "The weather in Oslo was mild on Sunday."),
    # nothing coded (hypothetical): a miss
    gold_line("a7", "Finland may expel Russian diplomats.", [ev("FIN", "RUS", ["16"])]),
    # NOR->YEM 070 in an article that must yield nothing: a false positive
    gold_line("a8", "Norway sent food aid to Yemen last week."),
    # BRA->PRY 1312, matched by its PLOVER type
    gold_line("a9", "Brazil threatened to impose sanctions on Paraguay.", [ev("BRA", "PRY", plover=["THREATEN"])]),
    # NATO->RUS 111: "IGO" is any organisation
    gold_line("a10", "NATO condemned Russia on Tuesday.", [ev("IGO", "RUS", ["11"])]),
    # IND->PAK 111 on 6 and on 8 March: the core event takes the one with the right date
    gold_line("a11", "India criticized Pakistan on Wednesday. India condemned Pakistan on Friday.",
              [ev("IND", "PAK", ["11"], "2024-03-08")]),
]


@pytest.fixture(scope="module")
def small_gold(tmp_path_factory):
    path = tmp_path_factory.mktemp("gold") / "small.gold.jsonl"
    path.write_text("\n".join(SMALL) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small(pipeline, small_gold) -> Report:
    return evaluate(small_gold, pipeline)


def test_small_gold_numbers_are_the_ones_counted_by_hand(small):
    assert (small.articles, small.core_events, small.found) == (11, 9, 7)
    assert (small.predicted, small.correct) == (12, 10)
    assert small.recall == pytest.approx(7 / 9)
    assert small.precision == pytest.approx(10 / 12)
    assert small.f1 == pytest.approx(2 * (10 / 12) * (7 / 9) / (10 / 12 + 7 / 9))
    assert (small.dated, small.dated_right) == (4, 3)  # a1 right, a2 wrong, a4 right, a11 right
    assert small.date_accuracy == pytest.approx(0.75)
    assert small.events_for_unknown_articles == 0 and small.failures == []


def test_small_gold_misses_and_false_positives(small):
    assert [(m.article_id, m.gold.label, m.dyad_roots) for m in small.misses] == [("a5", "04", ("05",)),
                                                                                  ("a7", "16", ())]
    assert small.misses[1].text == "Finland may expel Russian diplomats."
    assert [(f.article_id, f.event.root) for f in small.false_positives] == [("a5", "05"), ("a8", "07")]
    assert small.false_positives[1].event.sentence == "Norway sent food aid to Yemen last week."


def test_small_gold_table_by_root(small):
    rows = {k: (v.core, v.found, v.missed, v.predicted, v.false_positives) for k, v in small.by_root.items()}
    assert rows == {
        "16": (3, 2, 1, 2, 0),
        "11": (3, 3, 0, 5, 0),
        "05": (1, 1, 0, 3, 1),
        "04": (1, 0, 1, 0, 0),
        "THREATEN": (1, 1, 0, 0, 0),
        "13": (0, 0, 0, 1, 0),
        "07": (0, 0, 0, 1, 1),
    }
    assert dict(small.confusion) == {("04", "05"): 1}


def test_small_gold_agrees_with_the_scorer(small, small_gold, pipeline, scorer):
    assert_same_as_scorer(small, small_gold, pipeline, scorer)


def test_render_lists_misses_and_false_positives_up_to_show(small):
    text = render(small, show=1)
    assert "recall 0.778 (7/9)  precision 0.833 (10/12)  F1 0.805  date accuracy 0.750 (3/4)" in text
    assert "  04 -> 05: 1" in text
    assert "misses (2, first 1 shown):" in text and "a5: JPN -> KOR 04  [predicted 05 for this dyad]" in text
    assert "a7: FIN" not in text
    assert "false positives (2, first 1 shown):" in text and "a8:" not in text
    assert "a7: FIN -> RUS 16 | Finland may expel Russian diplomats." in render(small)


def assert_same_as_scorer(report, gold_path, pipeline, scorer):
    """The scorer's numbers for the same articles coded the way `dragoman code` codes them."""
    preds = []
    for item in pipeline.run([str(gold_path)]):
        assert not isinstance(item, Failure), item
        preds += [e.to_dict() for e in item.events]
    expected = scorer.score(scorer.load_jsonl(gold_path), preds)
    mine = report.to_dict()
    for key in ("articles", "core_events", "predicted", "recall", "precision", "f1", "date_accuracy",
                "events_for_unknown_articles"):
        assert mine[key] == expected[key], key
    assert [m.article_id for m in report.misses] == [gid for gid, _ in expected["misses"]]
    assert [(f.article_id, f.event.cameo) for f in report.false_positives] == \
        [(gid, p["raw"]["cameo"]) for gid, p in expected["false_positives"]]


@pytest.mark.parametrize("name", ["nato-mission", "up-gsr"])
def test_same_recall_and_precision_as_score_py(pipeline, scorer, shared, name):
    path = shared / "eval" / f"{name}.gold.jsonl"
    report = evaluate(path, pipeline)
    assert report.core_events > 0 and report.predicted > 0
    assert_same_as_scorer(report, path, pipeline, scorer)


# -- the matching rules on events made by hand, against the scorer ----------------------------------------------

def actor(key, org=False):
    if key is None:
        return None
    return Actor(key, key, (0, 0), org=key if org else None, country=None if org else key, why="test")


def made(article, source, target, cameo, date=None, source_org=False, plover=None):
    return Event(article_id=article, source=actor(source, source_org), target=actor(target), cameo=cameo,
                 cameo_name="", goldstein=0.0, quad_class=1, plover_type=plover, plover_mode=None, trigger="x",
                 trigger_span=(0, 1), sentence="s", sentence_index=0, sentence_span=(0, 1), rule="r",
                 confidence=0.5, date=EventDate(date, "day" if date else None, "test"))


HAND_GOLD = [
    gold_line("q1", "q1", [ev("AAA", "BBB", ["16"], "2024-01-03"), ev("AAA", "BBB", ["16"], "2024-01-01")]),
    gold_line("q2", "q2", [ev("IGO", "BBB", ["11"]), ev("*", None, ["01"])]),
    gold_line("q3", "q3", [ev("CCC", "DDD", plover=["PROTEST"])]),
]
HAND_EVENTS = [
    made("q1", "AAA", "BBB", "161", "2024-01-01"),
    made("q1", "AAA", "BBB", "163", "2024-01-02"),
    made("q2", "AAA", "BBB", "111"),  # a country is no IGO: a false positive
    made("q2", "NATO", "BBB", "112", source_org=True),
    made("q2", "AAA", None, "010"),
    made("q3", "CCC", "DDD", "141", plover="protest"),
    made("elsewhere", "AAA", "BBB", "161"),
]


def test_hand_made_events_score_as_the_scorer_scores_them(tmp_path, scorer):
    path = tmp_path / "hand.gold.jsonl"
    path.write_text("\n".join(HAND_GOLD) + "\n", encoding="utf-8")
    r = score(read_gold(path), HAND_EVENTS)
    # q1: with no right-dated match the first core event takes the last match (the 2 January one), leaving the
    # 1 January one to the second core event, which it dates right.
    assert (r.core_events, r.found, r.dated, r.dated_right) == (5, 5, 2, 1)
    assert (r.predicted, r.correct, r.events_for_unknown_articles) == (6, 5, 1)
    assert [(f.article_id, f.event.cameo) for f in r.false_positives] == [("q2", "111")]
    expected = scorer.score(scorer.load_jsonl(path), [e.to_dict() for e in HAND_EVENTS])
    mine = r.to_dict()
    assert {k: mine[k] for k in ("recall", "precision", "f1", "date_accuracy")} == \
        {k: expected[k] for k in ("recall", "precision", "f1", "date_accuracy")}


def test_a_bad_gold_line_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "bad.gold.jsonl"
    path.write_text(SMALL[0] + "\n{not json\n", encoding="utf-8")
    with pytest.raises(MalformedInput, match="line 2"):
        read_gold(path)


def test_cli_json_output_parses(small_gold, small):
    r = subprocess.run([sys.executable, "-m", "dragoman", "eval", str(small_gold), "--json"],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert (data["recall"], data["precision"], data["f1"]) == (0.778, 0.833, 0.805)
    assert [m["article_id"] for m in data["misses"]] == ["a5", "a7"]
    assert data["confusion"] == [{"gold": "04", "predicted": "05", "count": 1}]
    assert data == json.loads(json.dumps(small.to_dict()))  # the CLI prints the library's report
