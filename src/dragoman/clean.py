"""Take the page furniture out of an article's text, and say what was taken and why.

Cleaning never changes the text's length. A removed span is blanked with spaces (newlines stay, so lines stay
lines), and normalisation swaps one character for one character (curly quotes for straight ones, odd spaces and
bullets for plain spaces). So an offset into ``Cleaned.text`` is also an offset into ``Article.text``.

The phrases it looks for are data, in ``data/clean.yaml``; ``load_rules`` merges users' YAML files of the same shape
over it. Rules, in the order they run:

- ``symbols``: the part of a run of punctuation or symbols past ``symbol_run`` characters, when that is set;
- ``video-teaser``, ``photo-credit``, ``stamp``, ``byline`` (whatever ``spans`` in the YAML names): furniture inside
  a line, found by regular expressions wherever it stands; what is left of the line is then read as a line;
- ``date-line``: a line at the top that holds only a date;
- ``repeated-title``: a line that repeats the title, but for a first copy opening the text, which stays as the
  article's headline (the coder reads its act; salience counts it once with the body's telling); a second copy of
  the first line at the top; also the title opening a longer line ("Photos: <title> <caption>");
- ``teaser``, ``share``, ``subscribe``, ``cookie``, ``prompt``, ``advert``, ``media``, ``credit`` (whatever ``lines``
  in the YAML names): short lines that begin with one of their phrases, or are exactly one of their lines;
- ``caption``: a line that ends with a photo credit ("... REUTERS/Jane Doe") or opens as a caption ("FILE PHOTO:");
- ``repeated``: a sentence that repeats an earlier one word for word (a caption repeating the story, say), so its
  events are not coded twice;
- ``dateline``: "MOSCOW (Reuters) -" opening one of the first two kept paragraphs (the first may be a headline);
  only the prefix goes, and its place is kept as ``Cleaned.location``;
- a headline in title case ("Israel Approves Additional Funding") is given to the parser with its common words in
  lower case (the names the dictionaries know keep their capitals): nothing is removed, and events still quote the
  article's own words.

``headed`` (run first) puts a title the text leaves out above it, so the headline's act is coded too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from . import dates
from .exceptions import DictionaryError
from .model import Article, Cleaned, Removal, Span

__all__ = ["clean", "headed", "explain_cleaning", "load_rules", "CleanRules", "LineRule"]

HEADLINE_WORDS = 3  # the fewest words of a title read as a headline
HEADLINE_FOLLOWS = r"(?=\s*$|\s*[^\w\s]|\s+(?-i:[A-Z0-9]))"

REASONS = {
    "date-line": "the page's date, not the story",
    "repeated-title": "the headline repeated in the text",
    "repeated-first-line": "a second copy of the first line",
    "dateline": "a wire dateline; its place is kept as the location",
    "repeated": "a sentence repeated from earlier in the text",
    "symbols": "a run of punctuation or symbols longer than the limit (--max-symbol-run); the tokenizer's time "
               "grows with the square of such a run",
}
REPEAT_MIN_WORDS = 6  # shorter sentences ("He denied it.") may well recur as different statements
NEAR_MIN_WORDS, NEAR_SHARE = 10, 0.8  # a near repeat: this many distinct words, this share of them in common


@dataclass(frozen=True)
class LineRule:
    """Short lines that begin with one of ``starts`` or are one of ``exact`` (case ignored).

    ``headline`` is for teasers: the phrase must be followed by a capitalised headline, punctuation or the line's
    end, so prose that happens to open with the phrase ("See also the annex, which...") stays.
    """

    name: str
    reason: str
    max_words: int
    starts: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    headline: bool = False  # a phrase must be followed by a headline (capitalised), punctuation or nothing

    @property
    def regex(self) -> re.Pattern[str]:
        return _line_regex(self.starts, self.exact, self.headline)

    def matches(self, line: str) -> bool:
        return len(line.split()) <= self.max_words and self.regex.match(line) is not None


@dataclass(frozen=True)
class SpanRule:
    """Furniture inside a line: every match of one of ``patterns`` (regular expressions) is removed."""

    name: str
    reason: str
    patterns: tuple[str, ...]

    @property
    def regex(self) -> re.Pattern[str]:
        return _compile_any(self.patterns, "", "")


@dataclass(frozen=True)
class CaptionRule:
    """A photo caption: a line of at most ``max_words`` words that ends with one of ``ends`` (a credit) or opens
    with one of ``starts``."""

    reason: str = "a photo caption"
    max_words: int = 90
    ends: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()

    def matches(self, line: str) -> bool:
        if len(line.split()) > self.max_words:
            return False
        return bool(_compile_any(self.starts, "^", "").match(line) or _compile_any(self.ends, "", r"\W*$").search(line))


@dataclass(frozen=True)
class CleanRules:
    normalise: dict[str, str] = field(default_factory=dict)
    lines: tuple[LineRule, ...] = ()
    spans: tuple[SpanRule, ...] = ()
    captions: CaptionRule = CaptionRule()
    date_line_words: tuple[str, ...] = ()
    not_places: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()  # known place names, lower case: they make "Raipur, India - " a dateline
    symbol_run: int | None = None  # runs of punctuation or symbols are cut to this length (config.Limits)
    # For a headline in title case: common English words (lower case), which the parser reads better in lower case,
    # and the words of the dictionaries' names, which stay as written ("North Korea Test-Fires Missiles").
    common: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


@dataclass
class _Line:
    start: int  # offset of the line's first character in the text
    raw: str  # the normalised line, without its newline

    @property
    def content(self) -> str:
        return self.raw.strip()

    @property
    def span(self) -> Span:
        """Where the line's content is, leading and trailing blanks left out."""
        lead = len(self.raw) - len(self.raw.lstrip())
        return self.start + lead, self.start + lead + len(self.content)


