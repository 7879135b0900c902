"""Regenerate src/dragoman/data/world/countries-110m.json, the country outlines of the map, from world-atlas.

    npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
    python tools/make_world.py package/countries-110m.json > src/dragoman/data/world/countries-110m.json

world-atlas ships Natural Earth's 1:110m Admin 0 countries as TopoJSON: quantized, delta-encoded arcs that
neighbouring countries share. This decodes the arcs, stitches each country's rings from them, and writes every ring
on its own, so a browser or matplotlib can draw it with no TopoJSON client:

    {"source": ..., "unit": 0.01, "countries": [{"id": "804", "iso3": "UKR", "name": "Ukraine",
                                                  "rings": [[lon, lat, dlon, dlat, dlon, dlat, ...], ...]}]}

Coordinates are whole hundredths of a degree; the first point of a ring is absolute, each next one the difference
from the one before (points that round to the same one are dropped). Antarctica is left out. ``iso3`` is null for the few places ISO 3166
does not list (Kosovo, Somaliland, Northern Cyprus).
"""

from __future__ import annotations

import json
import sys

import pycountry

UNIT = 100  # points per degree
ANTARCTICA = "010"  # a ring around the pole, which a flat map cannot close; the map stops at 60 degrees south
SOURCE = ("world-atlas 2.0.2 (npm, ISC licence, Mike Bostock), countries-110m.json: Natural Earth 4.1.0 Admin 0 "
          "countries, 1:110m, public domain")


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute longitude and latitude pairs."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    """One ring stitched from its arcs; ``~i`` is arc ``i`` walked backwards, and each arc starts where the one
    before ended, so that shared point is kept once."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def encode(points: list[tuple[float, float]]) -> list[int]:
    """A ring as whole hundredths of a degree, delta-encoded. A step across the antimeridian goes on past 180 (or
    -180) instead of jumping back across the whole map, so the ring stays in one piece; a flat map draws it twice,
    once shifted by 360 degrees."""
    out: list[int] = []
    last = None
    for lon, lat in points:
        q = (round(lon * UNIT), round(lat * UNIT))
        if last is None:
            out += [q[0], q[1]]
        elif q != last:
            dx = q[0] - last[0]
            dx += -360 * UNIT if dx > 180 * UNIT else 360 * UNIT if dx < -180 * UNIT else 0
            out += [dx, q[1] - last[1]]
            q = (last[0] + dx, q[1])
        else:
            continue
        last = q
    return out


def iso3(numeric: str | None) -> str | None:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_3 if country else None


def convert(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("id") == ANTARCTICA:
            continue
        kind = geometry.get("type")
        polygons = {"Polygon": [geometry.get("arcs")], "MultiPolygon": geometry.get("arcs")}.get(kind) or []
        rings = [encode(ring(arcs, r)) for polygon in polygons for r in polygon]
        countries.append({"id": geometry.get("id"), "iso3": iso3(geometry.get("id")),
                          "name": geometry["properties"]["name"], "rings": [r for r in rings if len(r) >= 6]})
    return {"source": SOURCE, "unit": 1 / UNIT, "countries": countries}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        world = convert(json.load(f))
    json.dump(world, sys.stdout, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
