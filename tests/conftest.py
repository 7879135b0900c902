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
def coder():
    """One started worker process coding the texts posted to the web apps of the run."""
    from dragoman.config import Config
    from dragoman.web.coding import CodingWorker

    worker = CodingWorker(Config(), timeout=300)
    worker.start()
    yield worker
    worker.close()


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


def store_located(pipeline, db, news):
    """Code each of ``news`` (id, published, text, place) with the real pipeline and store its events at that place,
    whatever the places stage chose; returns ``db``."""
    from dragoman.model import Article
    from dragoman.store import Store

    with Store(db) as store:
        for article_id, published, text, place in news:
            coded = pipeline.code_article(Article(id=article_id, text=text, published=published))
            store.save(coded.article, [located(e, place) for e in coded.events])
    return db


def store_placed_news(pipeline, db):
    """PLACED_NEWS, coded and stored at our places (``store_located``); returns ``db``."""
    return store_located(pipeline, db, [(f"placed-{n}", "2024-05-23", text, place)
                                        for n, (text, place) in enumerate(PLACED_NEWS)])


# Texts coded by the real pipeline, and where we put their events. The places stage gives each event a location of
# its own; the tests of the map replace it with these, so that they test the map, not the gazetteer.
LOCATED = {
    "kharkiv": ("2024-05-23", "Russian forces shelled Kharkiv on Tuesday, killing five civilians. Russia also fired "
                              "missiles at Kharkiv on Wednesday. NATO condemned the attacks on Thursday.", KHARKIV),
    "warsaw": ("2024-05-20", "Poland and Ukraine signed a grain agreement in Warsaw on Monday.",
               _place("Warsaw", "POL", "Mazovia", 52.23, 21.01, 756135, "PL.78")),
    "khartoum": ("2024-06-12", "Kenya sent humanitarian aid to Sudan on Tuesday.",
                 _place("Khartoum", "SDN", "Khartoum", 15.55, 32.53, None)),  # no GeoNames id: a point by coordinates
    "nowhere": ("2024-05-21", "Chile expelled two Bolivian diplomats on Monday.", None),
}


@pytest.fixture(scope="session")
def located_db(tmp_path_factory, pipeline):
    """A store of the LOCATED texts: Kharkiv with three acts of material conflict and one of verbal conflict,
    Warsaw with two of verbal cooperation, Khartoum with one of material cooperation (in June), and one event with
    no place."""
    db = tmp_path_factory.mktemp("located") / "located.db"
    return store_located(pipeline, db, [(key, *news) for key, news in LOCATED.items()])
