"""Events on a map: points per place from a store whose events carry locations, the shipped outlines, and the
plot `dragoman map` draws."""

import json
import struct

import pytest

from dragoman import mapping
from dragoman.cli import main
from dragoman.exceptions import UsageError
from dragoman.store import Store


@pytest.fixture
def store(located_db):
    with Store(located_db) as s:
        yield s


def by_name(points):
    return {p.name: p for p in points}


def png_size(path):
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def inside(point, ring):
    """Whether (lon, lat) lies inside the ring (even-odd rule)."""
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def test_events_at_one_place_make_one_point_counted_by_quad_class(store):
    points = mapping.map_points(store)
    assert [p.name for p in points] == ["Kharkiv", "Warsaw", "Khartoum"]  # most events first
    kharkiv, warsaw, khartoum = points
    assert (kharkiv.events, kharkiv.quad3, kharkiv.quad4, kharkiv.quad_class) == (4, 1, 3, 4)
    assert (kharkiv.lat, kharkiv.lon, kharkiv.country, kharkiv.place) == (49.98, 36.25, "UKR", "geonames:706483")
    assert (warsaw.events, warsaw.quad1, warsaw.quad_class) == (2, 2, 1)
    assert (khartoum.quad2, khartoum.quad_class, khartoum.geonames_id) == (1, 2, None)
    assert khartoum.place == "15.5500,32.5300"  # no GeoNames id: the point is keyed by its coordinates
    located = sum(p.events for p in points)
    assert located == store.count_events() - 1  # Chile's expulsion has no place


def test_a_point_key_gives_back_the_events_at_that_place(store):
    for p in mapping.map_points(store):
        events = store.events(place=p.place)
        assert len(events) == store.count_events(place=p.place) == p.events
        assert {e["location"]["name"] for e in events} == {p.name}
        assert sum(e["quad_class"] == p.quad_class for e in events) == max(p.quad1, p.quad2, p.quad3, p.quad4)


@pytest.mark.parametrize("filters, names", [
    ({"since": "2024-06-01"}, {"Khartoum"}),
    ({"until": "2024-05-31"}, {"Kharkiv", "Warsaw"}),
    ({"actor": "pol"}, {"Warsaw"}),
    ({"root": "19"}, {"Kharkiv"}),
    ({"actor": "CHL"}, set()),
    ({"country": "ukr"}, {"Kharkiv"}),
    ({"bbox": "14,49,25,55"}, {"Warsaw"}),
    ({"bbox": "20,10,40,55", "country": "SDN"}, {"Khartoum"}),
    ({"bbox": "20,10,40,55", "since": "2024-05-21"}, {"Kharkiv", "Khartoum"}),
    ({"country": "POL", "root": "19"}, set()),
])
def test_the_event_filters_choose_the_points(store, filters, names):
    points = mapping.map_points(store, **filters)
    assert {p.name for p in points} == names
    for p in points:
        assert p.events == store.count_events(**filters, place=p.place)


def test_on_a_tie_the_more_conflictual_class_colours_the_point(store):
    # NATO's condemnation (3) and one shelling (4) of Kharkiv, on the same day's filter.
    [point] = mapping.map_points(store, since="2024-05-22", until="2024-05-23")
    assert (point.quad3, point.quad4, point.quad_class) == (1, 1, 4)


def test_the_outlines_hold_the_countries_with_their_places_inside():
    countries = {c.iso3: c for c in mapping.world() if c.iso3}
    assert len(mapping.world()) == 176 and "ATA" not in countries
    for iso3, point in (("UKR", (36.25, 49.98)), ("POL", (21.01, 52.23)), ("SDN", (32.53, 15.55)),
                        ("AUS", (149.13, -35.28)), ("BRA", (-47.93, -15.78))):
        assert any(inside(point, list(r)) for r in countries[iso3].rings), iso3
    assert not any(inside((36.25, 49.98), list(r)) for r in countries["RUS"].rings)
    # Chukotka runs past 180 degrees in one piece, rather than jumping across the map.
    for ring in countries["RUS"].rings:
        assert all(abs(a[0] - b[0]) < 180 for a, b in zip(ring, ring[1:]))
    assert max(x for r in countries["RUS"].rings for x, _ in r) > 180


