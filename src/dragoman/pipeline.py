"""The orchestrator: one article in, its cleaned text, actors and dated events out.

    ingest -> clean -> parse -> actors -> events -> dates -> background -> topic -> salience -> links

``Pipeline`` loads the model and dictionaries once; ``code_article`` reads top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from spacy.tokens import Doc

from . import dates, ingest, links, nlp, places, select
from .actors import ActorFinder, DocActors, load_dictionary
from .clean import builtin_rules, clean, headed
from .config import Config, Limits
from .events import Coder, Decision, load_patterns
from .events.background import split_background
from .events.coder import once_a_sentence
from .exceptions import DragomanError, LimitExceeded
from .model import Article, Cleaned, Event, Failure, Place, article_id
from .salience import load_salience
from .topic import load_topic_gate


# Short articles are parsed many to a batch, which is faster; long ones fewer, to bound the memory a batch takes
# (this is some 60 news pages of 5,000 characters). BATCH_ARTICLES is the English model's own nlp.batch_size; it is
# written out so that a process without the model (the parent of -j N) forms the same batches.
BATCH_ARTICLES = 256
BATCH_CHARS = 300_000


@dataclass(frozen=True)
class Coded:
    """An article after the whole pipeline, with everything needed to explain it."""

    article: Article
    cleaned: Cleaned
    events: list[Event]
    decisions: list[Decision]
    actors: DocActors | None = None
    sentences: tuple = ()  # every sentence of the article, parsed or not, as decisions and events number them
    places: tuple[Place, ...] = ()  # every place name found, resolved


class Pipeline:
    """Holds the loaded model, dictionaries and patterns for repeated use."""

    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        self.nlp = nlp.load(self.config.model)
        self.dictionary = load_dictionary(self.config.dictionaries)
        self.patterns = load_patterns(self.config.patterns)
        self.find_actors = ActorFinder(self.nlp, self.dictionary)
        self.coder = Coder(self.patterns)
        self.selector = select.Selector(self.find_actors, self.patterns)
        self.cues = links.load_cues()
        self.topic = load_topic_gate()
        self.salience = load_salience()
        self.gazetteer = places.load_gazetteer()
        self.clean_rules = replace(builtin_rules(), places=self.dictionary.place_names(),
                                   symbol_run=self.config.limits.symbol_run, common=nlp.common_words(self.nlp),
                                   names=self.dictionary.name_words() - frozenset(self.nlp.Defaults.stop_words))
        # Longer texts are split into parts on ingest (ingest.fit); one given whole is coded whole up to the limit.
        self.nlp.max_length = max(self.nlp.max_length, self.config.limits.article_chars)

    def code_article(self, article: Article) -> Coded:
        limit = self.config.limits.article_chars
        if len(article.text) > limit:
            raise LimitExceeded(article.origin or article.id, f"article of {len(article.text):,} characters is "
                                                              f"over the limit of {limit:,} (--max-article-chars)")
        article, cleaned = self._clean(article)
        doc = self._parse(cleaned.text)
        return self._code_parsed(article, cleaned, doc)

    def code_articles(self, articles: Iterable[Article], batch_size: int = BATCH_ARTICLES,
                      batch_chars: int = BATCH_CHARS) -> Iterator[Coded | Failure]:
        """``code_article`` for many articles, the same events, faster: the sentences the cheap pass selects in
        ``batch_size`` articles, or in fewer whose texts reach ``batch_chars`` characters, are parsed in one
        ``nlp.pipe`` stream (``batches``). An article that fails yields a Failure."""
        for _, batch in batches(articles, batch_size, batch_chars):
            yield from self._code_batch(batch)

    def _code_batch(self, articles: list[Article]) -> Iterator[Coded | Failure]:
        ready: list = []
        for article in articles:
            try:
                article, cleaned = self._clean(article)
                tokens = self.nlp.make_doc(cleaned.text)
                sentences = self.selector(tokens) if self.config.selective else None
                spans = select.runs_to_parse(sentences) if sentences is not None else [(0, len(tokens))]
                ready.append((article, cleaned, tokens, sentences, spans))
            except Exception as e:  # noqa: BLE001 - one article's failure, never the batch's
                ready.append(_failure(article, e))
        # A whole article goes in as itself (annotated in place, as nlp(doc) would); a part goes in as a copy.
        pieces: list[list[Doc]] = []
        for item in ready:
            if not isinstance(item, Failure):
                _, _, tokens, _, spans = item
                pieces.append([tokens] if spans == [(0, len(tokens))] else [tokens[a:b].as_doc() for a, b in spans])
        parsed = self._parse_pieces(pieces)
        for item in ready:
            if isinstance(item, Failure):
                yield item
                continue
            article, cleaned, tokens, sentences, spans = item
            runs = next(parsed)
            try:
                if isinstance(runs, Exception):
                    raise runs
                whole = spans == [(0, len(tokens))]
                doc = runs[0] if whole else select.assemble(tokens, sentences, runs)
                yield self._code_parsed(article, cleaned, doc)
            except Exception as e:  # noqa: BLE001 - one article's failure, never the batch's
                yield _failure(article, e)

    def _parse_pieces(self, pieces: list[list[Doc]]) -> Iterator[list[Doc] | Exception]:
        """Each article's pieces parsed, in one stream; if the stream fails, article by article, so the error is
        only the article's that caused it."""
        try:
            flat = list(self.nlp.pipe([doc for docs in pieces for doc in docs]))
        except Exception:  # noqa: BLE001 - found out below, article by article
            flat = None
        if flat is not None:
            at = 0
            for docs in pieces:
                yield flat[at:at + len(docs)]
                at += len(docs)
            return
        for docs in pieces:
            try:
                yield [self.nlp(doc) for doc in docs]
            except Exception as e:  # noqa: BLE001
                yield e

    def _clean(self, article: Article) -> tuple[Article, Cleaned]:
        article = headed(article)
        cleaned = clean(article, self.clean_rules)
        if article.published is None and cleaned.published:
            article = replace(article, published=cleaned.published, published_source=cleaned.published_source)
        return article, cleaned

    def _code_parsed(self, article: Article, cleaned: Cleaned, doc: Doc) -> Coded:
        actors = self.find_actors(doc, article.published, cleaned.location)
        text = doc.text  # a span's text is this slice of it; slicing is cheaper than joining the span's tokens
        sentences = [s for s in doc.sents if text[s.start_char:s.end_char].strip()]
        events, decisions = self.coder.code(sentences, actors, article.id)
        events = [_in_article_words(e, article.text) for e in events]
        events = [replace(e, date=dates.date_event(e.sentence, article.published,
                                                   near=e.trigger_span[0] - e.sentence_span[0],
                                                   outside=lambda e=e: _other_clauses(doc, e)))
                  for e in events]
        events, repeats = once_a_sentence(events)
        events, background = split_background(events, article.published, self.config.background_days)
        decisions += repeats + background
        events, off_topic = self.topic(events, cleaned.text, article.title)
        events, unsalient = self.salience(events, article, len(sentences), self.config.min_confidence)
        decisions += off_topic + unsalient
        found = []
        if self.config.locate:
            found = places.find_places(doc, self.gazetteer, self._context(article, actors),
                                       self._dateline(article, cleaned), places.people(actors))
            events = places.locate_events(events, found, doc, self.gazetteer, places.dateline_place(found),
                                          [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1]))
                                           for m in actors.mentions])
        events = links.link_events(events, article.text, self.cues, [(s.start_char, s.end_char) for s in sentences])
        return Coded(article, cleaned, events, decisions, actors, tuple(sentences), tuple(found))

    def _parse(self, text: str) -> Doc:
        """The parsed text; with ``Config.selective``, only the sentences that can hold an event are parsed, in
        one Doc with the same text and offsets as a full parse."""
        if not self.config.selective:
            return self.nlp(text)
        tokens = self.nlp.make_doc(text)
        return select.parse(self.nlp, tokens, self.selector(tokens))

    def places(self, article: Article) -> list[Place]:
        """Every place name the article's text mentions, resolved, with spans into the text as given (the title is
        not put above it here); the whole text is parsed for it."""
        cleaned = clean(article, self.clean_rules)
        doc = self.nlp(cleaned.text)
        actors = self.find_actors(doc, article.published or cleaned.published, cleaned.location)
        return places.find_places(doc, self.gazetteer, self._context(article, actors),
                                  self._dateline(article, cleaned), places.people(actors))

    @staticmethod
    def _context(article: Article, actors) -> list[str]:
        """The countries an article is about before its place names are read: its actors', and its outlet's
        where the site's domain is a country's."""
        return places.actor_countries(actors) + [c for c in [places.outlet_country(article.url)] if c]

    def _dateline(self, article: Article, cleaned: Cleaned):
        """The dateline clean took off, as a span of the article's own tokens."""
        removed = next((r for r in cleaned.removals if r.rule == "dateline"), None)
        if removed is None:
            return None
        top = self.nlp.make_doc(article.text[:removed.span[1]])  # a prefix: offsets hold
        return top.char_span(*removed.span, alignment_mode="expand")

    def code_text(self, text: str, published: str | None = None, title: str | None = None) -> list[Event]:
        article = Article(id=article_id(None, text), text=text, title=title, published=published,
                          published_source="given" if published else None, format="text")
        return self.code_article(article).events

    def run(self, inputs: Iterable[str], stdin=None, batch_size: int = BATCH_ARTICLES
            ) -> Iterator[Coded | Failure]:
        """Code every article the inputs hold, a batch of articles (``code_articles``) a parsing stream; a bad
        input or article yields a Failure and the batch goes on."""
        for failures, articles in read_batches(inputs, stdin, self.config.published, batch_size,
                                               limits=self.config.limits):
            yield from failures
            yield from self._code_batch(articles)


