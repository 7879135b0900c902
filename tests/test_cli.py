"""The command line, run as users run it."""

import json
import subprocess
import sys

import pytest

from conftest import store_placed_news
from dragoman.cli import build_parser, main


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "dragoman", *args], capture_output=True, text=True, input=stdin,
                          timeout=300)


@pytest.fixture()
def news(tmp_path):
    d = tmp_path / "news"
    d.mkdir()
    (d / "a.txt").write_text("March 4, 2024\n\nTalks in Cairo\n\nEgyptian officials met Sudanese envoys in Cairo "
                             "on Monday.\n", encoding="utf-8")
    (d / "b.jsonl").write_text(json.dumps({"id": "b1", "title": "", "published": "2024-03-05",
                                           "text": "Kenya condemned the attack by Somali militants."}) + "\n"
                               + "{not json\n", encoding="utf-8")
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "junk.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (d / "broken.html").write_text("<html><body><div></div>", encoding="utf-8")
    return d


def test_code_prints_contract_json_lines(shared):
    r = run("code", str(shared / "samples" / "nato-mission.txt"), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert records and all(rec["article_id"] and rec["cameo"] for rec in records)
    keys = {(rec["source"]["org"] or rec["source"]["country"],
             rec["target"] and (rec["target"]["org"] or rec["target"]["country"]), rec["root"]) for rec in records}
    assert ("RUS", "NATO", "16") in keys


def test_bad_inputs_are_reported_one_line_each_and_the_batch_goes_on(news, capsys):
    status = main(["code", str(news), "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 4, err
    for name in ("b.jsonl:2", "empty.txt", "junk.txt", "broken.html"):
        assert sum(name in line for line in lines) == 1, (name, err)
    assert all(line.startswith("dragoman: error: ") for line in lines)
    coded = {json.loads(line)["article_id"] for line in out.splitlines()}
    assert "b1" in coded and len(coded) == 2


def test_a_missing_file_is_one_clear_line(tmp_path, capsys):
    assert main(["code", str(tmp_path / "nope.txt")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nope.txt" in err and "no such file" in err


def test_ingest_then_query_and_ingest_again_changes_nothing(news, tmp_path, capsys):
    db = tmp_path / "events.db"
    assert main(["ingest", str(news), "--db", str(db)]) == 1  # the bad files fail, the rest is stored
    first = capsys.readouterr().out
    assert "stored 2 articles" in first
    main(["events", "--db", str(db), "--format", "jsonl"])
    before = capsys.readouterr().out
    main(["ingest", str(news), "--db", str(db)])
    capsys.readouterr()
    main(["events", "--db", str(db), "--format", "jsonl"])
    assert capsys.readouterr().out == before
    assert main(["events", "--db", str(db), "--actor", "KEN", "--root", "11", "--format", "jsonl"]) == 0
    [rec] = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rec["source"]["country"] == "KEN" and rec["root"] == "11"


def test_events_on_a_missing_store_and_a_bad_date_are_clear_errors(tmp_path, capsys):
    assert main(["events", "--db", str(tmp_path / "none.db")]) == 1
    assert "no such store" in capsys.readouterr().err
    db = tmp_path / "e.db"
    from dragoman import Store
    Store(db).close()  # an empty store
    assert main(["events", "--db", str(db), "--since", "last tuesday"]) == 1
    assert "last tuesday" in capsys.readouterr().err


def test_csv_output_has_a_header_and_one_row_per_event(tmp_path, capsys):
    f = tmp_path / "x.txt"
    f.write_text("Chile expelled two Bolivian diplomats on Monday.\n", encoding="utf-8")
    main(["code", str(f), "--published", "2024-02-10", "--format", "csv"])
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0].startswith("event_id,article_id,date") and len(rows) == 2
    assert ",CHL," in rows[1] and ",2024-02-05," in rows[1]


def test_standard_input_is_read_with_a_dash():
    r = run("code", "-", "--published", "2024-02-10", stdin="Chile expelled two Bolivian diplomats.\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.splitlines()[0])["source"]["country"] == "CHL"


def test_demo_codes_the_sample_news_into_a_store(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "events)" in out and f"in {db}" in out
    assert f"dragoman serve --db {db}" in out and f"dragoman top --db {db}" in out  # what to do next
    from dragoman import Store
    with Store(db) as s:
        counts = s.counts()
        roots = {e["root"] for e in s.events()}
    assert counts["articles"] >= 12 and counts["events"] >= 12
    assert len(roots) >= 10


def test_help_lists_every_command_with_examples():
    text = build_parser().format_help()
    for cmd in ("code", "ingest", "events", "demo"):
        assert cmd in text
    assert "examples:" in text


STORY = ("Poland expelled three Belarusian diplomats on Tuesday, accusing them of spying near the border.\n"
         "The foreign ministry in Warsaw gave the men three days to leave.\n"
         "Relations between the neighbours have been strained for years.\n"
         "Officials described the decision as a necessary step.\n"
         "Local farmers complained about the closure of a crossing.\n")


def _codes(capsys, *args):
    assert main(["code", *args, "--format", "jsonl"]) == 0
    return [json.loads(x) for x in capsys.readouterr().out.splitlines()]


def test_min_confidence_leaves_out_the_less_sure_events(tmp_path, capsys):
    f = tmp_path / "story.txt"
    f.write_text(STORY, encoding="utf-8")
    every = _codes(capsys, str(f), "--published", "2024-03-12", "--min-confidence", "0")
    sure = _codes(capsys, str(f), "--published", "2024-03-12", "--min-confidence", "0.6")
    assert any(r["confidence"] < 0.6 for r in every) and sure
    assert sorted(r["event_id"] for r in sure) == sorted(r["event_id"] for r in every if r["confidence"] >= 0.6)
    db = tmp_path / "e.db"
    assert main(["ingest", str(f), "--db", str(db), "--published", "2024-03-12", "--min-confidence", "0"]) == 0
    capsys.readouterr()
    main(["events", "--db", str(db), "--format", "jsonl", "--min-confidence", "0.6"])
    stored = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(r["event_id"] for r in stored) == sorted(r["event_id"] for r in sure)
    main(["export", "--db", str(db), "--format", "jsonl", "--min-confidence", "0.6"])
    assert len(capsys.readouterr().out.splitlines()) == len(sure)


def test_min_confidence_outside_zero_to_one_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as e:
        main(["code", "x.txt", "--min-confidence", "1.5"])
    assert e.value.code == 2 and "from 0 to 1" in capsys.readouterr().err


def test_eval_by_confidence_prints_a_precision_recall_table(tmp_path, capsys):
    gold = tmp_path / "g.gold.jsonl"
    gold.write_text(json.dumps({"id": "s1", "title": "", "published": "2024-03-12", "text": STORY,
                                "core": [{"source": "POL", "target": "BLR", "roots": ["16"]}], "ok": []}) + "\n",
                    encoding="utf-8")
    assert main(["eval", str(gold), "--by-confidence", "0", "0.6", "0.95"]) == 0
    out = capsys.readouterr().out
    rows = [line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| 0.")]
    assert [r[0].strip() for r in rows] == ["0.00", "0.60", "0.95"]
    predicted = [int(r[1]) for r in rows]
    recall = [float(r[2]) for r in rows]
    assert predicted[0] > predicted[1] > predicted[2] == 0
    assert recall[:2] == [1.0, 1.0] and recall[2] == 0.0
    assert "| min confidence | predicted | recall | precision | F1 |" in out


@pytest.fixture()
def placed_db(tmp_path, pipeline):
    return store_placed_news(pipeline, tmp_path / "placed.db")


def _places(capsys, *args):
    assert main(["events", *args, "--format", "jsonl"]) == 0
    return {(json.loads(x)["location"] or {}).get("name") for x in capsys.readouterr().out.splitlines()}


def test_events_filter_by_location_country_and_box(placed_db, capsys):
    db = ["--db", str(placed_db)]
    assert _places(capsys, *db) == {"Kharkiv", "Belgorod", "Suva", None}
    assert _places(capsys, *db, "--country", "UKR") == {"Kharkiv"}
    assert _places(capsys, *db, "--country", "UKR", "--bbox", "22,44,41,53") == {"Kharkiv"}
    assert _places(capsys, *db, "--bbox", "22,44,41,53") == {"Kharkiv", "Belgorod"}
    assert _places(capsys, *db, "--bbox=-180,-30,180,-10") == {"Suva"}
    assert _places(capsys, *db, "--bbox", "170,-20,-170,0") == {"Suva"}
    assert main(["export", *db, "--format", "jsonl", "--country", "RUS"]) == 0
    assert [json.loads(x)["location"]["name"] for x in capsys.readouterr().out.splitlines()] == ["Belgorod"]


@pytest.mark.parametrize("args, words", [
    (["--country", "Ukraine"], "country must be an ISO 3166 alpha-3 code"),
    (["--bbox", "22,44,41"], "bbox must be four numbers"),
    (["--bbox", "22,60,41,50"], "north of max_lat"),
])
def test_bad_location_filters_are_one_clean_line(placed_db, capsys, args, words):
    assert main(["events", "--db", str(placed_db), *args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("dragoman: error: ") and err.count("\n") == 1 and words in err


def test_help_documents_the_location_filters(capsys):
    with pytest.raises(SystemExit):
        main(["events", "--help"])
    text = capsys.readouterr().out
    assert "--country ISO3" in text and "MIN_LON,MIN_LAT,MAX_LON,MAX_LAT" in text
