"""The word sets that steer the coder, read from data/words.yaml and checked on load."""

from importlib import resources

import pytest

from dragoman.events import words
from dragoman.exceptions import DictionaryError

BUILT_IN = resources.files("dragoman.events.data").joinpath("words.yaml").read_text("utf-8")


def test_the_built_in_file_has_every_set():
    assert set(words.WORDS) == set(words.NAMES)
    assert "say" in words.SPEECH and "might" in words.MODAL and "urge" in words.OBJECT_CONTROL


def test_every_set_is_documented_by_a_comment():
    lines = BUILT_IN.splitlines()
    for name in words.NAMES:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        above = [line for line in lines[:at] if line.strip()]
        assert above[-1].startswith("#") or lines[at - 1].startswith(tuple(f"{n}:" for n in words.NAMES)), name


@pytest.mark.parametrize("change, message", [
    (lambda t: t + "\nspeach: [say]\n", "unknown sets ['speach']"),
    (lambda t: t.replace("modal: [might,", "modal: [might, might,"), "'modal' lists a word twice"),
    (lambda t: t.replace("condition: [if,", "condition: [If,"), "'condition' must be a list of lower-case words"),
    (lambda t: t.replace("control_ok: [go, come]", "control_ok: [go, on]"), "'control_ok' must be a list"),
    (lambda t: "\n".join(line for line in t.splitlines() if not line.startswith("shares:")), "missing sets ['shares']"),
])
def test_a_bad_words_file_fails_on_load(change, message):
    with pytest.raises(DictionaryError, match=message.replace("[", r"\[").replace("]", r"\]")):
        words.load_words(change(BUILT_IN))