# ---------------------------------------------------------------------------------------------------------------
# Rules from YAML

@cache
def _line_regex(starts: tuple[str, ...], exact: tuple[str, ...], headline: bool) -> re.Pattern[str]:
    def phrase(p: str, follow: str) -> str:
        body = r"\s+".join(re.escape(w) for w in p.split())
        return body + (follow if p[-1].isalnum() else "")

    # "Share" must not match "Shares fell"; a headline phrase wants a headline, punctuation or nothing after it.
    follow = HEADLINE_FOLLOWS if headline else r"(?!\w)"
    alternatives = [phrase(p, follow) for p in starts] + [phrase(p, r"(?!\w)") + r"\W*$" for p in exact]
    if not alternatives:
        return re.compile(r"(?!)")  # matches nothing
    return re.compile("(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


@cache
def _compile_any(patterns: tuple[str, ...], before: str, after: str) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile(before + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + after)


def load_rules(extra: Iterable[str | Path] = ()) -> CleanRules:
    """The built-in rules, with users' YAML files merged over them in order (lists appended, mappings updated)."""
    data = _read_yaml(resources.files("dragoman.data").joinpath("clean.yaml").read_text("utf-8"), "clean.yaml")
    for path in extra:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as e:
            raise DictionaryError(f"{path}: cannot read cleaning rules ({e.strerror})") from None
        _merge(data, _read_yaml(text, str(path)))
    return _build(data)


@cache
def builtin_rules() -> CleanRules:
    return load_rules()


def _read_yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as e:
        raise DictionaryError(f"{origin}: not valid YAML ({e})") from None
    if not isinstance(data, dict):
        raise DictionaryError(f"{origin}: expected a mapping at the top")
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + value
        else:
            base[key] = value


def _build(data: dict[str, Any]) -> CleanRules:
    normalise = {str(k): str(v) for k, v in (data.get("normalise") or {}).items()}
    bad = [k for k, v in normalise.items() if len(k) != 1 or len(v) != 1]
    if bad:
        raise DictionaryError(f"clean rules: normalise must map one character to one character, not {bad!r}")
    lines = []
    for name, spec in (data.get("lines") or {}).items():
        if not isinstance(spec, dict) or "reason" not in spec:
            raise DictionaryError(f"clean rules: line rule {name!r} needs a reason")
        lines.append(LineRule(name=str(name), reason=str(spec["reason"]), max_words=int(spec.get("max_words", 12)),
                              starts=tuple(map(str, spec.get("starts") or ())),
                              exact=tuple(map(str, spec.get("exact") or ())),
                              headline=bool(spec.get("headline", False))))
    spans = []
    for name, spec in (data.get("spans") or {}).items():
        if not isinstance(spec, dict) or "reason" not in spec:
            raise DictionaryError(f"clean rules: span rule {name!r} needs a reason")
        spans.append(SpanRule(str(name), str(spec["reason"]), tuple(map(str, spec.get("patterns") or ()))))
    captions = data.get("captions") or {}
    caption_rule = CaptionRule(str(captions.get("reason", CaptionRule.reason)),
                               int(captions.get("max_words", CaptionRule.max_words)),
                               tuple(map(str, captions.get("ends") or ())),
                               tuple(map(str, captions.get("starts") or ())))
    for rule in spans:
        _check_regex(rule.patterns, f"span rule {rule.name!r}")
    _check_regex(caption_rule.ends + caption_rule.starts, "captions")
    return CleanRules(
        normalise=normalise,
        lines=tuple(lines),
        spans=tuple(spans),
        captions=caption_rule,
        date_line_words=tuple(str(w) for w in (data.get("date_line") or {}).get("words") or ()),
        not_places=frozenset(str(w).upper() for w in (data.get("dateline") or {}).get("not_places") or ()),
    )


def _check_regex(patterns: Iterable[str], where: str) -> None:
    for p in patterns:
        try:
            re.compile(p)
        except re.error as e:
            raise DictionaryError(f"clean rules: {where}: {p!r} is not a valid regular expression ({e})") from None


# ---------------------------------------------------------------------------------------------------------------
# Line tests

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_DASH_RE = re.compile(f" ?[{DASHES}]+ ?")  # on collapsed spaces: "\\s*" each side took the square of a long blank
_TIME_RE = re.compile(r"\b\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\b\.?)?(?:\s+[A-Z]{2,4}\b)?", re.IGNORECASE)


def heading_key(text: str) -> str:
    """A line or title reduced for comparison: case, spacing, quotes and dash kinds don't count."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return _DASH_RE.sub("-", re.sub(r"\s+", " ", text.strip().lower()))


def is_date_line(line: str, rules: CleanRules) -> bool:
    """True when the line holds a date with a number in it and nothing else but weekday, time and label words."""
    if not any(map(str.isdigit, line)):  # most lines: no number, so no date worth looking for
        return False
    found = dates.find_expressions(line, None)
    if not any(c.isdigit() for e in found for c in e.text):
        return False
    rest = list(line)
    for e in found:
        rest[e.span[0]:e.span[1]] = " " * (e.span[1] - e.span[0])
    remainder = _TIME_RE.sub(" ", "".join(rest)).lower()
    for word in sorted(rules.date_line_words, key=len, reverse=True):
        remainder = re.sub(rf"\b{re.escape(word.lower())}\b", " ", remainder)
    return not re.search(r"\w", remainder)


_DATE = r"(?P<date>(?:\d{1,2}\s+)?" + dates.MONTH + r"(?:\s+\d{1,2}(?!\d))?(?:,?\s+\d{4})?)"  # May 3, 3 May 2024
_AGENCY = r"\((?P<agency>[^()\n]{1,40})\)"
# after the place: "(Reuters)" with or without a dash or colon, a dash alone, or a colon; an en or em dash may touch
# the next word
_TAIL = (r"(?:,?\s*" + _AGENCY + r"(?:\s*(?:--|[\u2013\u2014_-]|:))?(?=\s|$)"
         r"|\s*(?:--|-|_)(?=\s)"
         r"|\s*[\u2013\u2014](?=[\s\"'A-Z])"
         r"|:(?=\s))")
_OF = r"(?:(?:of|and|the|de|du|del)\s){0,2}"  # a country's name may hold one: "Democratic Republic of Congo"
_DATELINE_RE = re.compile(
    r"(?P<place>[A-Z][A-Z.'\-]*(?:[ /][A-Z][A-Z.'\-]*)*)"  # MOSCOW, NEW YORK, ST. PETERSBURG, LONDON/PARIS
    r"(?:,\s+(?P<region>[A-Z][A-Za-z.]*(?:\s" + _OF + r"[A-Z][A-Za-z.]*)*))?"  # , Ukraine; , Republic of Congo
    r"(?:,?\s+" + _DATE + r")?" + _TAIL)
# A place in title case ("Raipur, India - ", "Oudtshoorn - ") is a dateline only when the place is known or an
# agency follows it ("Harare (AFP) - ").
_TITLE_DATELINE_RE = re.compile(
    r"(?!The\s)(?P<place>[A-Z][a-z'\-]+(?:\s[A-Z][a-z'\-]+){0,2})"
    r"(?:,\s+(?P<region>[A-Z][a-z.]+(?:\s" + _OF + r"[A-Z][a-z.]+){0,3}))?"
    r"(?:,?\s+" + _DATE + r")?"
    r"(?:,?\s*" + _AGENCY + r"(?::|\s*(?:--|[-\u2013\u2014]))?|\s+(?:--|[-\u2013\u2014]))"
    r"\s+(?=[A-Z\"'])"
)
# An agency alone ("(CNN) ", "(Reuters) - "): a dateline without a place.
_AGENCY_RE = re.compile(r"\((?P<agency>[A-Z][A-Za-z.&]*(?:\s[A-Z][A-Za-z.&]*){0,3})\)(?:\s*(?:--|[\u2013\u2014-]|:))?"
                        r"(?=\s+[A-Z\"'])")


def find_dateline(line: str, rules: CleanRules) -> tuple[int, str | None] | None:
    """The length of a wire dateline opening ``line`` and its place in title case (None for an agency alone),
    or None."""
    m = _AGENCY_RE.match(line)
    if m:
        return len(m.group(0)), None
    m = _DATELINE_RE.match(line)
    if not m:
        m = _TITLE_DATELINE_RE.match(line)
        if not m or not (m.group("agency") or any((m.group(g) or "").lower() in rules.places
                                                   for g in ("place", "region"))):
            return None
    place = m.group("place").split("/")[0].strip()
    if place.upper() in rules.not_places or sum(c.isalpha() for c in place) < 2:
        return None
    region = m.group("region")
    return len(m.group(0).rstrip()), place.title() + (f", {region}" if region else "")


# ---------------------------------------------------------------------------------------------------------------
# Cleaning

def headed(article: Article) -> Article:
    """The article with its title as the first line of its text, where the text does not open with it already.

    The headline states the story's act, often in words the body never repeats ("Israel approves funding for
    settlements"), so it is coded with the body; salience counts an act told in both once. Offsets then hold in
    the headed text, which is what is stored and shown."""
    title = " ".join((article.title or "").split())
    # a word or two ("News", "World") is a section name, not a headline, and the parser splits the text after it
    if len(title.split()) < HEADLINE_WORDS or not article.text.strip():
        return article
    first = next((line for line in article.text.splitlines() if line.strip()), "")
    if heading_key(first) == heading_key(title):
        return article
    return replace(article, text=f"{title}\n\n{article.text}")


def clean(article: Article, rules: CleanRules | None = None) -> Cleaned:
    """The article's text with its furniture blanked and its characters normalised, and the list of removals."""
    rules = builtin_rules() if rules is None else rules
    text = article.text.translate(str.maketrans(rules.normalise)) if rules.normalise else article.text
    chars = list(text)
    removals: list[Removal] = []

    def remove(span: Span, rule: str, reason: str) -> None:
        start, end = span
        chars[start:end] = [c if c in "\r\n" else " " for c in chars[start:end]]
        removals.append(Removal(rule, span, article.text[start:end], reason))

    if rules.symbol_run:
        for start, end in symbol_runs(text, rules.symbol_run):
            remove((start, end), "symbols", REASONS["symbols"])
        text = "".join(chars)
    for span_rule in rules.spans:
        for m in span_rule.regex.finditer(text):
            if m.group(0).strip():
                remove(_trimmed(m.start(), m.group(0)), span_rule.name, span_rule.reason)
    lines = list(_split_lines("".join(chars)))  # what the spans left of each line
    removed = _remove_lines(lines, article.title, rules)
    for index, (rule, reason) in removed.items():
        remove(lines[index].span, rule, reason)
    for span in _title_openings(lines, removed, article.title, rules):
        remove(span, "repeated-title", REASONS["repeated-title"])
    for span in _repeated_sentences("".join(chars)):
        remove(span, "repeated", REASONS["repeated"])

    published = published_source = None
    for index, (rule, _) in sorted(removed.items()):
        if rule == "date-line" and (published := _full_date(lines[index].content)):
            published_source = "date line"
            break

    location = None
    lines = list(_split_lines("".join(chars)))  # a title or byline run on before a dateline is gone now
    for line in _first_paragraphs(lines, removed):
        found = find_dateline(line.content, rules)
        if found:
            length, location = found
            start = line.span[0]
            remove((start, start + length), "dateline", REASONS["dateline"])
            if published is None and (published := _full_date(line.content[:length])):
                published_source = "dateline"
            break

    if rules.common:
        lines = list(_split_lines("".join(chars)))
        first = next((line for line in lines if line.content), None)
        if first is not None and article.title and heading_key(first.content) == heading_key(article.title):
            for start, word in _title_cased(first.raw, rules):
                at = first.start + start
                chars[at:at + len(word)] = list(word.lower())

    cleaned = "".join(chars)
    assert len(cleaned) == len(article.text)  # the promise every offset downstream relies on
    removals.sort(key=lambda r: r.span)
    return Cleaned(article=article, text=cleaned, removals=tuple(removals), location=location,
                   published=published, published_source=published_source)


TITLE_CASE_SHARE, TITLE_CASE_WORDS = 0.75, 4
PLACE_WORDS = {"in", "at", "near", "outside", "from"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")
_ENDINGS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
            ("'s", ""), ("\u2019s", ""), ("n't", ""), ("n\u2019t", ""))


def _title_cased(line: str, rules: CleanRules) -> list[tuple[int, str]]:
    """The words of a headline in title case ("Israel Approves Additional Funding") that are common English words
    and in no name the dictionaries know, with their offsets in ``line``; none if the line is not in title case.
    The parser, trained on running text, takes such capitals for names. The first word stays as it is."""
    words = [(m.start(), m.group(0)) for m in _WORD.finditer(line)]
    rest = words[1:]
    if len(words) < TITLE_CASE_WORDS or sum(w[0].isupper() for _, w in rest) < TITLE_CASE_SHARE * len(rest):
        return []
    # a word after "in", "at", "near" may be a town that is also a word ("Attack In Nice"): it stays
    placed = {words[i + 1][0] for i in range(len(words) - 1) if words[i][1].lower() in PLACE_WORDS}
    return [(start, w) for start, w in rest if w[0].isupper() and not w.isupper() and start not in placed
            and w.lower() not in rules.names and _common(w.lower(), rules.common)]


def _common(word: str, common: frozenset[str]) -> bool:
    return word in common or any(word.endswith(end) and word[:len(word) - len(end)] + add in common
                                 for end, add in _ENDINGS)


def symbol_runs(text: str, limit: int) -> Iterator[Span]:
    """The part past ``limit`` of each run of punctuation or symbols longer than that; the underscore is
    punctuation too, though ``\\w`` counts it a letter (spaCy splits a run of them in time that grows with the
    square of its length)."""
    for m in re.finditer(r"(?:[^\w\s]|_){%d,}" % (limit + 1), text):
        yield m.start() + limit, m.end()


def _trimmed(start: int, text: str) -> Span:
    lead = len(text) - len(text.lstrip())
    return start + lead, start + len(text.rstrip())


def _title_openings(lines: list[_Line], removed: dict[int, tuple[str, str]], title: str | None,
                    rules: CleanRules) -> Iterator[Span]:
    """The title opening a longer line that runs on into a new sentence with no stop between, after a media label
    or not: "Photos: <title> The rocket...". A line that merely begins with the title's words ("<title> as...")
    stays."""
    if not title or len(title.split()) < 3:
        return
    title = title.translate(str.maketrans(rules.normalise)) if rules.normalise else title
    words = r"\s+".join(re.escape(w) for w in title.split())
    opening = re.compile(r"(?:(?:Photos?|Videos?|Gallery):\s*)?" + words + r"(?=\s+(?-i:[A-Z\"']))", re.IGNORECASE)
    for index, line in enumerate(lines):
        if index not in removed and (m := opening.match(line.content)):
            start = line.span[0]
            yield start, start + m.end()


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n")


def _repeated_sentences(text: str) -> Iterator[Span]:
    """Sentences that repeat an earlier one: word for word (case and punctuation aside), or nearly, as a caption
    retells the story's sentence ("is to reopen" for "is reopening")."""
    seen: set[str] = set()
    earlier: list[set[str]] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        words = re.findall(r"\w+", piece.lower())
        if len(words) >= REPEAT_MIN_WORDS:
            key, bag = " ".join(words), set(words)
            if key in seen or (len(bag) >= NEAR_MIN_WORDS and any(
                    len(bag & e) >= NEAR_SHARE * len(bag | e) for e in earlier)):
                yield _trimmed(start, piece)
            seen.add(key)
            earlier.append(bag)
        start = m.end() if m else end


def _full_date(text: str) -> str | None:
    """A date with day, month and year in ``text``: only such a date can stand for the publication date."""
    return next((e.date for e in dates.find_expressions(text, None) if e.date and e.precision == "day"), None)


def _split_lines(text: str) -> Iterator[_Line]:
    start = 0
    for raw in text.split("\n"):
        yield _Line(start, raw.rstrip("\r"))
        start += len(raw) + 1


def _remove_lines(lines: list[_Line], title: str | None, rules: CleanRules) -> dict[int, tuple[str, str]]:
    """Lines to remove, by index, with rule and reason. Date lines and first-line copies count only at the top."""
    title_key = heading_key(title) if title and title.strip() else None
    first_key: str | None = None
    at_top = True
    out: dict[int, tuple[str, str]] = {}
    for index, line in enumerate(lines):
        content = line.content
        if not content:
            continue
        key = heading_key(content)
        if at_top and is_date_line(content, rules):
            out[index] = ("date-line", REASONS["date-line"])
        elif key == title_key and (not at_top or first_key is not None):
            out[index] = ("repeated-title", REASONS["repeated-title"])
        elif at_top and key == first_key:
            out[index] = ("repeated-title", REASONS["repeated-first-line"])
        elif rule := next((r for r in rules.lines if r.matches(content)), None):
            out[index] = (rule.name, rule.reason)
        elif rules.captions.matches(content):
            out[index] = ("caption", rules.captions.reason)
        elif at_top and first_key is None:
            first_key = key  # the first real line stays (it may be the headline); the top goes on past it
        else:
            at_top = False
    return out


def _first_paragraphs(lines: list[_Line], removed: dict[int, tuple[str, str]]) -> list[_Line]:
    """Where a dateline may stand: the first two kept lines, since the first may be a headline or standfirst."""
    kept = [line for i, line in enumerate(lines) if line.content and i not in removed]
    return kept[:2]


# ---------------------------------------------------------------------------------------------------------------
# Explaining

def explain_cleaning(cleaned: Cleaned, width: int = 40) -> list[str]:
    """One readable line per removal: rule, span, the text removed (shortened) and why."""
    out = []
    for r in cleaned.removals:
        shown = re.sub(r"\s+", " ", r.text).strip()
        if len(shown) > width:
            shown = shown[: width - 1].rstrip() + "\u2026"
        out.append(f"{r.rule}  [{r.span[0]}:{r.span[1]}]  {shown!r}  ({r.reason})")
    return out
