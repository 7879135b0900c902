"""Export: a store's events as GDELT 2.0 event and mention tables, PLOVER records, CSV and Parquet."""

import csv
import json
from datetime import date

import pytest

from conftest import KHARKIV, SAHEL, SUVA, TEXAS, _place, store_placed_news
from dragoman import export
from dragoman.cli import main
from dragoman.export import CSV_COLUMNS
from dragoman.model import Article, Location
from dragoman.places import country_info
from dragoman.store import Store

URL = "https://news.example.org/2024/03/09/expulsions"
TEXT = ("Chile expelled two Bolivian diplomats on Monday. "
        "Later that day, NATO condemned the attack on Kenyan police by gunmen.")
STORED = TEXT  # a one-word title is a section name: nothing is put above the text

# Typed out from the GDELT 2.0 Event Codebook, independently of the module's own list.
GDELT_COLUMNS = """
GlobalEventID Day MonthYear Year FractionDate
Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code Actor1Religion2Code
Actor1Type1Code Actor1Type2Code Actor1Type3Code
Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code Actor2Religion2Code
Actor2Type1Code Actor2Type2Code Actor2Type3Code
IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources NumArticles AvgTone
Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code Actor1Geo_Lat
Actor1Geo_Long Actor1Geo_FeatureID
Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code Actor2Geo_Lat
Actor2Geo_Long Actor2Geo_FeatureID
ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code ActionGeo_Lat
ActionGeo_Long ActionGeo_FeatureID
DATEADDED SOURCEURL
""".split()

MENTION_COLUMNS = """
GlobalEventID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier SentenceID
Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence MentionDocLen MentionDocTone
MentionDocTranslationInfo Extras
""".split()


@pytest.fixture(scope="module")
def db(pipeline, tmp_path_factory):
    """A real store holding one article we wrote, coded by the real pipeline."""
    path = tmp_path_factory.mktemp("export") / "events.db"
    article = Article(id="exp1", text=TEXT, title="Expulsions", url=URL, published="2024-03-09",
                      source="news.example.org")
    coded = pipeline.code_article(article)
    with Store(path) as store:
        store.save(coded.article, coded.events, coded.cleaned.removals)
    return path


@pytest.fixture(scope="module")
def records(db):
    with Store(db) as store:
        return {r["cameo"]: r for r in store.events()}


