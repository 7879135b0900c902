"""The web API, served by a real uvicorn on 127.0.0.1 over a store built from the bundled samples."""

from __future__ import annotations

import contextlib
import json
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from conftest import SUVA, store_placed_news
from dragoman import Article, Failure, Store, StoreError
from dragoman.batch import ingest_paths, sample_dir
from dragoman.cli import main
from dragoman.web import create_app, listen

XSS = "<script>window.__dragomanXss = 1</script>"
XSS_ARTICLE = {
    "id": "markup", "published": "2024-05-02", "url": "javascript:window.__dragomanXss = 1",
    "title": f"Chile expels envoys {XSS}",
    "text": f"Chile expelled two Bolivian diplomats {XSS} on Monday, the foreign ministry said. "
            '<img src=x onerror="window.__dragomanXss = 1">',
}


@contextlib.contextmanager
def running(app):
    """Serve ``app`` with uvicorn in a thread on a free port of 127.0.0.1; yields its base URL."""
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def build_store(directory):
    """The bundled samples plus an article of ours whose title and text hold markup."""
    db = directory / "web.db"
    page = directory / "markup.jsonl"
    page.write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    report = ingest_paths([str(sample_dir()), str(page)], db)
    assert report.articles == len(list(sample_dir().glob("*.txt"))) + 1 and not report.failures
    return db


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="session")
def base_url(web_db, coder):
    with running(create_app(web_db, coder=coder)) as url:
        yield url


@pytest.fixture(scope="session")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=120) as c:
        yield c


@pytest.fixture(scope="session")
def everything(client):
    page = client.get("/api/events", params={"limit": 500}).json()
    assert page["total"] == len(page["events"])
    return page["events"]


def key(actor):
    return actor and (actor["org"] or actor["country"])


def assert_error(response, status, kind, *words):
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "message"}, body
    assert body["error"]["type"] == kind, body
    for word in words:
        assert word in body["error"]["message"], body


# -- the list --------------------------------------------------------------------------------------------------

def test_the_list_holds_every_stored_event(client, everything, web_db):
    with Store(web_db) as store:
        stored = store.counts()["events"]
    assert len(everything) == stored > 100
    assert client.get("/api/overview").json()["events"] == stored


def test_pages_are_slices_of_one_order(client, everything):
    ids = [e["event_id"] for e in everything]
    seen = []
    for offset in range(0, len(ids), 40):
        page = client.get("/api/events", params={"limit": 40, "offset": offset}).json()
        assert page["total"] == len(ids) and page["limit"] == 40 and page["offset"] == offset
        seen += [e["event_id"] for e in page["events"]]
    assert seen == ids
    dates = [e["date"] for e in everything if e["date"]]
    assert dates == sorted(dates)
    newest = client.get("/api/events", params={"limit": 500, "order": "desc"}).json()["events"]
    assert [e["date"] for e in newest if e["date"]] == sorted(dates, reverse=True)
    past_end = client.get("/api/events", params={"offset": len(ids) + 5}).json()
    assert past_end["events"] == [] and past_end["total"] == len(ids)


@pytest.mark.parametrize("params, holds", [
    ({"actor": "pol"}, lambda e: "POL" in (key(e["source"]), key(e["target"]))),
    ({"source": "UKR"}, lambda e: key(e["source"]) == "UKR"),
    ({"target": "POL"}, lambda e: key(e["target"]) == "POL"),
    ({"dyad": "POL,UKR"}, lambda e: {key(e["source"]), key(e["target"])} == {"POL", "UKR"}),
    ({"root": "6"}, lambda e: e["root"] == "06"),
    ({"root": "11"}, lambda e: e["root"] == "11"),
    ({"plover": "SANCTION"}, lambda e: e["plover"]["event_type"] == "SANCTION"),
    ({"since": "2024-10-14", "until": "2024-10-15"}, lambda e: e["date"] in ("2024-10-14", "2024-10-15")),
    ({"q": "EXPELLED"}, lambda e: "expelled" in e["sentence"].lower()),
    ({"min_confidence": "0.7"}, lambda e: e["confidence"] >= 0.7),
    ({"actor": "POL", "root": "11", "since": "2024-10-01"},
     lambda e: "POL" in (key(e["source"]), key(e["target"])) and e["root"] == "11" and e["date"] >= "2024-10-01"),
])
def test_each_filter_keeps_exactly_the_matching_events(client, everything, params, holds):
    page = client.get("/api/events", params={**params, "limit": 500}).json()
    expected = [e["event_id"] for e in everything if holds(e)]
    assert expected, f"the samples hold no event for {params}"
    assert [e["event_id"] for e in page["events"]] == expected
    assert page["total"] == len(expected)


