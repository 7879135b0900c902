"""The SQLite store, on real files in tmp_path."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import pytest

from conftest import BELGOROD, KHARKIV, LVIV, SUVA, located
from dragoman.exceptions import StoreError, UsageError
from dragoman.model import Actor, Article, Event, EventDate, Failure, Removal
from dragoman.store import Store, schema, writes
from dragoman.store.filters import event_filter

NATO = {"org": "NATO"}
RUS = {"country": "RUS", "sector": "GOV"}
USA = {"country": "USA"}
UKR = {"country": "UKR", "sector": "MIL"}


def actor(name: str, country: str | None = None, org: str | None = None, sector: str | None = None,
          span: tuple[int, int] = (0, 4)) -> Actor:
    return Actor(text=name, name=name, span=span, country=country, org=org, sector=sector)


def event(article_id: str, source: dict, target: dict | None, cameo: str = "161", date: str | None = "2024-05-13",
          sentence_index: int = 0, trigger_start: int = 10) -> Event:
    """An event with the given actors (keyword dicts for ``actor``), code and date; other fields plausible."""
    return Event(
        article_id=article_id,
        source=actor("source", **source, span=(0, 6)),
        target=actor("target", **target, span=(20, 26)) if target is not None else None,
        cameo=cameo, cameo_name=f"code {cameo}", goldstein=-4.0, quad_class=4,
        plover_type="SANCTION", plover_mode="expel",
        trigger="expelled", trigger_span=(trigger_start, trigger_start + 8),
        sentence="Source expelled target.", sentence_index=sentence_index, sentence_span=(0, 23),
        rule=f"rule-{cameo}", confidence=0.8,
        date=EventDate(date, "day" if date else None, "published" if date else "none"),
    )


def article(aid: str = "a1", text: str = "Source expelled target. More text.", **kw) -> Article:
    fields = {"title": f"Title {aid}", "url": f"https://example.org/{aid}", "published": "2024-05-13",
              "published_source": "metadata", "source": "example.org", **kw}
    return Article(id=aid, text=text, **fields)


def three_events(aid: str = "a1") -> list[Event]:
    return [
        event(aid, NATO, RUS, "161", "2024-05-13", 0, 10),
        event(aid, RUS, NATO, "172", "2024-05-14", 1, 40),
        event(aid, USA, UKR, "057", "2024-05-15", 2, 70),
    ]


def rows(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "events.db"


@pytest.fixture
def store(db):
    with Store(db) as s:
        yield s


# -- opening -------------------------------------------------------------------------------------------------------


def test_new_store_is_in_wal_mode_and_migrated(db, store):
    assert store.journal_mode == "wal"
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]  # persistent: any later connection sees WAL
    assert rows(db, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    tables = {name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"articles", "events", "actors", "failures"} <= tables
    assert store.counts() == {"articles": 0, "events": 0, "failures": 0}


def test_reopening_keeps_data_and_version(db):
    with Store(db) as s:
        s.save(article(), three_events())
    with Store(db) as s:
        assert s.version == schema.SCHEMA_VERSION
        assert s.counts()["events"] == 3


def test_appended_migration_upgrades_an_existing_store(db, monkeypatch):
    with Store(db) as s:
        s.save(article(), three_events())
    notes = "CREATE TABLE notes (a TEXT, b TEXT);\nCREATE INDEX notes_a ON notes(a);"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + (notes,))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with Store(db) as s:
        assert s.version == schema.SCHEMA_VERSION
        assert s.counts()["events"] == 3
    assert rows(db, "SELECT count(*) FROM notes") == [(0,)]


def test_a_first_version_store_is_upgraded_with_its_events_kept(db, monkeypatch):
    conn = sqlite3.connect(db)
    conn.executescript(schema.MIGRATION_1)
    conn.execute("INSERT INTO articles (id, text) VALUES ('old', 'An article stored by the first version.')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store(db) as s:
        assert s.version == schema.SCHEMA_VERSION
        assert s.article("old")["text"] == "An article stored by the first version."
        s.save(article(), three_events()[:1])
        assert s.events()[0]["incident"]["mentions"] == 1


def test_failed_migration_leaves_the_old_version(db, monkeypatch):
    Store(db).close()
    monkeypatch.setattr(schema, "MIGRATIONS",
                        schema.MIGRATIONS + ("CREATE TABLE extra (a TEXT);\nCREATE TABLE articles (x);",))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(StoreError, match="migrate"):
        Store(db)
    assert rows(db, "PRAGMA user_version") == [(len(schema.MIGRATIONS) - 1,)]
    assert rows(db, "SELECT name FROM sqlite_master WHERE name = 'extra'") == []


def test_not_a_database_raises_store_error_naming_the_file(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 50)
    with pytest.raises(StoreError, match=r"notes\.db.*not a database"):
        Store(path)


def test_directory_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match=str(tmp_path.name)):
        Store(tmp_path)


def test_store_from_a_newer_dragoman_is_refused(db):
    Store(db).close()
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="version 99"):
        Store(db)


def test_closed_store_raises_store_error(db):
    with Store(db) as s:
        pass
    with pytest.raises(StoreError, match="closed"):
        s.counts()
    s.close()  # twice is harmless


# -- saving --------------------------------------------------------------------------------------------------------


def test_save_returns_count_and_round_trips_records(store, db):
    events = three_events()
    assert store.save(article(), events) == 3
    assert [{k: v for k, v in r.items() if k != "incident"} for r in store.events()] == [e.to_dict() for e in events]
    assert rows(db, "SELECT n_events FROM articles WHERE id = 'a1'") == [(3,)]
    assert rows(db, "SELECT count(*), count(DISTINCT event_id) FROM actors") == [(6, 3)]


def test_event_columns_and_actor_rows(store, db):
    store.save(article(), [event("a1", {"org": "nato"}, None, "112")])
    assert rows(db, "SELECT source_key, target_key, root, cameo, trigger_start, trigger_end FROM events") == [
        ("NATO", None, "11", "112", 10, 18)]
    assert rows(db, "SELECT role, org, span_start, span_end FROM actors") == [("source", "nato", 0, 6)]


def test_removals_are_stored_as_json(store, db):
    removals = [Removal("teaser", (30, 40), "Read more", "related-story teaser")]
    store.save(article(), [], removals)
    [(stored,)] = rows(db, "SELECT removals FROM articles")
    assert json.loads(stored) == [{"rule": "teaser", "span": [30, 40], "text": "Read more",
                                   "reason": "related-story teaser"}]


def test_saving_twice_is_idempotent(store, db, monkeypatch):
    ticks = iter(f"2024-06-01T00:00:{n:02d}+00:00" for n in range(60))
    monkeypatch.setattr(writes, "utc_now", lambda: next(ticks))
    removals = [Removal("share", (5, 9), "Share", "share line")]
    store.save(article(), three_events(), removals)
    before = ([rows(db, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("articles", "events", "actors")],
              store.counts(), store.events())
    assert store.save(article(), three_events(), removals) == 3
    after = ([rows(db, f"SELECT * FROM {t} ORDER BY 1, 2") for t in ("articles", "events", "actors")],
             store.counts(), store.events())
    assert after == before  # including coded_at: an identical save writes nothing


def test_changed_article_is_rewritten(store, db, monkeypatch):
    ticks = iter(["2024-06-01T00:00:00+00:00", "2024-06-02T00:00:00+00:00"])
    monkeypatch.setattr(writes, "utc_now", lambda: next(ticks))
    store.save(article(), three_events())
    store.save(article(source="other.org"), three_events())
    assert rows(db, "SELECT source, coded_at FROM articles") == [("other.org", "2024-06-02T00:00:00+00:00")]
    assert store.counts() == {"articles": 1, "events": 3, "failures": 0}


def test_resave_with_fewer_events_replaces_the_old_ones(store, db):
    store.save(article(), three_events())
    store.save(article("a2"), three_events("a2"))
    kept = three_events()[1]
    assert store.save(article(), [kept]) == 1
    a1 = [r for r in store.events() if r["article_id"] == "a1"]
    assert [{k: v for k, v in r.items() if k != "incident"} for r in a1] == [kept.to_dict()]
    assert store.counts() == {"articles": 2, "events": 4, "failures": 0}
    assert rows(db, "SELECT count(*) FROM actors") == [(8,)]  # the dropped events' actors went with them
    assert rows(db, "SELECT n_events FROM articles WHERE id = 'a1'") == [(1,)]


def test_duplicate_event_ids_are_stored_once(store):
    e = three_events()[0]
    assert store.save(article(), [e, e]) == 1
    assert store.counts()["events"] == 1


def test_event_of_another_article_is_refused(store):
    store.save(article(), three_events())
    with pytest.raises(StoreError, match="belongs to article zz"):
        store.save(article(), [event("zz", NATO, RUS)])
    assert store.counts() == {"articles": 1, "events": 3, "failures": 0}


def test_database_error_midway_rolls_back_and_keeps_earlier_data(store, db):
    store.save(article(), three_events())
    before = store.events()
    # Provoke a real SQLite failure after the article row and the first event row are written.
    conn = sqlite3.connect(db)
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON actors WHEN NEW.text = 'boom' "
                 "BEGIN SELECT RAISE(ABORT, 'boom refused'); END")
    conn.close()
    bad = event("a1", NATO, RUS, "190", "2024-05-20", 5, 100)
    bad = Event(**{**bad.__dict__, "target": actor("boom", country="RUS")})
    with pytest.raises(StoreError, match=r"events\.db.*boom refused"):
        store.save(article(source="changed.org"), [three_events()[0], bad])
    assert store.events() == before
    assert rows(db, "SELECT source, n_events FROM articles") == [("example.org", 3)]
    assert store.save(article("a2"), three_events("a2")) == 3  # the store is still usable


@dataclass(frozen=True)
class BrokenEvent(Event):
    def to_dict(self):
        raise RuntimeError("cannot serialise")


def test_failing_event_rolls_back_the_whole_batch(store):
    store.save(article(), three_events())
    before = (store.counts(), store.events())
    broken = BrokenEvent(**three_events("b2")[0].__dict__)
    with pytest.raises(RuntimeError, match="cannot serialise"):
        store.save_many([
            (article("b1"), three_events("b1"), ()),  # written first, must not survive
            (article(), three_events()[:1], ()),  # would replace a1's events, must not survive
            (article("b2"), [broken], ()),
        ])
    assert (store.counts(), store.events()) == before


def test_save_many_stores_a_batch(store):
    total = store.save_many([(article(f"a{i}"), three_events(f"a{i}"), ()) for i in range(3)] +
                            [(article("empty"), [])])
    assert total == 9
    assert store.counts() == {"articles": 4, "events": 9, "failures": 0}


def test_save_many_rejects_malformed_items(store):
    with pytest.raises(UsageError, match="save_many"):
        store.save_many([(article(),)])
    assert store.counts()["articles"] == 0


def test_record_failure_counts_each_input_once(store, db):
    store.record_failure(Failure("bad.html", "not HTML"))
    store.record_failure(Failure("bad.html", "still not HTML"))
    store.record_failure(Failure("empty.txt", "no text", stage="ingest"))
    assert store.counts()["failures"] == 2
    assert rows(db, "SELECT reason FROM failures WHERE input = 'bad.html'") == [("still not HTML",)]


# -- querying ------------------------------------------------------------------------------------------------------


@pytest.fixture
def filled(store):
    store.save(article("a1"), [
        event("a1", NATO, RUS, "161", "2024-05-13", 3, 10),
        event("a1", RUS, NATO, "172", "2024-05-20", 5, 40),
    ])
    store.save(article("a2"), [
        event("a2", USA, UKR, "061", "2024-05-13", 1, 10),
        event("a2", UKR, RUS, "190", "2024-06-01", 0, 40),
        event("a2", {"country": "FRA"}, None, "064", None, 2, 70),
    ])
    store.save(article("a0"), [event("a0", RUS, USA, "111", "2024-05-13", 9, 10)])
    return store


def codes(records: list[dict]) -> list[str]:
    return [r["cameo"] for r in records]


def test_events_are_ordered_by_date_article_sentence_with_undated_last(filled):
    assert codes(filled.events()) == ["111", "161", "061", "172", "190", "064"]


def test_filter_by_actor_matches_either_side_ignoring_case(filled):
    assert codes(filled.events(actor="nato")) == ["161", "172"]
    assert codes(filled.events(actor="RUS")) == ["111", "161", "172", "190"]
    assert filled.events(actor="CHN") == []


def test_filter_by_source_and_target(filled):
    assert codes(filled.events(source="RUS")) == ["111", "172"]
    assert codes(filled.events(target="rus")) == ["161", "190"]
    assert codes(filled.events(source="RUS", target="NATO")) == ["172"]


def test_filter_by_dates_is_inclusive_and_drops_undated(filled):
    assert codes(filled.events(since="2024-05-20")) == ["172", "190"]
    assert codes(filled.events(until="2024-05-13")) == ["111", "161", "061"]
    assert codes(filled.events(since="2024-05-14", until="2024-05-31")) == ["172"]


def test_filter_by_root_accepts_one_or_two_digits(filled):
    assert codes(filled.events(root="06")) == ["061", "064"]
    assert codes(filled.events(root="6")) == ["061", "064"]
    assert codes(filled.events(root=19)) == ["190"]


def test_filters_combine_and_limit_applies_after_ordering(filled):
    assert codes(filled.events(actor="RUS", since="2024-05-14")) == ["172", "190"]
    assert codes(filled.events(limit=2)) == ["111", "161"]
    assert filled.events(limit=0) == []


@pytest.mark.parametrize("kwargs, message", [
    ({"since": "13/05/2024"}, "since"),
    ({"since": "2024-13-01"}, "since"),
    ({"until": "2024-05"}, "until"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2024-06-01", "until": "2024-05-01"}, "after"),
    ({"root": "6a"}, "root"),
    ({"root": "21"}, "root"),
    ({"root": "00"}, "root"),
    ({"root": "161"}, "root"),
    ({"root": ""}, "root"),
    ({"limit": -1}, "limit"),
])
def test_bad_query_arguments_raise_usage_error(filled, kwargs, message):
    with pytest.raises(UsageError, match=message):
        filled.events(**kwargs)


# -- concurrency (WAL) ---------------------------------------------------------------------------------------------


def test_reader_sees_committed_data_while_a_write_transaction_is_open(db):
    with Store(db) as writer, Store(db, timeout=0.2) as reader:
        writer.save(article(), three_events())
        seen = []

        def batch():
            yield article("a2"), three_events("a2"), ()
            # The writer's transaction is open here, with a2 written but not committed.
            seen.append((reader.counts(), len(reader.events())))
            yield article("a3"), three_events("a3"), ()

        assert writer.save_many(batch()) == 6
        assert seen == [({"articles": 1, "events": 3, "failures": 0}, 3)]
        assert reader.counts()["events"] == 9


def test_open_reader_does_not_block_a_writer(db):
    with Store(db, timeout=0.2) as writer:
        writer.save(article(), three_events())
        reader = sqlite3.connect(db, isolation_level=None)
        try:
            reader.execute("BEGIN")
            assert reader.execute("SELECT count(*) FROM events").fetchone() == (3,)
            # In rollback-journal mode this commit would wait for the reader's lock and fail.
            assert writer.save(article("a2"), three_events("a2")) == 3
            assert reader.execute("SELECT count(*) FROM events").fetchone() == (3,)  # its snapshot holds
            reader.execute("COMMIT")
            assert reader.execute("SELECT count(*) FROM events").fetchone() == (6,)
        finally:
            reader.close()
        with Store(db, timeout=0.2) as other:  # opening while nothing is pending needs no write lock
            assert other.counts()["events"] == 6


def test_read_only_opening_never_creates_or_writes(tmp_path):
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="missing.db: no such store"):
        Store(missing, read_only=True)
    assert not missing.exists()
    db = tmp_path / "events.db"
    with Store(db) as s:
        s.save(article(), three_events())
    with Store(db, read_only=True) as s:
        assert s.count_events() == 3
        with pytest.raises(StoreError, match="readonly"):
            s.save(article(), three_events()[:1])
        assert s.count_events() == 3


def test_events_between_two_actors_either_way_newest_first(store):
    store.save(article(), three_events())
    both = store.events(dyad=("nato", "rus"))
    assert both and all({r["source"]["country"] or r["source"]["org"],
                         (r["target"] or {}).get("org") or (r["target"] or {}).get("country")} == {"RUS", "NATO"}
                        for r in both)
    assert store.count_events(dyad=("RUS", "NATO")) == len(both)
    newest = store.events(order="desc")
    assert [r["event_id"] for r in newest] == [r["event_id"] for r in store.events()][::-1]
    with pytest.raises(UsageError, match="order"):
        store.events(order="sideways")


# -- locations -----------------------------------------------------------------------------------------------------

@pytest.fixture
def placed(store):
    store.save(article("p1"), [
        located(event("p1", RUS, UKR, "190", "2024-05-13", 0, 10), KHARKIV),
        located(event("p1", RUS, UKR, "190", "2024-05-14", 1, 40), LVIV, "sentence"),
        located(event("p1", UKR, RUS, "190", "2024-05-15", 2, 70), BELGOROD),
        event("p1", NATO, RUS, "111", "2024-05-16", 3, 100),
    ])
    store.save(article("p2"), [located(event("p2", {"country": "FJI"}, None, "036", "2024-05-17"), SUVA)])
    return store


def places(records: list[dict]) -> list[str | None]:
    return [(r["location"] or {}).get("name") for r in records]


def test_locations_are_stored_as_columns_and_kept_in_the_record(placed, db):
    [row] = rows(db, "SELECT location_name, location_country, location_admin1, location_admin1_code, location_lat,"
                     " location_lon, location_geonames_id, location_feature, location_source FROM events"
                     " WHERE location_name = 'Lviv'")
    assert row == ("Lviv", "UKR", "Lviv Oblast", "UA.15", 49.84, 24.02, 702550, "city", "sentence")
    assert rows(db, "SELECT location_country, location_lat FROM events WHERE cameo = '111'") == [(None, None)]
    [lviv] = [r for r in placed.events() if places([r]) == ["Lviv"]]
    assert lviv["location"]["source"] == "sentence" and lviv["location"]["admin1_code"] == "UA.15"


def test_filter_by_the_country_of_the_location(placed):
    assert places(placed.events(country="UKR")) == ["Kharkiv", "Lviv"]
    assert places(placed.events(country="rus")) == ["Belgorod"]
    assert placed.count_events(country="UKR") == 2
    assert placed.events(country="FRA") == []
    # the location's country, not the actors': NATO -> RUS has no location
    assert placed.events(country="RUS", source="NATO") == []


def test_filter_by_bounding_box(placed):
    assert places(placed.events(bbox="22,44,41,53")) == ["Kharkiv", "Lviv", "Belgorod"]
    assert places(placed.events(bbox=(30, 44, 41, 53))) == ["Kharkiv", "Belgorod"]
    assert places(placed.events(bbox=" 22, 44 , 30,53")) == ["Lviv"]
    assert places(placed.events(bbox="22,44,41,53", country="UKR", since="2024-05-14")) == ["Lviv"]
    assert placed.count_events(bbox="22,44,41,53") == 3
    assert placed.events(bbox="-10,35,20,60") == []


def test_a_box_across_the_180th_meridian(placed):
    assert places(placed.events(bbox="170,-20,-170,0")) == ["Suva"]
    assert places(placed.events(bbox="-170,-20,170,0")) == []


def test_places_count_the_located_events_with_every_filter(placed, db):
    def names(**filters):
        return [(p["name"], p["events"]) for p in placed.places(**filters)]

    assert names() == [("Suva", 1), ("Belgorod", 1), ("Lviv", 1), ("Kharkiv", 1)]  # NATO's criticism has no place
    [lviv] = placed.places(country="UKR", since="2024-05-14")
    assert lviv == {"place": "geonames:702550", "name": "Lviv", "country": "UKR", "lat": 49.84, "lon": 24.02,
                    "geonames_id": 702550, "events": 1, "quad1": 0, "quad2": 0, "quad3": 0, "quad4": 1}
    assert names(bbox="22,44,41,53", country="RUS") == [("Belgorod", 1)]
    assert names(bbox="170,-20,-170,0") == [("Suva", 1)]
    assert names(place="geonames:702550", country="RUS") == []
    assert placed.count_events(place="geonames:706483", bbox="30,44,41,53") == 1
    # The columns are what a place is read from: move Lviv's event, and its point moves with it.
    conn = sqlite3.connect(db)
    conn.execute("UPDATE events SET location_geonames_id = NULL, location_lat = 50.45, location_lon = 30.52"
                 " WHERE location_name = 'Lviv'")
    conn.commit()
    conn.close()
    assert [p["place"] for p in placed.places(country="UKR")] == ["50.4500,30.5200", "geonames:706483"]
    assert places(placed.events(place="50.4500,30.5200")) == ["Lviv"]


def test_an_event_with_no_location_is_at_no_place(placed):
    # Its key is not that of a point at 0,0.
    assert placed.events(place="0.0000,0.0000") == [] and placed.count_events(place="0.0000,0.0000") == 0


@pytest.mark.parametrize("filters, index", [
    ({"country": "UKR"}, "events_location_country"),
    ({"bbox": "22,44,41,53"}, "events_location_point"),
    ({"bbox": "170,-20,-170,0"}, "events_location_point"),
])
def test_the_location_filters_use_their_indexes(placed, db, filters, index):
    where, params = event_filter(*[None] * 9, **filters)
    plan = rows(db, "EXPLAIN QUERY PLAN SELECT count(*) FROM events e" + where.replace("?", "{}").format(
        *(repr(p) for p in params)))
    assert index in " ".join(r[-1] for r in plan)


@pytest.mark.parametrize("kwargs, message", [
    ({"country": "UA"}, "ISO 3166 alpha-3"),
    ({"country": "Ukraine"}, "ISO 3166 alpha-3"),
    ({"country": "XYZ"}, "got 'XYZ'"),
    ({"country": ""}, "country"),
    ({"bbox": "22,44,41"}, "four numbers"),
    ({"bbox": "a,b,c,d"}, "four numbers"),
    ({"bbox": "22,44,41,53,1"}, "four numbers"),
    ({"bbox": "nan,44,41,53"}, "four numbers"),
    ({"bbox": "22,44,190,53"}, "longitudes"),
    ({"bbox": "22,-95,41,53"}, "latitudes"),
    ({"bbox": "22,53,41,44"}, "north of max_lat"),
    ({"bbox": 5}, "four numbers"),
])
def test_bad_location_filters_raise_usage_error(placed, kwargs, message):
    with pytest.raises(UsageError, match=message):
        placed.events(**kwargs)
    with pytest.raises(UsageError, match=message):
        placed.incidents(**kwargs)


def test_incidents_carry_their_country_and_filter_by_it(placed):
    found = placed.incidents(country="UKR")
    assert {i["country"] for i in found} == {"UKR"} and sum(i["mentions"] for i in found) == 2
    assert [i["country"] for i in placed.incidents(source="NATO")] == [None]
    in_box = placed.incidents(bbox="30,44,41,53")
    assert {i["country"] for i in in_box} == {"UKR", "RUS"}
    assert sum(i["mentions"] for i in in_box) == 3  # Kharkiv and Lviv are one incident: it has a report there
    assert placed.incidents(bbox="170,-20,-170,0")[0]["source"] == "FJI"


def test_a_store_of_the_previous_version_is_upgraded_with_its_events_and_locations(db):
    """A version-3 file written by the version-3 scripts, holding records that already carry a location."""
    conn = sqlite3.connect(db)
    for script in schema.MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    a = article("old")
    conn.execute("INSERT INTO articles (id, text, published) VALUES (?, ?, ?)", (a.id, a.text, a.published))
    old_events = [located(event("old", RUS, UKR, "190", "2024-05-13", 0, 10), KHARKIV),
                  event("old", NATO, RUS, "111", "2024-05-13", 1, 40)]
    for n, e in enumerate(old_events, 1):
        conn.execute("INSERT INTO incidents (id, source_key, target_key, root, date, added_at, n_mentions)"
                     " VALUES (?, ?, ?, ?, ?, ?, 1)", (n, e.source.key, e.target.key, e.root, e.date.date, "now"))
        conn.execute("INSERT INTO events (event_id, article_id, date, source_key, target_key, cameo, root, record,"
                     " incident_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (e.event_id, "old", e.date.date, e.source.key, e.target.key, e.cameo, e.root,
                      json.dumps(e.to_dict()), n))
    conn.commit()
    conn.close()
    with Store(db) as s:
        assert s.version == schema.SCHEMA_VERSION
        assert sorted(r["event_id"] for r in s.events()) == sorted(e.event_id for e in old_events)
        assert places(s.events(country="UKR")) == ["Kharkiv"]
        assert places(s.events(bbox="22,44,41,53")) == ["Kharkiv"]
        assert [p["place"] for p in s.places()] == ["geonames:706483"]
        assert [i["country"] for i in s.incidents(actor="RUS")] == ["UKR", None]
        s.save(article("new"), [located(event("new", RUS, UKR, "190", "2024-05-14", 0, 10), BELGOROD)])
        assert places(s.events(actor="RUS", root=19)) == ["Kharkiv", "Belgorod"]
