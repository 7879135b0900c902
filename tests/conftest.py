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
