"""Incidents across articles: one event however many outlets report it, near-duplicates and republications."""

import json
from pathlib import Path

import pytest

from conftest import LA_PAZ, SANTIAGO, located
from dragoman.batch import ingest_paths
from dragoman.incidents import minhash, outlet, similarity
from dragoman.model import Article
from dragoman.store import Store

CASES = Path(__file__).parent / "cases"
STORY = [
    ("wire.example", "Chile expelled two Bolivian diplomats on Monday, accusing them of spying on the navy."),
    ("daily.example", "Santiago ordered two Bolivian envoys out of the country on Monday over espionage claims. "
                      "Chile expelled the two Bolivian diplomats after a long inquiry."),
    ("radio.example", "Two Bolivian diplomats were expelled by Chile on Monday, the foreign ministry said."),
]


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def story(tmp_path, name="story.jsonl", published="2024-03-06", sources=STORY, suffix=""):
    return write_jsonl(tmp_path / name, [
        {"url": f"https://{site}/chile-bolivia{suffix}", "source": site, "published": published, "text": text}
        for site, text in sources])


@pytest.fixture
def db(tmp_path):
    return tmp_path / "events.db"


def expulsions(store):
    return [i for i in store.incidents() if (i["source"], i["target"], i["root"]) == ("CHL", "BOL", "16")]


def test_one_story_from_three_sources_is_one_incident_with_three_sources(tmp_path, db, pipeline):
    ingest_paths([str(story(tmp_path))], db, pipeline=pipeline)
    with Store(db) as store:
        [incident] = expulsions(store)
        assert (incident["mentions"], incident["articles"], incident["sources"]) == (3, 3, 3)
        assert incident["first_seen"] == "2024-03-06"
        full = store.incident(incident["id"])
        assert {m["article_id"] for m in full["mentions"]} == {a["id"] for a in store.articles()}


def test_counts_are_updated_as_new_reports_arrive(tmp_path, db, pipeline):
    ingest_paths([str(story(tmp_path, sources=STORY[:1]))], db, pipeline=pipeline)
    with Store(db) as store:
        [first] = expulsions(store)
        assert (first["mentions"], first["sources"]) == (1, 1)
    later = story(tmp_path, "later.jsonl", published="2024-03-07", sources=STORY[1:])
    ingest_paths([str(later)], db, pipeline=pipeline)
    with Store(db) as store:
        [same] = expulsions(store)
        assert same["id"] == first["id"]
        assert (same["articles"], same["sources"]) == (3, 3)
        assert same["first_seen"] == "2024-03-06"


def test_the_same_dyad_weeks_apart_is_another_incident(tmp_path, db, pipeline):
    ingest_paths([str(story(tmp_path, sources=STORY[:1]))], db, pipeline=pipeline)
    ingest_paths([str(story(tmp_path, "next.jsonl", published="2024-04-20", sources=STORY[2:]))], db, pipeline=pipeline)
    with Store(db) as store:
        assert len(expulsions(store)) == 2


def test_storing_an_article_again_changes_no_counts(tmp_path, db, pipeline):
    path = story(tmp_path)
    ingest_paths([str(path)], db, pipeline=pipeline)
    with Store(db) as store:
        before = store.incidents()
    ingest_paths([str(path)], db, pipeline=pipeline)
    with Store(db) as store:
        assert store.incidents() == before


def test_a_republished_copy_adds_mentions_and_is_flagged(tmp_path, db, pipeline):
    ingest_paths([str(story(tmp_path, sources=STORY[:1]))], db, pipeline=pipeline)
    copy = story(tmp_path, "copy.jsonl", published="2025-01-15", sources=[("copycat.example", STORY[0][1])])
    ingest_paths([str(copy)], db, pipeline=pipeline)
    with Store(db) as store:
        [incident] = expulsions(store)  # the copy's "Monday" is in 2025, yet it joins the first report
        assert (incident["mentions"], incident["articles"]) == (2, 2)
        assert incident["date"] == "2024-03-04"  # a copy adds mentions but doesn't move the incident
        [flagged] = store.articles(republication=True)
        assert "copycat" in flagged["url"] and flagged["duplicate_of"]
        assert "near-duplicate" in flagged["republication"]


def test_a_same_day_copy_is_a_duplicate_but_not_a_republication(tmp_path, db, pipeline):
    ingest_paths([str(story(tmp_path, sources=STORY[:1]))], db, pipeline=pipeline)
    ingest_paths([str(story(tmp_path, "syndicated.jsonl", sources=[("partner.example", STORY[0][1])]))], db, pipeline=pipeline)
    with Store(db) as store:
        assert store.articles(republication=True) == []
        assert sum(a["duplicate_of"] is not None for a in store.articles()) == 1


