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


# Texts coded by the real pipeline, and where their events happened: (name, country, admin1, lat, lon, GeoNames id).
# The places stage is not in the pipeline yet, so the tests of the map attach these locations themselves.
LOCATED = {
    "kharkiv": ("2024-05-23", "Russian forces shelled Kharkiv on Tuesday, killing five civilians. Russia also fired "
                              "missiles at Kharkiv on Wednesday. NATO condemned the attacks on Thursday.",
                ("Kharkiv", "UKR", "Kharkiv Oblast", 49.98, 36.25, 706483)),
    "warsaw": ("2024-05-20", "Poland and Ukraine signed a grain agreement in Warsaw on Monday.",
               ("Warsaw", "POL", "Mazovia", 52.23, 21.01, 756135)),
    "khartoum": ("2024-06-12", "Kenya sent humanitarian aid to Sudan on Tuesday.",
                 ("Khartoum", "SDN", "Khartoum", 15.55, 32.53, None)),  # no GeoNames id: a point by coordinates
    "nowhere": ("2024-05-21", "Chile expelled two Bolivian diplomats on Monday.", None),
}


@pytest.fixture(scope="session")
def located_db(tmp_path_factory, pipeline):
    """A store of the LOCATED texts: Kharkiv with three acts of material conflict and one of verbal conflict,
    Warsaw with two of verbal cooperation, Khartoum with one of material cooperation (in June), and one event with
    no place."""
    from dataclasses import replace

    from dragoman.model import Article, Location, Place
    from dragoman.store import Store

    db = tmp_path_factory.mktemp("located") / "located.db"
    with Store(db) as store:
        for key, (published, text, where) in LOCATED.items():
            coded = pipeline.code_article(Article(id=key, text=text, published=published))
            location = None
            if where:
                name, country, admin1, lat, lon, geonames_id = where
                start = max(text.find(name), 0)
                location = Location(Place(name, (start, start + len(name)), name, country, admin1, lat, lon,
                                          geonames_id, "city"), "clause")
            store.save(coded.article, [replace(e, location=location) for e in coded.events])
    return db
