"""The dictionary data checks itself: structure, ISO codes, overlapping terms, phrases claimed twice."""

import subprocess
import sys

import pytest

from conftest import ROOT
from dragoman.actors import load_dictionary


@pytest.mark.parametrize("script", ["check_dictionaries.py", "check_people.py"])
def test_dictionary_checkers_pass(script):
    r = subprocess.run([sys.executable, str(ROOT / "tools" / script)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


def test_office_holders_resolve_by_date():
    d = load_dictionary()
    assert d.lookup("Jens Stoltenberg", "2021-06-01").org == "NATO"
    assert d.lookup("Jens Stoltenberg", "2025-06-01") is None
    assert d.lookup("Sergei Lavrov", "2024-05-23").country == "RUS"
    former = d.lookup("Donald Trump", "2022-01-01")
    assert (former.country, former.sector) == ("USA", "ELI")


def test_non_state_groups_are_keyed_by_country():
    d = load_dictionary()
    assert (d.lookup("Hamas").country, d.lookup("Hamas").org) == ("PSE", None)
    assert d.lookup("Hezbollah").country == "LBN"
    assert d.lookup("Taliban").country == "AFG"


def test_generational_suffixes_are_not_surnames():
    d = load_dictionary()
    assert "Jr." not in d.names and "II" not in d.names
