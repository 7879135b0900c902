"""The verb-pattern data: it loads, it reaches every CAMEO root, and users can extend it."""

import pytest

from dragoman import Article, Config, Pipeline
from dragoman.events import load_patterns
from dragoman.exceptions import DictionaryError


def test_built_in_patterns_reach_all_twenty_roots():
    roots = set()
    for p in load_patterns().patterns:
        roots.update(c[:2] for c in [p.code, *(code for _, code in p.by_code)] if c and c not in ("-", "="))
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_more_specific_patterns_come_first():
    for verb, pats in load_patterns().by_verb.items():  # one file: specificity alone orders them
        assert [p.specificity for p in pats] == sorted((p.specificity for p in pats), reverse=True), verb


def test_a_user_pattern_file_adds_a_verb(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("patterns:\n  - {id: snub, verbs: [snub], code: '125', target: [dobj]}\n", encoding="utf-8")
    p = Pipeline(Config(patterns=(extra,)))
    events = p.code_article(Article(id="t", text="Chile snubbed Peru.", published="2024-01-02")).events
    assert [(e.source.key, e.target.key, e.cameo, e.rule.split()[0]) for e in events] == [("CHL", "PER", "125", "snub")]


@pytest.mark.parametrize("content,message", [
    ("patterns:\n  - {id: x, verbs: [y], code: '999'}\n", "unknown CAMEO code"),
    ("patterns:\n  - {verbs: [y], code: '010'}\n", "needs 'id'"),
    ("patterns:\n  - {id: x, verbs: [y], code: '010', object: ['@nope']}\n", "unknown class"),
    ("patterns:\n  - {id: x, verbs: [y], code: '010', target: [sideways]}\n", "unknown target"),
    ("patterns:\n  - {id: x, verbs: [y], code: '010', plover: NOPE}\n", "unknown PLOVER type"),
    ("patterns: [", "not valid YAML"),
])
def test_a_bad_pattern_file_is_a_clear_error(tmp_path, content, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(DictionaryError, match=message):
        load_patterns([bad])


def test_military_means_codes_must_be_known(tmp_path):
    extra = tmp_path / "means.yaml"
    extra.write_text('military_means: {catapult: "999"}\n', encoding="utf-8")
    with pytest.raises(DictionaryError, match="military_means"):
        load_patterns([extra])
