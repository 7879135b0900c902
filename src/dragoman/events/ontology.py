"""CAMEO codes with their names, Goldstein values, quad classes and PLOVER types.

Conventions, fixed here and tested:
- Goldstein values are the ICEWS ones.
- Quad classes follow the PLOVER manual and ICEWS: 1 verbal cooperation (roots 01-05), 2 material cooperation
  (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
- PLOVER types follow the 2021 CAMEO-to-PLOVER table; roots 01 and 02, which it leaves out, are filled as
  described in tools/make_ontology.py (02 is REQUEST).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..exceptions import DictionaryError


@dataclass(frozen=True)
class Code:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_type: str | None
    plover_mode: str | None


@lru_cache(maxsize=1)
def codes() -> dict[str, Code]:
    table: dict[str, Code] = {}
    with resources.files("dragoman.data").joinpath("cameo.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            table[row["code"]] = Code(row["code"], row["root"], row["name"], float(row["goldstein"]),
                                      int(row["quad_class"]), row["plover_type"] or None, row["plover_mode"] or None)
    return table


def lookup(code: str) -> Code:
    try:
        return codes()[code]
    except KeyError:
        raise DictionaryError(f"unknown CAMEO code {code!r}") from None