def test_a_dyad_gives_both_directions(client):
    events = client.get("/api/events", params={"dyad": "UKR,POL", "limit": 500}).json()["events"]
    directions = {(key(e["source"]), key(e["target"])) for e in events}
    assert directions == {("POL", "UKR"), ("UKR", "POL")}


def test_text_search_takes_wildcards_literally(client):
    assert client.get("/api/events", params={"q": "led"}).json()["total"] > 0
    for q in ("%", "l_d", "l%d"):
        assert client.get("/api/events", params={"q": q}).json()["total"] == 0, q


def test_sentence_spans_locate_the_sentence_in_its_article(client, everything):
    for e in everything[:25]:
        detail = client.get(f"/api/events/{e['event_id']}").json()
        start, end = e["sentence_span"]
        text = detail["article"]["text"]
        assert text[start:end] == e["sentence"]
        assert start <= e["trigger"]["span"][0] and e["trigger"]["span"][1] <= end


# -- one event -------------------------------------------------------------------------------------------------

def test_one_event_comes_with_its_article_spans_and_rule(client):
    page = client.get("/api/events", params={"source": "POL", "target": "BLR", "root": "16"}).json()
    assert page["total"] >= 1
    e = client.get(f"/api/events/{page['events'][0]['event_id']}").json()
    article = e["article"]
    assert article["title"] == "Poland expels three Belarusian diplomats over espionage claims"
    assert article["published"] == "2024-06-12"
    assert {"url", "text"} <= set(article)
    text = article["text"]
    assert text[slice(*e["trigger"]["span"])] == e["trigger"]["text"] == "expelled three Belarusian diplomats"
    assert text[slice(*e["source"]["span"])] == "Poland"
    assert text[slice(*e["target"]["span"])] == "three Belarusian diplomats"
    assert e["rule"].startswith("expel-diplomats") and e["cameo"] == "161"
    assert e["date"] == "2024-06-11" and e["date_source"] == "on Tuesday"


def test_markup_in_articles_is_served_as_data(client):
    page = client.get("/api/events", params={"q": "<script>"}).json()
    assert page["total"] >= 1  # the body's act, and the headline's where it codes one
    e = client.get(f"/api/events/{page['events'][0]['event_id']}").json()
    assert XSS in e["sentence"] and XSS in e["article"]["title"]
    assert 'onerror="window.__dragomanXss = 1"' in e["article"]["text"]
    assert e["article"]["url"] == XSS_ARTICLE["url"]


def test_an_unknown_event_is_a_404_body(client):
    assert_error(client.get("/api/events/0123456789abcdef"), 404, "not_found", "0123456789abcdef")
    assert_error(client.get("/api/events/not%20an%20id"), 422, "validation_error", "event_id")


# -- incidents, links, chains ----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def answer(client):
    """Japan's protest after North Korea's missile launch: an event the text links to an earlier one."""
    events = client.get("/api/events", params={"source": "JPN", "target": "PRK"}).json()["events"]
    linked = [e for e in events if e.get("links")]
    assert linked, events
    return client.get(f"/api/events/{linked[0]['event_id']}").json()


def test_an_event_names_what_it_responds_to_and_is_answered_by(client, answer):
    [link] = answer["links"]
    assert link["relation"] == "responds_to" and link["cue"]
    earlier = client.get(f"/api/events/{link['event_id']}").json()
    # a missile fired at no one named is a show of force (15), not an attack
    assert (key(earlier["source"]), earlier["target"], earlier["root"]) == ("PRK", None, "15")
    assert {"relation": "responds_to", "event_id": answer["event_id"], "cue": link["cue"]} in earlier["responded_by"]