def read_batches(inputs: Iterable[str], stdin=None, published: str | None = None,
                 batch_size: int = BATCH_ARTICLES, batch_chars: int = BATCH_CHARS, limits: Limits | None = None
                 ) -> Iterator[tuple[list[Failure], list[Article]]]:
    """The articles the inputs hold, in the batches ``code_articles`` parses, each with the inputs that failed
    while it was read (they come out first). ``-j 1`` and ``-j N`` both code these, so their output is the same."""
    return batches(ingest.iter_articles(inputs, stdin=stdin, published=published, limits=limits), batch_size,
                   batch_chars)


def batches(items: Iterable[Article | Failure], batch_size: int = BATCH_ARTICLES, batch_chars: int = BATCH_CHARS
            ) -> Iterator[tuple[list[Failure], list[Article]]]:
    """Group articles into parsing batches of ``batch_size`` articles, or fewer whose texts reach ``batch_chars``
    characters; the Failures met on the way go with the batch being filled. The last batch may hold only Failures."""
    failures: list[Failure] = []
    pending: list[Article] = []
    chars = 0
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
            continue
        pending.append(item)
        chars += len(item.text)
        if len(pending) >= batch_size or chars >= batch_chars:
            yield failures, pending
            failures, pending, chars = [], [], 0
    if pending or failures:
        yield failures, pending