def test_nato_mission_is_flagged_as_a_likely_republication(db, shared, pipeline):
    # Our own report of the 2021 events comes first; the page dated 2024 retells them.
    ingest_paths([str(CASES / "nato-russia-2021.txt")], db, pipeline=pipeline)
    report = ingest_paths([str(shared / "samples" / "nato-mission.txt")], db, pipeline=pipeline)
    assert "1 flagged as likely republication" in str(report)
    with Store(db) as store:
        assert report.republications == [a["id"] for a in store.articles(republication=True)]
        [flagged] = store.articles(republication=True)
        assert flagged["published"] == "2024-05-23"
        assert "first reported by 2021-10-19" in flagged["republication"]
        suspension = [i for i in store.incidents() if (i["source"], i["target"], i["root"]) == ("RUS", "NATO", "16")]
        assert len(suspension) == 1 and suspension[0]["articles"] == 2


def test_an_ongoing_dyad_is_not_a_republication(tmp_path, db, pipeline):
    for n, day in enumerate(["2024-01-10", "2024-02-20", "2024-04-02"]):
        ingest_paths([str(story(tmp_path, f"s{n}.jsonl", published=day, sources=STORY[n:n + 1], suffix=str(n)))],
                     db, pipeline=pipeline)
    with Store(db) as store:
        assert store.articles(republication=True) == []


def save_located(store, pipeline, n, site, text, *places):
    """Code a report and store it with its events placed at ``places`` in turn (None: no location)."""
    article = Article(id=f"r{n}", text=text, url=f"https://{site}/chile-bolivia", source=site,
                      published="2024-03-06")
    events = [e for e in pipeline.code_article(article).events if (e.source.key, e.root) == ("CHL", "16")]
    assert len(events) == len(places)
    store.save(article, [located(e, p) for e, p in zip(events, places)])


def test_reports_located_in_different_countries_are_different_incidents(db, pipeline):
    with Store(db) as store:
        save_located(store, pipeline, 1, *STORY[0], SANTIAGO)
        save_located(store, pipeline, 2, *STORY[1], None)  # no location: joins as before
        save_located(store, pipeline, 3, *STORY[2], LA_PAZ)
        assert sorted((i["country"], i["articles"]) for i in expulsions(store)) == [("BOL", 1), ("CHL", 2)]


def test_an_unlocated_incident_takes_the_country_of_the_first_located_report(db, pipeline):
    with Store(db) as store:
        save_located(store, pipeline, 1, *STORY[0], None)
        assert [i["country"] for i in expulsions(store)] == [None]
        save_located(store, pipeline, 2, *STORY[1], LA_PAZ)
        save_located(store, pipeline, 3, *STORY[2], SANTIAGO)
        assert sorted((i["country"], i["articles"]) for i in expulsions(store)) == [("BOL", 2), ("CHL", 1)]


def test_two_acts_of_one_article_in_two_countries_are_two_incidents(db, pipeline):
    text = ("Chile expelled two Bolivian diplomats in Santiago on Monday. "
            "Chile also expelled two Bolivian consuls in La Paz on Monday.")
    with Store(db) as store:
        save_located(store, pipeline, 1, "wire.example", text, SANTIAGO, LA_PAZ)
        assert sorted(i["country"] for i in expulsions(store)) == ["BOL", "CHL"]


def test_a_copy_located_elsewhere_does_not_join_the_original(db, pipeline):
    with Store(db) as store:
        save_located(store, pipeline, 1, *STORY[0], SANTIAGO)
        save_located(store, pipeline, 2, "copycat.example", STORY[0][1], LA_PAZ)
        assert any(a["duplicate_of"] for a in store.articles())
        assert sorted(i["country"] for i in expulsions(store)) == ["BOL", "CHL"]


def test_minhash_estimates_overlap():
    text = " ".join(f"word{i}" for i in range(300))
    edited = text.replace("word150", "changed")
    assert similarity(minhash(text), minhash(text)) == 1.0
    assert similarity(minhash(text), minhash(edited)) > 0.8
    assert similarity(minhash(text), minhash(" ".join(f"other{i}" for i in range(300)))) < 0.1


def test_outlet_is_the_site_else_the_host():
    assert outlet("Reuters", "https://www.example.com/a", "x") == "reuters"
    assert outlet(None, "https://www.example.com/a", "x") == "example.com"
    assert outlet(None, None, "abc") == "article:abc"