def test_an_event_belongs_to_an_incident_that_lists_its_reports(client, answer):
    incident = answer["incident"]
    assert incident["id"] >= 1 and incident["mentions"] >= 1
    found = client.get(f"/api/incidents/{incident['id']}").json()
    assert (found["source"], found["target"], found["root"]) == ("JPN", "PRK", answer["root"])
    assert answer["event_id"] in [m["event_id"] for m in found["mentions"]]
    assert len(found["mentions"]) == incident["mentions"]
    for m in found["mentions"]:
        assert m["incident"]["id"] == incident["id"] and m["sentence_span"] is not None


def test_listed_events_carry_their_incident(client, everything):
    assert all(e["incident"] and e["incident"]["id"] >= 1 for e in everything)
    busy = max(everything, key=lambda e: e["incident"]["mentions"])
    found = client.get(f"/api/incidents/{busy['incident']['id']}").json()
    assert busy["event_id"] in [m["event_id"] for m in found["mentions"]]
    assert len(found["mentions"]) == busy["incident"]["mentions"] >= 2


def test_incidents_come_most_reported_first_and_page(client):
    page = client.get("/api/incidents", params={"limit": 500}).json()
    counts = [i["mentions"] for i in page["incidents"]]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    second = client.get("/api/incidents", params={"limit": 5, "offset": 5}).json()["incidents"]
    assert second == page["incidents"][5:10]
    for i in client.get("/api/incidents", params={"actor": "POL", "limit": 500}).json()["incidents"]:
        assert "POL" in (i["source"], i["target"])
    assert_error(client.get("/api/incidents/999999"), 404, "not_found", "999999")
    assert_error(client.get("/api/incidents/0"), 422, "validation_error", "incident_id")


def test_chains_follow_the_stated_responses(client, answer):
    chains = client.get("/api/chains").json()
    steps = [[(s["source"], s["target"], s["cameo"][:2]) for s in c["steps"]] for c in chains]
    assert [("PRK", None, "15"), ("JPN", "PRK", "11")] in steps
    for c in client.get("/api/chains", params={"actor": "PRK"}).json():
        assert "PRK" in c["actors"]
    through = client.get("/api/chains", params={"event": answer["event_id"]}).json()
    assert through and all(answer["event_id"] in [s["event_id"] for s in c["steps"]] for c in through)
    assert client.get("/api/chains", params={"event": "0123456789abcdef"}).json() == []