def read_tsv(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


def test_the_store_holds_the_events_the_tests_rely_on(records):
    assert {"161", "111"} <= set(records)
    assert records["161"]["source"]["country"] == "CHL" and records["161"]["target"]["cameo"] == "BOLGOV"


def test_gdelt_event_table_has_the_61_codebook_columns_in_order(db, tmp_path, capsys):
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    assert "events.mentions.tsv" in capsys.readouterr().out
    header, rows = read_tsv(out)
    assert len(GDELT_COLUMNS) == 61
    assert header == GDELT_COLUMNS == list(export.GDELT_EVENT_COLUMNS)
    assert rows and all(len(row) == 61 for row in rows)


def test_gdelt_row_of_a_known_event(db, records, tmp_path):
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    header, rows = read_tsv(out)
    by_code = {row[header.index("EventCode")]: dict(zip(header, row)) for row in rows}
    row = by_code["161"]
    assert row["GlobalEventID"] == str(export.global_event_id(records["161"]["event_id"]))
    assert (row["Day"], row["MonthYear"], row["Year"]) == ("20240304", "202403", "2024")
    assert row["FractionDate"] == "2024.1753"  # 4 March is day 64 of the year: 64 / 365
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Name"]) == ("CHL", "CHL", "CHILE")
    assert (row["Actor2Code"], row["Actor2CountryCode"], row["Actor2Type1Code"]) == ("BOLGOV", "BOL", "GOV")
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("161", "161", "16")
    assert (row["QuadClass"], float(row["GoldsteinScale"])) == ("4", -4.0)
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("1", "1", "1")
    assert row["IsRootEvent"] == "1" and by_code["111"]["IsRootEvent"] == "0"
    assert row["SOURCEURL"] == URL and len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    assert row["AvgTone"] == "" and row["Actor1EthnicCode"] == ""
    # The sentence names no place: the places stage puts a state's act in its capital, Santiago (a world city).
    assert records["161"]["location"]["source"] == "actor"
    action = geo(row, "Action")
    assert (action["Type"], action["CountryCode"], action["ADM1Code"], action["ADM2Code"]) == ("4", "CI", "CI12", "")
    assert action["FullName"].startswith("Santiago") and action["FullName"].endswith(", Chile")
    assert abs(float(action["Lat"]) + 33.46) < 0.1 and abs(float(action["Long"]) + 70.65) < 0.1
    assert action["FeatureID"] == str(records["161"]["location"]["geonames_id"])
    assert geo(row, "Actor1") == geo(row, "Action") and geo(row, "Actor2")["FullName"] == "Bolivia"
    nato = by_code["111"]
    assert (nato["Actor1Code"], nato["Actor1KnownGroupCode"], nato["Actor1CountryCode"]) == ("NATO", "NATO", "")


def test_global_event_ids_are_stable_positive_integers(db, tmp_path):
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    for out in (first, second):
        assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    ids = [row[0] for row in read_tsv(first)[1]]
    assert ids == [row[0] for row in read_tsv(second)[1]]
    assert len(set(ids)) == len(ids) and all(0 < int(i) < 2**53 for i in ids)


def test_mentions_go_beside_the_event_table_and_link_to_its_events(db, records, tmp_path):
    out = tmp_path / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    header, mentions = read_tsv(tmp_path / "events.mentions.tsv")
    assert header == MENTION_COLUMNS
    event_ids = {row[0] for row in read_tsv(out)[1]}
    assert {m[0] for m in mentions} == event_ids and len(mentions) == len(event_ids)
    by_id = {str(export.global_event_id(r["event_id"])): r for r in records.values()}
    for m in mentions:
        row, record = dict(zip(header, m)), by_id[m[0]]
        action, actor1 = int(row["ActionCharOffset"]), int(row["Actor1CharOffset"])
        assert STORED[action:].startswith(record["trigger"]["text"])
        assert STORED[actor1:].startswith(record["source"]["text"])
        assert int(row["SentenceID"]) == record["sentence_index"] + 1
        assert (row["MentionIdentifier"], row["MentionSourceName"], row["MentionType"]) == (
            URL, "news.example.org", "1")
        assert int(row["MentionDocLen"]) == len(STORED)
        assert int(row["Confidence"]) == round(record["confidence"] * 100)


def test_incident_counts_are_used_when_a_record_has_them(records):
    record = {k: v for k, v in records["161"].items() if k != "incident"}
    mentions = export.GDELT_EVENT_COLUMNS.index("NumMentions")
    assert export.gdelt_event_row(record)[mentions:mentions + 3] == [1, 1, 1]
    record["incident"] = {"id": 7, "mentions": 5, "sources": 3, "articles": 4, "first_seen": "2024-03-04T08:15:00"}
    assert export.gdelt_event_row(record)[mentions:mentions + 3] == [5, 3, 4]
    mention = dict(zip(export.GDELT_MENTION_COLUMNS, export.gdelt_mention_row(record)))
    assert mention["EventTimeDate"] == "20240304081500"
    assert export.plover_record(record)["link"] == "7"


def test_plover_records_carry_the_manual_fields(db, records, capsys):
    assert main(["export", "--db", str(db), "--format", "plover"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_id = {r["id"]: r for r in lines}
    rec = by_id[records["161"]["event_id"]]
    assert rec["date"] == "2024-03-04"
    assert rec["actor"] == [{"code": "CHL", "sector": None, "entity_text": "Chile", "identifier_id": "CHL",
                             "identifier_text": "Chile"}]
    assert [(a["code"], a["sector"]) for a in rec["recipient"]] == [("BOL", "GOV")]
    assert (rec["event"], rec["mode"], rec["context"]) == (["SANCTION"], ["withdraw"], ["diplomatic"])
    assert (rec["quad_code"], rec["event_scale"], rec["has_event"]) == (4, -4.0, True)
    assert rec["event_text"] == [records["161"]["trigger"]["text"]]
    assert rec["text"] == records["161"]["sentence"] and rec["text_info"] == {"sequence": 0}
    assert rec["cite_info"]["url"] == URL and rec["comment"] == records["161"]["rule"]
    nato = by_id[records["111"]["event_id"]]
    assert nato["actor"][0]["code"] == "IGO" and nato["actor"][0]["identifier_id"] == "NATO"
    assert nato["event"] == ["ACCUSE"]


def test_csv_export_is_the_flat_table_of_dragoman_events(db, tmp_path, capsys):
    out = tmp_path / "events.csv"
    assert main(["export", "--db", str(db), "--format", "csv", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["events", "--db", str(db), "--format", "csv"]) == 0
    assert out.read_bytes().decode("utf-8") == capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == CSV_COLUMNS
    assert {(r["source_cameo"], r["target_cameo"], r["cameo"]) for r in rows} >= {("CHL", "BOLGOV", "161")}


def test_filters_apply_to_the_export(db, capsys):
    assert main(["export", "--db", str(db), "--format", "jsonl", "--root", "16"]) == 0
    assert [json.loads(line)["cameo"] for line in capsys.readouterr().out.splitlines()] == ["161"]


def test_parquet_is_read_by_duckdb_and_pandas(db, records, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "events.parquet"
    assert main(["export", "--db", str(db), "--format", "parquet", "-o", str(out)]) == 0

    rel = duckdb.sql(f"SELECT * FROM read_parquet('{out}') ORDER BY cameo")
    types = dict(zip(rel.columns, (str(t) for t in rel.types)))
    assert rel.columns == CSV_COLUMNS
    assert (types["date"], types["goldstein"], types["quad_class"], types["trigger_start"]) == (
        "DATE", "DOUBLE", "INTEGER", "INTEGER")
    row = duckdb.sql(f"SELECT date, source_country, target_cameo, quad_class, goldstein FROM read_parquet('{out}') "
                     "WHERE cameo = '161'").fetchall()
    assert row == [(date(2024, 3, 4), "CHL", "BOLGOV", 4, -4.0)]

    frame = pandas.read_parquet(out)
    assert len(frame) == len(records) and list(frame.columns) == CSV_COLUMNS
    assert str(frame["goldstein"].dtype) == "float64" and str(frame["quad_class"].dtype) == "int32"
    chile = frame[frame["cameo"] == "161"].iloc[0]
    assert chile["date"] == date(2024, 3, 4) and chile["trigger"] == records["161"]["trigger"]["text"]
    assert chile["trigger_start"] == records["161"]["trigger"]["span"][0]


@pytest.mark.parametrize("args, words", [
    (["--format", "xml"], "unknown export format 'xml'"),
    (["--format", "parquet"], "needs an output file"),
])
def test_bad_requests_are_one_clean_line(db, tmp_path, capsys, args, words):
    assert main(["export", "--db", str(db), *args]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.startswith("dragoman: error: ") and err.count("\n") == 1 and words in err


def test_a_missing_store_is_one_clean_line_and_is_not_created(tmp_path, capsys):
    missing = tmp_path / "none.db"
    assert main(["export", "--db", str(missing), "--format", "csv", "-o", str(tmp_path / "x.csv")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no such store" in err
    assert not missing.exists() and not (tmp_path / "x.csv").exists()


def test_an_unwritable_output_is_one_clean_line_and_leaves_nothing(db, tmp_path, capsys):
    out = tmp_path / "no-such-dir" / "events.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and not out.parent.exists()


def test_code_prints_gdelt_and_plover(tmp_path, capsys):
    path = tmp_path / "story.txt"
    path.write_text(f"March 9, 2024\n\n{TEXT}\n", encoding="utf-8")
    assert main(["code", str(path), "--format", "gdelt"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t") == GDELT_COLUMNS
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"))) for line in lines[1:]]
    assert ("CHL", "BOLGOV", "161", "20240304") in {
        (r["Actor1Code"], r["Actor2Code"], r["EventCode"], r["Day"]) for r in rows}
    assert main(["code", str(path), "--format", "plover"]) == 0
    plover = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert ["SANCTION"] in [p["event"] for p in plover] and all(p["coder"].startswith("dragoman") for p in plover)


# -- where -----------------------------------------------------------------------------------------------------

GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")


@pytest.fixture(scope="module")
def placed_db(pipeline, tmp_path_factory):
    """Coded news whose events we placed: Kharkiv (RUS -> UKR), Belgorod (UKR -> RUS), Suva (FJI -> CHN), and
    Chile -> Bolivia with no location."""
    return store_placed_news(pipeline, tmp_path_factory.mktemp("where") / "placed.db")


def geo(row: dict, who: str) -> dict:
    return {f: row[f"{who}Geo_{f}"] for f in GEO}


def gdelt_rows(db, tmp_path) -> dict:
    out = tmp_path / "placed.tsv"
    assert main(["export", "--db", str(db), "--format", "gdelt", "-o", str(out)]) == 0
    header, rows = read_tsv(out)
    assert all(len(r) == 61 for r in rows)
    return {(r[header.index("Actor1Code")][:3], r[header.index("EventCode")]): dict(zip(header, r)) for r in rows}


def coordinates_known(iso3: str) -> bool:
    country = country_info(iso3)
    return country.lat is not None and country.lon is not None


def test_gdelt_action_geo_is_the_events_location(placed_db, tmp_path):
    rows = gdelt_rows(placed_db, tmp_path)
    kharkiv = rows[("RUS", "194")]
    assert geo(kharkiv, "Action") == {"Type": "4", "FullName": "Kharkiv, Kharkiv Oblast, Ukraine",
                                      "CountryCode": "UP", "ADM1Code": "UP07", "ADM2Code": "", "Lat": "49.98",
                                      "Long": "36.25", "FeatureID": "706483"}
    # the target is Ukraine, where the act happened: its geography is the location
    assert geo(kharkiv, "Actor2") == geo(kharkiv, "Action")
    assert geo(rows[("FJI", "161")], "Actor1") == geo(rows[("FJI", "161")], "Action")
    assert geo(rows[("FJI", "161")], "Action")["FullName"] == "Suva, Central, Fiji"
    assert geo(rows[("CHL", "161")], "Action") == {"Type": "0", **{f: "" for f in GEO[1:]}}


def test_gdelt_actor_geo_elsewhere_is_the_actors_country_when_its_point_is_known(placed_db, tmp_path):
    rows = gdelt_rows(placed_db, tmp_path)
    russia = geo(rows[("RUS", "194")], "Actor1")  # Russia acted in Ukraine
    chile = geo(rows[("CHL", "161")], "Actor1")  # no location at all
    for iso3, fips, name, found in (("RUS", "RS", "Russia", russia), ("CHL", "CI", "Chile", chile)):
        if coordinates_known(iso3):
            assert (found["Type"], found["FullName"], found["CountryCode"], found["ADM1Code"],
                    found["FeatureID"]) == ("1", name, fips, fips, fips)
        else:
            assert found == {"Type": "0", **{f: "" for f in GEO[1:]}}


def test_every_gdelt_geo_field_is_valid(placed_db, tmp_path):
    for row in gdelt_rows(placed_db, tmp_path).values():
        for who in ("Actor1", "Actor2", "Action"):
            g = geo(row, who)
            assert int(g["Type"]) in range(6)
            if g["Type"] == "0":
                assert set(g.values()) == {"0", ""}
                continue
            assert len(g["CountryCode"]) == 2 and g["CountryCode"].isupper()
            assert g["ADM1Code"].startswith(g["CountryCode"]) and g["ADM2Code"] == ""
            assert -90 <= float(g["Lat"]) <= 90 and -180 <= float(g["Long"]) <= 180
            assert g["FullName"] and g["FeatureID"]


def record_at(place) -> dict:
    return Location(place, "clause").to_dict()


@pytest.mark.parametrize("place, expected", [
    (TEXAS, [2, "Texas, United States", "US", "USTX", None, 31.25, -99.25, "TX"]),
    (_place("Paris", "USA", "Texas", 33.66, -95.56, 4717560, "US.TX"),
     [3, "Paris, Texas, United States", "US", "USTX", None, 33.66, -95.56, 4717560]),
    (_place("Kharkiv Oblast", "UKR", "Kharkiv Oblast", 49.5, 36.5, 706482, "UA.07", feature="admin1"),
     [5, "Kharkiv Oblast, Ukraine", "UP", "UP07", None, 49.5, 36.5, "UP07"]),
    (_place("Ukraine", "UKR", None, 49.0, 32.0, 690791, feature="country"),
     [1, "Ukraine", "UP", "UP", None, 49.0, 32.0, "UP"]),
    (_place("Donbas", "UKR", None, 48.0, 38.0, 709716, feature="region"),
     [4, "Donbas, Ukraine", "UP", "UP", None, 48.0, 38.0, 709716]),
    (_place("Sevastopol", None, None, 44.6, 33.52, 694423, "UA.20"),
     [4, "Sevastopol", None, None, None, 44.6, 33.52, 694423]),
    (SAHEL, [0, None, None, None, None, None, None, None]),
    (_place("Nowhere", "UKR", None, None, None, 1), [0, None, None, None, None, None, None, None]),
])
def test_gdelt_geo_types_follow_the_codebook(place, expected):
    assert export.gdelt_geo(record_at(place)) == expected


def test_plover_records_carry_the_event_location(placed_db, capsys):
    assert main(["export", "--db", str(placed_db), "--format", "plover"]) == 0
    records = {(r["actor"][0]["code"], r["event"][0]): r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    suva = records[("FJI", "SANCTION")]["event_loc"]
    assert suva == {"extracted_place": "Suva", "resolved_place": "Suva", "geonameid": 2198148, "lat": -18.14,
                    "lon": 178.44, "city": "Suva", "district": None, "province": "Central", "country": "Fiji",
                    "country_code": "FJI", "feature_class": "P", "feature_code": None, "resolution": 4,
                    "location_source": "clause"}
    assert "event_loc" not in records[("CHL", "SANCTION")]
    texas = export.plover_location(record_at(TEXAS))
    assert (texas["city"], texas["province"], texas["feature_code"], texas["resolution"]) == (
        None, "Texas", "ADM1", 2)


def test_csv_and_parquet_have_the_location_columns(placed_db, tmp_path):
    pandas = pytest.importorskip("pandas")
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "placed.csv"
    assert main(["export", "--db", str(placed_db), "--format", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = {(r["source_cameo"][:3], r["cameo"]): r for r in csv.DictReader(f)}
    kharkiv = rows[("RUS", "194")]
    assert (kharkiv["location_name"], kharkiv["location_country"], kharkiv["location_admin1_code"],
            kharkiv["location_lat"], kharkiv["location_lon"], kharkiv["location_geonames_id"],
            kharkiv["location_feature"], kharkiv["location_source"]) == (
        "Kharkiv", "UKR", "UA.07", "49.98", "36.25", "706483", "city", "clause")
    assert all(v == "" for k, v in rows[("CHL", "161")].items() if k.startswith("location_"))

    parquet = tmp_path / "placed.parquet"
    assert main(["export", "--db", str(placed_db), "--format", "parquet", "-o", str(parquet)]) == 0
    schema = pq.read_schema(parquet)
    assert [str(schema.field(c).type) for c in ("location_lat", "location_lon", "location_geonames_id")] == [
        "double", "double", "int64"]
    frame = pandas.read_parquet(parquet)
    assert list(frame.columns) == CSV_COLUMNS
    suva = frame[frame["location_name"] == "Suva"].iloc[0]
    assert (suva["location_lat"], suva["location_lon"], int(suva["location_geonames_id"])) == (
        SUVA.lat, SUVA.lon, SUVA.geonames_id)
    chile = frame[frame["source_country"] == "CHL"].iloc[0]
    assert pandas.isna(chile["location_lat"]) and pandas.isna(chile["location_name"])
    assert frame["location_lat"].dropna().between(-90, 90).all()
