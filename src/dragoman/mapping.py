"""Events on a map: one point per place where events happened, and the country outlines to draw them on.

- ``map_points``: the stored events that match the filters of ``Store.events`` and have a location, one point per
  place (its GeoNames id, else its coordinates), counted by quad class (1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict). A point takes the colour of its most frequent class; on a
  tie, the more conflictual one.
- ``world``: the country outlines shipped in ``data/world/`` (Natural Earth 1:110m by way of world-atlas; see the
  NOTICE.md there), as rings of longitude and latitude.
- ``plot_map``: both, drawn with matplotlib on an equirectangular map, as PNG or SVG.

The dashboard's map view draws the same outlines and points in the browser.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from .store import Store

__all__ = ["MapPoint", "Country", "QUAD_COLOURS", "QUAD_NAMES", "WORLD", "map_points", "world", "describe",
           "plot_map"]

WORLD = "world/countries-110m.json"  # in dragoman.data
# The dashboard's palette (style.css, --q1 to --q4).
QUAD_COLOURS = {1: "#8cc49a", 2: "#2e8b57", 3: "#f2a57c", 4: "#c0392b"}
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
SOUTH, NORTH = -60.0, 85.0  # the latitudes the map shows; Antarctica is not in the outlines
LABEL_WIDTH, LABEL_HEIGHT = 14.0, 5.0  # degrees a point's name takes up on the plot, about


@dataclass(frozen=True)
class MapPoint:
    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    quad1: int  # verbal cooperation
    quad2: int  # material cooperation
    quad3: int  # verbal conflict
    quad4: int  # material conflict
    quad_class: int | None  # the class the point is coloured by
    geonames_id: int | None
    place: str  # the point's key, for Store.events(place=...): "geonames:706483", else "49.9800,36.2500"


@dataclass(frozen=True)
class Country:
    id: str | None  # ISO 3166 numeric
    iso3: str | None
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # (lon, lat) points; a ring may run past 180 or -180


def map_points(store: Store, **filters: Any) -> list[MapPoint]:
    """One point per place of the events ``store.events(**filters)`` would return, most events first."""
    points = []
    for row in store.places(**filters):
        quads = [row[f"quad{q}"] for q in (1, 2, 3, 4)]
        top = max((n, q) for q, n in enumerate(quads, 1))
        points.append(MapPoint(row["name"], row["country"], row["lat"], row["lon"], row["events"], *quads,
                               top[1] if top[0] else None, row["geonames_id"], row["place"]))
    return points


@lru_cache(maxsize=1)
def world() -> tuple[Country, ...]:
    """The country outlines, decoded from the shipped file (delta-encoded hundredths of a degree)."""
    data = json.loads(resources.files("dragoman.data").joinpath(WORLD).read_text(encoding="utf-8"))
    unit = data["unit"]
    countries = []
    for c in data["countries"]:
        rings = []
        for flat in c["rings"]:
            x = y = 0
            points = []
            for i in range(0, len(flat), 2):
                x, y = x + flat[i], y + flat[i + 1]
                points.append((x * unit, y * unit))
            rings.append(tuple(points))
        countries.append(Country(c["id"], c["iso3"], c["name"], tuple(rings)))
    return tuple(countries)


def describe(points: Sequence[MapPoint], **filters: Any) -> str:
    """The map's title: how many events at how many places, and the filters that chose them."""
    n = sum(p.events for p in points)
    head = (f"{n} event{'' if n == 1 else 's'} at {len(points)} place{'' if len(points) == 1 else 's'}" if points
            else "No events with a place")
    since, until = filters.get("since"), filters.get("until")
    chosen = [f"{k} {v}" for k, v in filters.items() if v is not None and k not in ("since", "until")]
    if since or until:
        chosen.append(f"{since or '…'} to {until or '…'}")
    return head + (" · " + ", ".join(chosen) if chosen else "")


def plot_map(points: Sequence[MapPoint], path: str | Path, title: str = "") -> Path:
    """The country outlines and a point per place, its area by number of events, its colour by quad class."""
    from matplotlib.collections import PolyCollection
    from matplotlib.lines import Line2D

    from .analysis import _pyplot, _save

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(12, 5.5), dpi=100)
    ax.set_facecolor("#eaf0f6")
    shapes = [ring for c in world() for ring in _copies(c.rings)]
    ax.add_collection(PolyCollection(shapes, facecolors="#f4f1ea", edgecolors="#b8b2a6", linewidths=0.4))
    most = max((p.events for p in points), default=1)
    # Biggest first, so a small point beside a big one stays visible.
    for p in sorted(points, key=lambda p: -p.events):
        ax.scatter([p.lon], [min(max(p.lat, SOUTH), NORTH)], s=25 + 600 * p.events / most,
                   color=QUAD_COLOURS.get(p.quad_class or 0, "#8a94a3"), alpha=0.85, edgecolors="#1d2430",
                   linewidths=0.6, zorder=3)
    # The names of the eight biggest points, leaving out one that would overwrite a name already written.
    named: list[MapPoint] = []
    for p in sorted(points, key=lambda p: -p.events):
        if len(named) == 8:
            break
        if any(abs(p.lon - q.lon) < LABEL_WIDTH and abs(p.lat - q.lat) < LABEL_HEIGHT for q in named):
            continue
        named.append(p)
        ax.annotate(p.name or p.place, (p.lon, p.lat), textcoords="offset points", xytext=(6, 4), fontsize=8,
                    color="#1d2430", zorder=4)
    ax.legend(handles=[Line2D([], [], marker="o", linestyle="", markersize=8, color=QUAD_COLOURS[q],
                              markeredgecolor="#1d2430", label=QUAD_NAMES[q]) for q in (1, 2, 3, 4)],
              loc="lower left", fontsize=8, title="colour: most events; area: number of events", title_fontsize=8,
              framealpha=0.9)
    ax.set_xlim(-180, 180)
    ax.set_ylim(SOUTH, NORTH)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title or describe(points))
    return _save(fig, path)


def _copies(rings):
    """Each ring, and again shifted by 360 degrees where it runs past the antimeridian."""
    for ring in rings:
        yield ring
        lons = [x for x, _ in ring]
        for shift in ((-360,) if max(lons) > 180 else ()) + ((360,) if min(lons) < -180 else ()):
            yield [(x + shift, y) for x, y in ring]
