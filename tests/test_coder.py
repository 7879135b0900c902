"""Golden cases: sentences written for the project, each with the events a careful coder expects.

``cases/coder.json`` maps each sentence to its events as (source key, target key, CAMEO root, optional code).
Known misses are listed in KNOWN_MISSES and run as strict xfails, so the day one passes is noticed.
"""

import json

import pytest

from conftest import CASES

GOLDEN = json.loads((CASES / "coder.json").read_text(encoding="utf-8"))

KNOWN_MISSES: dict[str, str] = {}


def _params() -> list:
    for case in GOLDEN:
        marks = []
        if case["id"] in KNOWN_MISSES:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[case["id"]]))
        yield pytest.param(case, id=case["id"], marks=marks)


def _key(e):
    return e.source.key, e.target.key if e.target else None, e.root


@pytest.mark.parametrize("case", list(_params()))
def test_golden_sentence(pipeline, case):
    events = pipeline.code_text(case["text"], published=case.get("published"))
    got = {_key(e) for e in events}
    want = {(x["source"], x["target"], x["root"]) for x in case["events"]}
    assert got == want, f"{case['text']}\n  got  {sorted(got, key=str)}\n  want {sorted(want, key=str)}"
    for x in case["events"]:
        if x.get("cameo"):
            codes = {e.cameo for e in events if _key(e) == (x["source"], x["target"], x["root"])}
            assert x["cameo"] in codes, (case["text"], codes)


def test_every_event_explains_itself(pipeline):
    for case in GOLDEN[:20]:
        for e in pipeline.code_text(case["text"], published=case.get("published")):
            assert e.rule and e.source.why
            assert case["text"][e.trigger_span[0]:e.trigger_span[1]] == e.trigger
            assert case["text"][e.source.span[0]:e.source.span[1]] == e.source.text


def test_golden_cases_cover_every_root():
    roots = {x["root"] for case in GOLDEN for x in case["events"]}
    assert roots == {f"{i:02d}" for i in range(1, 21)}
    assert sum(1 for case in GOLDEN if not case["events"]) >= 15
