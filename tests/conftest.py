from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CASES = Path(__file__).parent / "cases"


@pytest.fixture(scope="session")
def pipeline():
    """One loaded pipeline for the whole run: the real spaCy model and the built-in dictionaries."""
    from dragoman import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: the tests read ../shared beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def scorer(shared):
    """The evaluation's own scorer, imported in place from ../shared/eval."""
    sys.path.insert(0, str(shared / "eval"))
    try:
        import score
    finally:
        sys.path.pop(0)
    return score


@pytest.fixture(scope="session")
def code(pipeline):
    """Code a text as one article, by default published on 2024-05-23: its events, decisions and actors."""
    from dragoman.model import Article

    def run(text: str, published: str | None = "2024-05-23"):
        return pipeline.code_article(Article(id="t", text=text, published=published))
    return run


@pytest.fixture(scope="session")
def parse(pipeline):
    """A text parsed in full by the real model, with the actors found in it."""
    def run(text: str, published: str = "2024-05-23"):
        doc = pipeline.nlp(text)
        return doc, pipeline.find_actors(doc, published, None)
    return run


def code_cases(pipeline, cases: list[dict], folder: Path) -> dict:
    """Each whole-article case's file in ``folder``, read and coded, by file name."""
    from dragoman.ingest import iter_articles

    out = {}
    for case in cases:
        [article] = list(iter_articles([str(folder / case["file"])]))
        out[case["file"]] = pipeline.code_article(article)
    return out


def matches(event, want) -> bool:
    """The event has the wanted dyad and one of its roots (cases/README.md)."""
    roots = {want["root"], *want.get("ok_roots", [])}
    return ((event.source.key, event.target.key if event.target else None) == (want["source"], want["target"])
            and event.root in roots)


def allowed(case) -> list[dict]:
    """A whole-article case's expected events and its acceptable extras, one root each."""
    return case["events"] + [{**x, "root": r} for x in case.get("ok", []) for r in x["roots"]]


def from_sentence(events, opening: str) -> list:
    """The events coded from the sentence that opens with ``opening``."""
    return [e for e in events if e.sentence.startswith(opening) or opening in e.sentence[:len(opening) + 40]]


def word(doc, text: str, nth: int = 0):
    """The ``nth`` token of a parsed text whose form is ``text``."""
    return [t for t in doc if t.text == text][nth]


# Gazetteer entries for tests that need events with a location, whatever the places stage would choose.
def _place(name, country, admin1, lat, lon, geonames_id, admin1_code=None, feature="city"):
    from dragoman.model import Place

    return Place(name, (0, len(name)), name, country, admin1, lat, lon, geonames_id, feature,
                 admin1_code=admin1_code)


KHARKIV = _place("Kharkiv", "UKR", "Kharkiv Oblast", 49.98, 36.25, 706483, "UA.07")
LVIV = _place("Lviv", "UKR", "Lviv Oblast", 49.84, 24.02, 702550, "UA.15")
BELGOROD = _place("Belgorod", "RUS", "Belgorod Oblast", 50.61, 36.58, 578072, "RU.09")
SUVA = _place("Suva", "FJI", "Central", -18.14, 178.44, 2198148, "FJ.01")
SANTIAGO = _place("Santiago", "CHL", "Santiago Metropolitan", -33.46, -70.65, 3871336, "CL.12")
LA_PAZ = _place("La Paz", "BOL", "La Paz", -16.5, -68.15, 3911925, "BO.04")
TEXAS = _place("Texas", "USA", "Texas", 31.25, -99.25, 4736286, "US.TX", feature="admin1")
SAHEL = _place("Sahel", None, None, 15.0, 5.0, 2183166, feature="region")


def located(event, place, source: str = "clause"):
    """``event`` with its location at ``place`` (None: no location)."""
    from dataclasses import replace

    from dragoman.model import Location

    return replace(event, location=Location(place, source) if place else None)


# Short news we wrote, each with the place we give its events: three located, one not.
PLACED_NEWS = [
    ("Russian forces shelled Kharkiv on Monday.", KHARKIV),
    ("Ukrainian drones struck an oil depot in Belgorod on Tuesday.", BELGOROD),
    ("Fiji expelled two Chinese diplomats from Suva on Monday.", SUVA),
    ("Chile expelled two Bolivian diplomats on Monday.", None),
]


def store_placed_news(pipeline, db):
    """Code PLACED_NEWS with the real pipeline and store its events at our places; returns ``db``."""
    from dragoman.model import Article
    from dragoman.store import Store

    with Store(db) as store:
        for n, (text, place) in enumerate(PLACED_NEWS):
            coded = pipeline.code_article(Article(id=f"placed-{n}", text=text, published="2024-05-23"))
            store.save(coded.article, [located(e, place) for e in coded.events])
    return db