def _failure(article: Article, error: Exception) -> Failure:
    """An article's failure; an error nobody planned for keeps its type, so it can be found and fixed."""
    name = article.origin or article.id
    reason = str(error) if isinstance(error, DragomanError) else ingest.unexpected(error)
    return Failure(name, reason, stage="code")


OTHER_CLAUSES = ("relcl", "acl", "advcl")
VERBAL = (1, 3)  # quad classes of words (appeals, promises, threats), not deeds


def _other_clauses(doc: Doc, event: Event) -> list[tuple[int, int]]:
    """Sentence offsets of the clauses that tell of something other than the event: a date there tells when that
    happened ("issued warrants for men sought in a slaying three years ago"), or, for words, when the act they
    announce is to happen ("agreed to meet in January")."""
    trigger = doc.char_span(*event.trigger_span, alignment_mode="expand")
    if trigger is None:
        return []
    at, base = trigger[0].i, event.sentence_span[0]
    sent = trigger[0].sent
    clauses = [t for t in sent if t.dep_ in OTHER_CLAUSES and not t.left_edge.i <= at <= t.right_edge.i]
    if event.quad_class in VERBAL:  # "agreed to meet in January": agreed now; January is the meeting's
        clauses += [c for c in trigger[0].children if c.dep_ in ("xcomp", "ccomp")]
    return [(doc[t.left_edge.i].idx - base, doc[t.right_edge.i].idx + len(doc[t.right_edge.i]) - base)
            for t in clauses]


def _in_article_words(event: Event, text: str) -> Event:
    """The article's own words for the sentence, trigger and actors: cleaning normalised quotes and spaces one
    character for one, so the spans hold but the cleaned text is not what the page said."""
    def words(span: tuple[int, int]) -> str:
        return text[span[0]:span[1]]

    def actor(a):
        return None if a is None else replace(a, text=words(a.span))

    return replace(event, sentence=words(event.sentence_span), trigger=words(event.trigger_span),
                   source=actor(event.source), target=actor(event.target))
