"""Dyad series, top actors and dyads, retaliation chains and their plots, on a store of the sample news."""

import json
from datetime import date

import pytest

from dragoman import analysis
from dragoman.batch import ingest_paths, sample_dir
from dragoman.cli import main
from dragoman.exceptions import UsageError
from dragoman.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory, pipeline, shared):
    path = tmp_path_factory.mktemp("analysis") / "news.db"
    ingest_paths([str(sample_dir()), str(shared / "samples" / "nato-mission.txt")], path, pipeline=pipeline)
    return path


@pytest.fixture
def store(db):
    with Store(db) as s:
        yield s


def test_dyad_series_counts_every_dated_event_of_both_directions(store):
    points = analysis.dyad_series(store, "rus", "NATO")
    both = store.events(source="RUS", target="NATO") + store.events(source="NATO", target="RUS")
    assert {(p.source, p.target) for p in points} == {("RUS", "NATO"), ("NATO", "RUS")}
    assert sum(p.events for p in points) == len([e for e in both if e["date"]])
    assert sum(p.goldstein for p in points) == pytest.approx(sum(e["goldstein"] for e in both if e["date"]))
    for p in points:
        assert p.quad1 + p.quad2 + p.quad3 + p.quad4 == p.events


@pytest.mark.parametrize("by, first_day", [("week", lambda d: d.weekday() == 0), ("month", lambda d: d.day == 1)])
def test_periods_start_on_monday_or_the_first(store, by, first_day):
    points = analysis.dyad_series(store, "RUS", "NATO", by=by)
    assert points and all(first_day(date.fromisoformat(p.period)) for p in points)
    assert sum(p.events for p in points) == sum(p.events for p in analysis.dyad_series(store, "RUS", "NATO"))


def test_dyad_series_keeps_to_the_dates_asked(store):
    points = analysis.dyad_series(store, "RUS", "NATO", since="2024-06-01")
    assert points and all(p.period >= "2024-06-01" for p in points)


def test_an_actor_with_itself_counts_each_event_once(store):
    [(key, n)] = store.query("SELECT source_key, count(*) FROM events WHERE source_key = target_key"
                             " AND date IS NOT NULL GROUP BY source_key ORDER BY count(*) DESC LIMIT 1")
    assert sum(p.events for p in analysis.dyad_series(store, key, key)) == n


def test_a_bad_period_is_a_usage_error(store):
    with pytest.raises(UsageError, match="--by"):
        analysis.dyad_series(store, "RUS", "NATO", by="fortnight")


def test_top_actors_are_counted_on_either_side_and_sorted(store):
    top = analysis.top_actors(store, n=5)
    assert len(top) == 5
    assert [a.events for a in top] == sorted((a.events for a in top), reverse=True)
    for a in top:
        assert a.events == store.count_events(actor=a.actor)
        assert a.as_source == store.count_events(source=a.actor)
        assert a.as_target == store.count_events(target=a.actor)


def test_top_dyads_split_cooperation_and_conflict(store):
    for d in analysis.top_dyads(store, n=5):
        events = store.events(source=d.source, target=d.target)
        assert d.events == len(events)
        assert d.conflict == sum(e["quad_class"] >= 3 for e in events)
        assert d.cooperation == sum(e["quad_class"] <= 2 for e in events)


def test_chains_follow_the_stated_responses(store):
    found = analysis.chains(store, actor="NATO")
    assert found
    for chain in found:
        first, answer = chain.steps[0], chain.steps[1]
        assert (first.source, first.target) == ("NATO", "RUS") and first.cue is None
        assert (answer.source, answer.target) == ("RUS", "NATO") and "response" in answer.cue.lower()
    assert all("NATO" in c.actors for c in found)
    assert analysis.chains(store, actor="ZZZ") == []


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_every_analysis_can_be_drawn(store, tmp_path, suffix, magic):
    paths = [analysis.plot_dyad(analysis.dyad_series(store, "POL", "UKR", by="week"), "POL", "UKR",
                                tmp_path / f"dyad{suffix}", by="week"),
             analysis.plot_top(analysis.top_actors(store), analysis.top_dyads(store), tmp_path / f"top{suffix}"),
             analysis.plot_chains(analysis.chains(store), tmp_path / f"chains{suffix}")]
    for path in paths:
        assert path.read_bytes().startswith(magic) and path.stat().st_size > 2000


def test_a_plot_must_be_png_or_svg(store, tmp_path):
    with pytest.raises(UsageError, match="png or .svg"):
        analysis.plot_top(analysis.top_actors(store), analysis.top_dyads(store), tmp_path / "top.gif")


def test_cli_dyad_prints_a_table_and_writes_the_plot(db, tmp_path, capsys):
    plot = tmp_path / "rus-nato.png"
    assert main(["dyad", "RUS", "NATO", "--db", str(db), "--by", "month", "--plot", str(plot)]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].split()[:4] == ["period", "source", "target", "events"]
    assert f"wrote {plot}" in err and plot.exists()


def test_cli_top_and_chains_as_json(db, capsys):
    assert main(["top", "--db", str(db), "-n", "3", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6 and "actor" in rows[0] and "cooperation" in rows[-1]
    assert main(["chains", "--db", str(db), "--format", "json"]) == 0
    assert all(len(c["steps"]) >= 2 for c in json.loads(capsys.readouterr().out))


def test_cli_errors_are_one_line(tmp_path, db, capsys):
    assert main(["dyad", "RUS", "NATO", "--db", str(tmp_path / "missing.db")]) == 1
    assert main(["top", "--db", str(db), "--plot", str(tmp_path / "top.pdf")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "missing.db: no such store" in err[0] and "top.pdf" in err[1]
