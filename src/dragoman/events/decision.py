"""The record the coder keeps of every verb it looks at, which ``explain`` shows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """What the coder made of one verb: coded, or the reason it was not."""

    sentence_index: int
    trigger: str
    pattern: str | None
    outcome: str  # "coded", or why not: "negated", "hypothetical", "no source actor", ...
    detail: str = ""
    lemma: str = ""