# -- dyads and top actors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("by", ["day", "week", "month"])
def test_a_dyad_series_adds_up_to_the_dyads_events(client, by):
    series = client.get("/api/dyads/series", params={"a": "pol", "b": "UKR", "by": by}).json()
    assert (series["a"], series["b"], series["by"]) == ("POL", "UKR", by)
    events = [e for e in client.get("/api/events", params={"dyad": "POL,UKR", "limit": 500}).json()["events"]
              if e["date"]]
    points = series["points"]
    assert {(p["source"], p["target"]) for p in points} == {("POL", "UKR"), ("UKR", "POL")}
    assert sum(p["events"] for p in points) == len(events)
    assert all(p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"] for p in points)
    assert sum(p["goldstein"] for p in points) == pytest.approx(sum(e["goldstein"] for e in events))
    for p in points:
        day = date.fromisoformat(p["period"])
        assert {"day": True, "week": day.weekday() == 0, "month": day.day == 1}[by]


def test_dyad_series_parameters_are_checked(client):
    assert_error(client.get("/api/dyads/series", params={"a": "POL"}), 422, "validation_error", "b")
    assert_error(client.get("/api/dyads/series", params={"a": "POL", "b": "UKR", "by": "year"}), 422,
                 "validation_error", "by")
    assert_error(client.get("/api/dyads/series", params={"a": "POL", "b": "UKR", "since": "2025-01-01",
                                                         "until": "2024-01-01"}), 400, "bad_request", "since")
    assert_error(client.get("/api/dyads/series", params={"a": "arm", "b": "ARM"}), 400, "bad_request", "ARM twice")


def test_top_actors_and_dyads_match_the_event_counts(client):
    actors = client.get("/api/top/actors", params={"n": 5}).json()
    assert len(actors) == 5
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    top = actors[0]
    count = lambda **p: client.get("/api/events", params={**p, "limit": 1}).json()["total"]  # noqa: E731
    assert top["as_source"] == count(source=top["actor"]) and top["as_target"] == count(target=top["actor"])
    dyads = client.get("/api/top/dyads", params={"n": 3}).json()
    assert len(dyads) == 3
    d = dyads[0]
    assert d["events"] == count(source=d["source"], target=d["target"]) == d["cooperation"] + d["conflict"]
    assert_error(client.get("/api/top/dyads", params={"n": 0}), 422, "validation_error", "n")


# -- the map ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def located(located_db):
    """A client of a store whose events carry locations (conftest.LOCATED)."""
    with running(create_app(located_db)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_the_map_gives_a_point_per_place_with_its_events(located):
    body = located.get("/api/map").json()
    assert (body["total"], body["located"]) == (8, 7)
    assert [(p["name"], p["country"], p["events"], p["quad_class"]) for p in body["points"]] == [
        ("Kharkiv", "UKR", 4, 4), ("Warsaw", "POL", 2, 1), ("Khartoum", "SDN", 1, 2)]
    for p in body["points"]:
        assert p["events"] == p["quad1"] + p["quad2"] + p["quad3"] + p["quad4"]
        there = located.get("/api/events", params={"place": p["place"]}).json()
        assert there["total"] == p["events"]
        assert {(e["location"]["lat"], e["location"]["lon"]) for e in there["events"]} == {(p["lat"], p["lon"])}


@pytest.mark.parametrize("params, names", [
    ({"since": "2024-06-01"}, ["Khartoum"]),
    ({"actor": "pol"}, ["Warsaw"]),
    ({"dyad": "RUS,UKR"}, ["Kharkiv"]),
    ({"plover": "AID"}, ["Khartoum"]),
    ({"q": "grain"}, ["Warsaw"]),
    ({"root": "16"}, []),
    ({"country": "ukr"}, ["Kharkiv"]),
    ({"bbox": "14,45,40,55"}, ["Kharkiv", "Warsaw"]),
    ({"bbox": "14,45,40,55", "country": "POL"}, ["Warsaw"]),
])
def test_the_map_takes_the_filters_of_the_event_table(located, params, names):
    body = located.get("/api/map", params=params).json()
    assert [p["name"] for p in body["points"]] == names
    events = located.get("/api/events", params={**params, "limit": 500}).json()
    assert body["total"] == events["total"]
    assert body["located"] == sum(e["location"] is not None for e in events["events"])


def test_the_map_of_the_samples_holds_the_events_the_places_stage_located(client, everything):
    body = client.get("/api/map").json()
    assert body["total"] == len(everything)
    assert body["located"] == sum(p["events"] for p in body["points"])
    assert body["located"] == sum(e["location"] is not None and e["location"]["lat"] is not None
                                  for e in everything) > 0
    for p in body["points"]:
        there = client.get("/api/events", params={"place": p["place"], "limit": 500}).json()["events"]
        assert len(there) == p["events"]
        assert {(e["location"]["country"], e["location"]["lat"], e["location"]["lon"]) for e in there} == {
            (p["country"], p["lat"], p["lon"])}


def test_bad_map_parameters_are_4xx_with_a_clear_message(located):
    assert_error(located.get("/api/map", params={"place": "Kharkiv"}), 422, "validation_error", "place")
    assert_error(located.get("/api/events", params={"place": "49.98,36.25"}), 422, "validation_error", "place")
    assert_error(located.get("/api/map", params={"since": "2024-06-01", "until": "2024-05-01"}), 400,
                 "bad_request", "since")
    assert_error(located.get("/api/map", params={"root": "33"}), 422, "validation_error", "root")
    assert_error(located.get("/api/map", params={"country": "UA"}), 422, "validation_error", "country", "alpha-3")
    assert_error(located.get("/api/map", params={"bbox": "22,44,41"}), 422, "validation_error", "bbox",
                 "four numbers")


def test_the_spec_gives_the_map_the_filters_of_the_event_table(client):
    paths = client.get("/openapi.json").json()["paths"]
    names = lambda path: {p["name"] for p in paths[path]["get"]["parameters"]}  # noqa: E731
    assert names("/api/map") == names("/api/events") - {"limit", "offset", "order"}
    assert "place" in names("/api/map")
    assert paths["/api/map"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/MapOut"}


def test_the_outlines_are_served_from_our_own_files(client):
    r = client.get("/static/world.json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    world = r.json()
    assert len(world["countries"]) == 176 and world["unit"] == 0.01
    assert "Natural Earth" in world["source"]


# -- coding a text ---------------------------------------------------------------------------------------------

def test_code_returns_events_and_stores_nothing(client, web_db):
    with Store(web_db) as store:
        before = store.counts()
    r = client.post("/api/code", json={"text": "Chile expelled two Bolivian diplomats on Monday.",
                                       "title": "Expulsions", "published": "2024-02-10"})
    assert r.status_code == 200, r.text
    body = r.json()
    [e] = body["events"]
    assert (key(e["source"]), key(e["target"]), e["cameo"]) == ("CHL", "BOL", "161")
    assert e["date"] == "2024-02-05"
    # a one-word title is a section name, not a headline: the text is coded as sent
    start = 0
    assert body["text"] == "Chile expelled two Bolivian diplomats on Monday."
    assert e["sentence_span"] == [start, start + len("Chile expelled two Bolivian diplomats on Monday.")]
    assert e["article_id"] == body["article_id"]
    with Store(web_db) as store:
        assert store.counts() == before
    assert client.get(f"/api/events/{e['event_id']}").status_code == 404


def test_code_without_a_date_invents_none(client):
    r = client.post("/api/code", json={"text": "Chile expelled two Bolivian diplomats."})
    assert r.status_code == 200
    assert [e["date"] for e in r.json()["events"]] == [None]


def test_code_reports_what_cleaning_removed(client):
    text = "Chile expelled two Bolivian diplomats on Monday.\n\nRead more: Markets rally in Santiago\n"
    body = client.post("/api/code", json={"text": text, "published": "2024-02-10"}).json()
    assert any("Read more" in r["text"] for r in body["removals"])


@pytest.mark.parametrize("body, words", [
    ({}, ["text", "Field required"]),
    ({"text": ""}, ["text"]),
    ({"text": "x", "published": "last Tuesday"}, ["published"]),
    ({"text": "x", "published": "2024-02-30"}, ["published"]),
    ({"text": "x", "extra": 1}, ["extra"]),
    ({"text": 5}, ["text"]),
    ([1, 2], ["request body"]),
])
def test_bad_code_bodies_are_422_with_the_field_named(client, body, words):
    assert_error(client.post("/api/code", json=body), 422, "validation_error", *words)


def test_a_body_that_is_not_json_is_named_so(client):
    r = client.post("/api/code", content=b'{"text": "unfinished', headers={"Content-Type": "application/json"})
    assert_error(r, 422, "validation_error", "not valid JSON")


# -- errors ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("params, status, kind, words", [
    ({"limit": 0}, 422, "validation_error", ["limit"]),
    ({"limit": 501}, 422, "validation_error", ["limit"]),
    ({"limit": "many"}, 422, "validation_error", ["limit"]),
    ({"offset": -1}, 422, "validation_error", ["offset"]),
    ({"offset": 10**30}, 422, "validation_error", ["offset"]),
    ({"root": "33"}, 422, "validation_error", ["root"]),
    ({"root": "00"}, 422, "validation_error", ["root"]),
    ({"plover": "sanction"}, 422, "validation_error", ["plover"]),
    ({"actor": "R%S"}, 422, "validation_error", ["actor"]),
    ({"dyad": "POL"}, 422, "validation_error", ["dyad"]),
    ({"since": "2024-13-01"}, 422, "validation_error", ["since"]),
    ({"since": "2024-06-01", "until": "2024-05-01"}, 400, "bad_request", ["since", "after", "until"]),
    ({"order": "sideways"}, 422, "validation_error", ["order"]),
    ({"q": "x" * 201}, 422, "validation_error", ["q"]),
])
def test_bad_parameters_are_4xx_with_a_clear_message(client, params, status, kind, words):
    assert_error(client.get("/api/events", params=params), status, kind, *words)


def test_unknown_paths_and_methods_get_the_same_body(client):
    assert_error(client.get("/api/nothing-here"), 404, "not_found", "/api/nothing-here")
    assert_error(client.get("/favicon.ico"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")
    assert_error(client.get("/api/code"), 405, "method_not_allowed")


def test_a_store_that_goes_away_is_a_503_body(tmp_path):
    db = tmp_path / "gone.db"
    Store(db).close()
    with running(create_app(db)) as url:
        assert httpx.get(url + "/api/overview").json()["events"] == 0
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / ("gone.db" + suffix)).unlink(missing_ok=True)
        r = httpx.get(url + "/api/events")
        assert_error(r, 503, "store_error", "gone.db")
        # Coding does not need the store.
        coded = httpx.post(url + "/api/code", json={"text": "Chile expelled two Bolivian diplomats."}, timeout=300)
        assert coded.status_code == 200


# -- where -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def located_url(tmp_path_factory, pipeline):
    """A store of events we placed ourselves, served."""
    db = store_placed_news(pipeline, tmp_path_factory.mktemp("where") / "where.db")
    with running(create_app(db)) as url:
        yield url


def located_in(url, path, **params):
    r = httpx.get(url + path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


@pytest.mark.parametrize("params, names", [
    ({"country": "UKR"}, {"Kharkiv"}),
    ({"country": "rus"}, {"Belgorod"}),
    ({"bbox": "22,44,41,53"}, {"Kharkiv", "Belgorod"}),
    ({"bbox": "22,44,41,53", "country": "RUS"}, {"Belgorod"}),
    ({"bbox": "170,-20,-170,0"}, {"Suva"}),
    ({"bbox": "-80,-60,-60,0"}, set()),
])
def test_events_filter_by_the_country_and_box_of_their_location(located_url, params, names):
    page = located_in(located_url, "/api/events", **params)
    assert {e["location"]["name"] for e in page["events"]} == names
    assert page["total"] == len(page["events"])
    points = located_in(located_url, "/api/map", **params)["points"]
    assert {p["name"] for p in points} == names and sum(p["events"] for p in points) == page["total"]
    incidents = located_in(located_url, "/api/incidents", **params)["incidents"]
    assert sum(i["mentions"] for i in incidents) == page["total"]
    if "country" in params:
        assert {i["country"] for i in incidents} <= {params["country"].upper()}


def test_listed_events_carry_their_location(located_url):
    events = located_in(located_url, "/api/events", limit=500)["events"]
    [suva] = [e for e in events if (e["location"] or {}).get("name") == "Suva"]
    assert suva["location"] == {**SUVA.to_dict(), "source": "clause", "admin1_code": "FJ.01"}
    assert any(e["location"] is None for e in events)


@pytest.mark.parametrize("path", ["/api/events", "/api/incidents"])
@pytest.mark.parametrize("params, words", [
    ({"country": "UA"}, ["country", "alpha-3", "'UA'"]),
    ({"country": "XYZ"}, ["country", "'XYZ'"]),
    ({"bbox": "22,44,41"}, ["bbox", "four numbers"]),
    ({"bbox": "22,44,41,north"}, ["bbox", "four numbers"]),
    ({"bbox": "22,95,41,96"}, ["bbox", "latitudes"]),
    ({"bbox": "22,53,41,44"}, ["bbox", "north of max_lat"]),
])
def test_bad_location_filters_are_422_with_a_clear_message(located_url, path, params, words):
    assert_error(httpx.get(located_url + path, params=params), 422, "validation_error", *words)


def test_the_spec_documents_the_location_filters(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/map", "/api/incidents"):
        described = {p["name"]: p.get("description", "") for p in spec["paths"][path]["get"]["parameters"]}
        assert "alpha-3" in described["country"] and "min_lon,min_lat,max_lon,max_lat" in described["bbox"]
    assert "location" in spec["components"]["schemas"]["EventOut"]["properties"]


# -- the store is only read ------------------------------------------------------------------------------------

def test_requests_open_the_store_read_only(web_db):
    with Store(web_db, read_only=True) as store:
        assert store.counts()["events"] > 0
        with pytest.raises(StoreError, match="readonly"):
            store.record_failure(Failure("x", "y"))


def test_a_writer_in_the_middle_of_an_ingest_does_not_block_reads(client, web_db):
    total = client.get("/api/events", params={"limit": 1}).json()["total"]
    writer = sqlite3.connect(web_db, isolation_level=None, timeout=1)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO failures (input, reason, stage, seen_at) VALUES ('w', 'r', 'ingest', 'now')")
        started = time.monotonic()
        r = client.get("/api/events", params={"limit": 1})
        assert r.status_code == 200 and r.json()["total"] == total
        assert time.monotonic() - started < 1
        assert client.get("/api/overview").json()["failures"] == 0  # the uncommitted row is not seen
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_what_an_ingest_stores_meanwhile_is_served_at_once(tmp_path, pipeline):
    db = tmp_path / "live.db"
    texts = ["Chile expelled two Bolivian diplomats on Monday.", "Peru recalled its ambassador from Ecuador."]
    with Store(db) as writer, running(create_app(db)) as url:
        assert httpx.get(url + "/api/events").json()["total"] == 0
        for n, text in enumerate(texts, 1):
            coded = pipeline.code_article(Article(id=f"live-{n}", text=text, published="2024-02-10"))
            writer.save(coded.article, coded.events)
            page = httpx.get(url + "/api/events").json()
            assert {e["article_id"] for e in page["events"]} == {f"live-{i}" for i in range(1, n + 1)}


# -- the spec --------------------------------------------------------------------------------------------------

def test_the_spec_validates_and_documents_the_error_body(client):
    raw = client.get("/openapi.json").json()
    schemathesis.openapi.from_dict(raw).validate()
    assert {"/api/events", "/api/events/{event_id}", "/api/code", "/api/overview"} <= set(raw["paths"])
    assert "ErrorBody" in raw["components"]["schemas"]
    assert "HTTPValidationError" not in raw["components"]["schemas"]
    for path, operations in raw["paths"].items():
        for method, op in operations.items():
            assert op["responses"]["422"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ErrorBody"}, (method, path)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_generated_requests_never_get_a_server_error(base_url, mode):
    """Requests generated from our own spec, valid and invalid: no 500, and every answer is one the spec lists,
    in the shape it gives."""
    schema = schemathesis.openapi.from_url(base_url + "/openapi.json")
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:
        if mode == GenerationMode.NEGATIVE and not any(map(len, (operation.path_parameters, operation.query,
                                                                 operation.body))):
            continue  # nothing to get wrong
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=20, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def check(case):
            case.call_and_validate(base_url=base_url, checks=checks)

        check()


# -- the command -----------------------------------------------------------------------------------------------

def test_serve_on_a_missing_store_is_one_line(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "nope.db")]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("dragoman: error: ") and "nope.db" in err and "no such store" in err
    assert not (tmp_path / "nope.db").exists()


def test_serve_on_a_file_that_is_no_store_is_one_line(tmp_path, capsys):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert main(["serve", "--db", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("dragoman: error: cannot open store") and "junk.db" in err


def test_serve_on_a_busy_port_is_one_line(tmp_path, capsys, web_db):
    with listen("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        assert main(["serve", "--db", str(web_db), "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"cannot listen on 127.0.0.1:{port}" in err


@pytest.mark.slow
def test_dragoman_serve_runs_on_localhost(web_db):
    proc = subprocess.Popen([sys.executable, "-m", "dragoman", "serve", "--db", str(web_db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        found = re.search(r"on (http://127\.0\.0\.1:(\d+)/)", line)
        assert found, (line, proc.stderr.read() if proc.poll() is not None else "")
        url = found.group(1)
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200 and "<title>dragoman</title>" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert httpx.get(url + "api/events", params={"limit": 1}, timeout=10).json()["total"] > 100
        coded = httpx.post(url + "api/code", json={"text": "Chile expelled two Bolivian diplomats."}, timeout=60)
        assert coded.json()["events"][0]["cameo"] == "161"
        proc.send_signal(signal.SIGINT)
        assert proc.wait(20) == 0
        assert proc.stderr.read() == ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(20)


@pytest.mark.slow
def test_demo_says_how_to_browse_its_store(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"dragoman serve --db {db}" in out


def test_the_spec_viewer_is_served_from_our_own_files(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "<script>" not in page.text
    assert "/openapi.json" in client.get("/static/docs.js").text
    assets = re.findall(r"""["'](/static/vendor/[^"']+)["']""", page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in page.text.lower()
