"""The dictionary data checks itself: structure, ISO codes, overlapping terms, phrases claimed twice."""

import shutil
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


@pytest.mark.parametrize("name, text, error", [
    ("parties.yaml", "parties:\n  - {name: Green Party, names: [Greens], country: XXX}\n", "not in countries.yaml"),
    ("parties.yaml", "parties:\n  - {name: Green Party, names: [Greens], country: DEU, ambiguous: [Green]}\n",
     "not one of the entry's names"),
    ("collectives.yaml", "collectives:\n  nouns: [countries]\n  bodies: {nordic: NORDIC}\n", "not an organisation"),
    ("institutions.yaml", "institutions: [council, Council, council]\n", "listed 2 times"),
    ("nonactors.yaml", "nonactors: [analyst, spokesman]\nmedia: [Reuters]\n", "also a role noun"),
    ("nonactors.yaml", "nonactors: [analyst]\nmedia: [Reuters, Reuters]\n", "listed 2 times"),
])
def test_the_newer_dictionary_files_are_checked(tmp_path, name, text, error):
    data = tmp_path / "src" / "dragoman" / "actors" / "data"
    shutil.copytree(ROOT / "src" / "dragoman" / "actors" / "data", data)
    (data / name).write_text(text, encoding="utf-8")
    r = subprocess.run([sys.executable, str(ROOT / "tools" / "check_dictionaries.py"), str(data)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and error in r.stdout, r.stdout[-2000:]