def test_the_map_is_drawn_as_an_image_of_its_size(store, tmp_path):
    points = mapping.map_points(store)
    path = mapping.plot_map(points, tmp_path / "map.png", mapping.describe(points, actor="UKR"))
    assert png_size(path) == (1200, 550)
    svg = mapping.plot_map(points, tmp_path / "map.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "7 events at 3 places" in svg
    with pytest.raises(UsageError, match="png or .svg"):
        mapping.plot_map(points, tmp_path / "map.gif")


def test_a_name_that_would_overwrite_another_is_left_out(tmp_path):
    def at(name, lat, lon, events):
        return mapping.MapPoint(name, None, lat, lon, events, events, 0, 0, 0, 1, None, f"{lat:.4f},{lon:.4f}")

    points = [at("Nairobi", -1.28, 36.82, 4), at("Rutshuru", -1.19, 29.45, 3), at("Lubumbashi", -11.66, 27.48, 3),
              at("Lima", -12.05, -77.04, 1)]
    svg = mapping.plot_map(points, tmp_path / "map.svg").read_text(encoding="utf-8")
    assert "Nairobi" in svg and "Rutshuru" not in svg and "Lubumbashi" in svg and "Lima" in svg


def test_the_title_says_the_count_and_the_filters(store):
    points = mapping.map_points(store, since="2024-05-01", actor="UKR")
    assert (mapping.describe(points, actor="UKR", root=None, since="2024-05-01", until=None)
            == "4 events at 2 places · actor UKR, 2024-05-01 to …")
    assert mapping.describe([], root="16") == "No events with a place · root 16"


def test_cli_map_lists_the_places_and_writes_the_plot(located_db, tmp_path, capsys):
    plot = tmp_path / "ukr.png"
    assert main(["map", "--db", str(located_db), "--actor", "UKR", "--until", "2024-05-31", "--plot",
                 str(plot)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["name", "country", "lat", "lon", "events"]
    assert [line.split()[0] for line in lines[2:]] == ["Kharkiv", "Warsaw"]
    assert err == f"wrote {plot}\n" and png_size(plot) == (1200, 550)
    assert main(["map", "--db", str(located_db), "--root", "5", "--format", "json"]) == 0
    [warsaw] = json.loads(capsys.readouterr().out)
    assert (warsaw["name"], warsaw["events"], warsaw["quad_class"]) == ("Warsaw", 2, 1)
    assert main(["map", "--db", str(located_db), "--country", "SDN", "--format", "json"]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Khartoum"]
    plot = tmp_path / "box.svg"
    assert main(["map", "--db", str(located_db), "--bbox", "14,45,40,55", "--plot", str(plot)]) == 0
    out, err = capsys.readouterr()
    assert [line.split()[0] for line in out.splitlines()[2:]] == ["Kharkiv", "Warsaw"]
    assert "6 events at 2 places · bbox 14,45,40,55" in plot.read_text(encoding="utf-8")


def test_cli_map_of_an_empty_store_draws_an_empty_map(tmp_path, capsys):
    db = tmp_path / "empty.db"
    Store(db).close()
    plot = tmp_path / "empty.png"
    assert main(["map", "--db", str(db), "--plot", str(plot)]) == 0
    out, err = capsys.readouterr()
    assert out == "(nothing)\n" and err == f"wrote {plot}\n"
    assert png_size(plot) == (1200, 550)


def test_cli_map_errors_are_one_line(tmp_path, located_db, capsys):
    assert main(["map", "--db", str(tmp_path / "missing.db")]) == 1
    assert main(["map", "--db", str(located_db), "--plot", str(tmp_path / "map.pdf")]) == 1
    assert main(["map", "--db", str(located_db), "--since", "May 2024"]) == 1
    assert main(["map", "--db", str(located_db), "--country", "UA"]) == 1
    assert main(["map", "--db", str(located_db), "--bbox", "22,53,41,44"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 5 and "missing.db: no such store" in err[0] and "map.pdf" in err[1] and "since" in err[2]
    assert "alpha-3" in err[3] and "north of max_lat" in err[4]
