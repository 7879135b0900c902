"""The FastAPI app: the REST API under /api and the dashboard at /.

Every error, from a bad parameter to an unknown path, is answered with one body: ``{"error": {"type", "message"}}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import asynccontextmanager
from datetime import date
from enum import Enum
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from pydantic import AfterValidator
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__, analysis, mapping
from ..events import ontology
from ..exceptions import (
    DictionaryError, DragomanError, InputError, ModelError, StoreError, TooLarge, TooSlow, UsageError,
)
from ..model import Article, article_id
from ..store import Store, parse_bbox, parse_country
from . import queries
from .coding import CodingWorker
from .guard import Guard, error_response as _error
from .options import ServeOptions
from .schemas import (
    ChainOut, CodeRequest, CodeResult, DyadSeries, ErrorBody, EventDetail, EventPage, IncidentDetail, IncidentPage,
    MapOut, Overview, RootOut, Vocabulary,
)

STATIC = Path(str(resources.files("dragoman.web").joinpath("static")))
WORLD = Path(str(resources.files("dragoman.data").joinpath(mapping.WORLD)))
KEY = r"^[A-Za-z0-9]{1,16}$"
ROOT = r"^(0?[1-9]|1[0-9]|20)$"
PLACE = r"^(geonames:[0-9]{1,12}|-?[0-9]{1,3}\.[0-9]{4},-?[0-9]{1,3}\.[0-9]{4})$"
ERRORS = {400: {"model": ErrorBody, "description": "a parameter out of range, or a Host header not allowed"},
          401: {"model": ErrorBody, "description": "no token, or the wrong one, when the server has one"},
          413: {"model": ErrorBody, "description": "a request body over the server's limit"},
          422: {"model": ErrorBody, "description": "a parameter or body that does not validate"},
          503: {"model": ErrorBody, "description": "the store cannot be read, or the coder cannot be loaded"}}
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
ID = PathParam(pattern=ID_PATTERN, description="an id, as the listings give it")
NOT_FOUND = {404: {"model": ErrorBody, "description": "no such item"}}
# The dashboard runs only its own files: no inline script, nothing from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# JSON is never a page: it may load nothing at all.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
CODE_ERRORS = {413: {"model": ErrorBody, "description": "a text over the server's --max-text characters"},
               429: {"model": ErrorBody, "description": "more texts a minute than the server's rate limit"},
               503: {"model": ErrorBody, "description": "coding took longer than the time limit, the coder is "
                                                         "busy that long, or it cannot be loaded"}}

def _checked(parse):
    """A query parameter checked by the store's own parser, so a bad value is a 422 that says why."""
    def check(value: str | None) -> Any:
        try:
            return None if value is None else parse(value)
        except UsageError as e:
            raise ValueError(str(e)) from e
    return AfterValidator(check)


Country = Annotated[str | None, Query(
    description="events located in this country: ISO 3166 alpha-3 code of the event's location (UKR)"),
    _checked(parse_country)]
Bbox = Annotated[str | None, Query(
    description="events located in this box: min_lon,min_lat,max_lon,max_lat in degrees (22,44,41,53); a min_lon "
                "east of max_lon crosses the 180th meridian"), _checked(parse_bbox)]

PloverType = Enum("PloverType", {t: t for t in sorted({c.plover_type for c in ontology.codes().values()
                                                       if c.plover_type and c.plover_type.isalpha()})},
                  type=str)


def create_app(db: str | Path, options: ServeOptions | None = None, coder: CodingWorker | None = None) -> FastAPI:
    """The app serving the store at ``db`` within ``options``' limits. Posted texts are coded by ``coder``, a worker
    process started on first use and stopped with the app, unless one is given (its owner stops it)."""
    options = options or ServeOptions()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        if coder is None:
            app.state.coder.close()

    app = FastAPI(title="dragoman", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Political event data coded from news (CAMEO and PLOVER), each event traceable to "
                              "its words. Read-only over one dragoman store, plus live coding of posted text.")
    app.state.db = str(db)
    app.state.options = options
    app.state.coder = coder or CodingWorker(options.config, options.code_timeout)
    _add_error_handlers(app)
    app.include_router(_api())

    app.add_middleware(Guard, options=options)

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        api = request.url.path.startswith("/api/") or request.url.path == "/openapi.json"
        response.headers.setdefault("Content-Security-Policy", API_CSP if api else CSP)
        return response

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def dashboard() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        # The spec viewer's files ship with dragoman, so /docs works offline, and it starts from a file of ours
        # rather than an inline script, so it runs under the same CSP as the dashboard.
        return FileResponse(STATIC / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.get("/static/world.json", include_in_schema=False)
    def outlines() -> FileResponse:
        # The map's country outlines ship in dragoman.data, beside their notice, for the plots too.
        return FileResponse(WORLD, media_type="application/json", headers={"Cache-Control": "max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _open_store(request: Request) -> Iterator[Store]:
    store = queries.open_store(request.app.state.db)
    try:
        yield store
    finally:
        store.close()


StoreDep = Annotated[Store, Depends(_open_store)]


def _event_filter(
    actor: Annotated[str | None, Query(pattern=KEY, description="source or target key: RUS, NATO")] = None,
    source: Annotated[str | None, Query(pattern=KEY, description="source actor key")] = None,
    target: Annotated[str | None, Query(pattern=KEY, description="target actor key")] = None,
    dyad: Annotated[str | None, Query(pattern=r"^[A-Za-z0-9]{1,16},[A-Za-z0-9]{1,16}$",
                                      description="two keys, A,B: events between them, either way")] = None,
    root: Annotated[str | None, Query(pattern=ROOT, description="CAMEO root, 1 to 20 (06 or 6)")] = None,
    plover: Annotated[PloverType | None, Query(description="PLOVER event type")] = None,
    since: Annotated[date | None, Query(description="on or after this date (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="on or before this date (YYYY-MM-DD)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="words the sentence holds")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1, description="events this sure or surer")] = None,
    country: Country = None,
    bbox: Bbox = None,
    place: Annotated[str | None, Query(pattern=PLACE, description="events at one point of /api/map, by its place "
                                                                  "key: geonames:706483, or 49.9800,36.2500")] = None,
) -> queries.EventFilter:
    """The filters the event table and the map share."""
    return queries.EventFilter(
        actor=actor, source=source, target=target, dyad=tuple(dyad.split(",")) if dyad else None,
        root=f"{int(root):02d}" if root else None, plover=plover.value if plover else None,
        since=since.isoformat() if since else None, until=until.isoformat() if until else None,
        text=q or None, min_confidence=min_confidence, country=country, bbox=bbox, place=place)


FilterDep = Annotated[queries.EventFilter, Depends(_event_filter)]


def _api() -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    @api.get("/overview", response_model=Overview, summary="Counts, date range and actors of the store")
    def overview(store: StoreDep) -> dict[str, Any]:
        return queries.overview(store)

    @api.get("/vocabulary", response_model=Vocabulary, summary="CAMEO roots and PLOVER types, for filters")
    def vocabulary() -> dict[str, Any]:
        codes = ontology.codes()
        roots = [RootOut(root=f"{n:02d}", name=codes[f"{n:02d}0"].name, quad_class=codes[f"{n:02d}0"].quad_class)
                 for n in range(1, 21)]
        return {"roots": roots, "plover_types": [t.value for t in PloverType]}

    @api.get("/events", response_model=EventPage, summary="Events matching every filter given, one page at a time")
    def events(
        store: StoreDep,
        filters: FilterDep,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
        order: Annotated[Literal["asc", "desc"], Query(description="by date, oldest or newest first")] = "asc",
    ) -> dict[str, Any]:
        total, records = queries.search_events(store, filters, limit, offset, order)
        return {"total": total, "limit": limit, "offset": offset, "events": records}

    @api.get("/map", response_model=MapOut,
             summary="Where the events matching every filter given happened: one point per place")
    def map_points(store: StoreDep, filters: FilterDep) -> dict[str, Any]:
        return queries.map_points(store, filters)

    @api.get("/events/{event_id}", response_model=EventDetail, responses=NOT_FOUND,
             summary="One event with its article, sentence, spans, rule, links and incident")
    def event(store: StoreDep, event_id: Annotated[str, ID]) -> dict[str, Any]:
        record = store.event(event_id)
        if record is None:
            raise HTTPException(404, f"no event {event_id}")
        record["sentence_span"] = queries.sentence_span((record.get("article") or {}).get("text") or "", record)
        return record

    @api.get("/incidents", response_model=IncidentPage,
             summary="Incidents (one real-world event however many reports), most reported first")
    def incidents(
        store: StoreDep,
        actor: Annotated[str | None, Query(pattern=KEY, description="source or target key")] = None,
        source: Annotated[str | None, Query(pattern=KEY)] = None,
        target: Annotated[str | None, Query(pattern=KEY)] = None,
        root: Annotated[str | None, Query(pattern=ROOT, description="CAMEO root, 1 to 20")] = None,
        since: Annotated[date | None, Query()] = None,
        until: Annotated[date | None, Query()] = None,
        country: Annotated[str | None, Query(description="incidents located in this country (ISO alpha-3: UKR)"),
                           _checked(parse_country)] = None,
        bbox: Annotated[str | None, Query(description="incidents with a report located in this box: min_lon,"
                                                      "min_lat,max_lon,max_lat in degrees (22,44,41,53)"),
                        _checked(parse_bbox)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
    ) -> dict[str, Any]:
        found = store.incidents(actor=actor, source=source, target=target, root=root, since=since, until=until,
                                limit=limit, offset=offset, country=country, bbox=bbox)
        return {"limit": limit, "offset": offset, "incidents": found}

    @api.get("/incidents/{incident_id}", response_model=IncidentDetail, responses=NOT_FOUND,
             summary="One incident with every report of it (its mentions)")
    def incident(store: StoreDep,
                 incident_id: Annotated[int, PathParam(ge=1, le=2**62, description="the incident's id")]
                 ) -> dict[str, Any]:
        found = store.incident(incident_id)
        if found is None:
            raise HTTPException(404, f"no incident {incident_id}")
        queries.add_sentence_spans(store, found["mentions"])
        return found

    @api.get("/dyads/series", response_model=DyadSeries,
             summary="Events between two actors per day, week or month, both directions, by quad class")
    def dyad_series(
        store: StoreDep,
        a: Annotated[str, Query(pattern=KEY, description="one actor key: RUS")],
        b: Annotated[str, Query(pattern=KEY, description="the other: NATO")],
        by: Annotated[Literal["day", "week", "month"], Query()] = "month",
        since: Annotated[date | None, Query()] = None,
        until: Annotated[date | None, Query()] = None,
    ) -> dict[str, Any]:
        _check_range(since, until)
        if a.upper() == b.upper():
            # analysis.dyad_series would count each domestic event twice (once per direction).
            raise UsageError(f"a and b must be two different actors, got {a.upper()} twice; for {a.upper()}'s "
                             f"acts on itself, use /api/events?source={a.upper()}&target={a.upper()}")
        points = analysis.dyad_series(store, a, b, by=by, since=since, until=until)
        return {"a": a.upper(), "b": b.upper(), "by": by, "points": points}

    @api.get("/top/actors", response_model=list[analysis.ActorCount], summary="The actors in most events")
    def top_actors(store: StoreDep, n: Annotated[int, Query(ge=1, le=500)] = 10,
                   since: Annotated[date | None, Query()] = None,
                   until: Annotated[date | None, Query()] = None) -> list[Any]:
        _check_range(since, until)
        return analysis.top_actors(store, n, since=since, until=until)

    @api.get("/top/dyads", response_model=list[analysis.DyadCount], summary="The directed dyads with most events")
    def top_dyads(store: StoreDep, n: Annotated[int, Query(ge=1, le=500)] = 10,
                  since: Annotated[date | None, Query()] = None,
                  until: Annotated[date | None, Query()] = None) -> list[Any]:
        _check_range(since, until)
        return analysis.top_dyads(store, n, since=since, until=until)

    @api.get("/chains", response_model=list[ChainOut],
             summary="Retaliation chains along the responds_to links the text states")
    def chains(
        store: StoreDep,
        actor: Annotated[str | None, Query(pattern=KEY, description="chains this actor takes part in")] = None,
        event: Annotated[str | None, Query(pattern=ID_PATTERN, description="chains through this event")] = None,
    ) -> list[dict[str, Any]]:
        found = analysis.chains(store, actor=actor)
        if event is not None:
            incident = (store.event(event) or {}).get("incident") or {}
            found = [c for c in found if any(s.event_id == event or (s.incident is not None
                                                                     and s.incident == incident.get("id"))
                                             for s in c.steps)]
        return [{"actors": c.actors, "steps": list(c.steps)} for c in found]

    @api.post("/code", response_model=CodeResult, responses=CODE_ERRORS,
              summary="Code a text and return its events; nothing is stored")
    def code(request: Request, body: CodeRequest) -> dict[str, Any]:
        limit = request.app.state.options.max_text
        if len(body.text) > limit:
            raise TooLarge(f"the text has {len(body.text)} characters; this server codes at most {limit}")
        published = body.published.isoformat() if body.published else None
        article = Article(id=article_id(None, body.text), text=body.text, title=body.title, published=published,
                          published_source="given" if published else None, format="text")
        return request.app.state.coder.code(article)

    return api


def _check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise UsageError(f"since ({since}) is after until ({until})")


HTTP_KINDS = {404: "not_found", 405: "method_not_allowed", 400: "bad_request", 413: "too_large",
              415: "unsupported_media_type"}


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "validation_error", _validation_message(exc.errors()))

    @app.exception_handler(HTTPException)
    async def http(request: Request, exc: HTTPException) -> JSONResponse:
        kind = HTTP_KINDS.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such path: {request.url.path}"
        return _error(exc.status_code, kind, message, exc.headers)

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> JSONResponse:
        return _error(400, "bad_request", str(exc))

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> JSONResponse:
        return _error(413, "too_large", str(exc))

    @app.exception_handler(TooSlow)
    async def too_slow(request: Request, exc: TooSlow) -> JSONResponse:
        return _error(503, "too_slow", str(exc))

    @app.exception_handler(StoreError)
    async def store(request: Request, exc: StoreError) -> JSONResponse:
        return _error(503, "store_error", str(exc))

    @app.exception_handler(DragomanError)
    async def dragoman(request: Request, exc: DragomanError) -> JSONResponse:
        if isinstance(exc, (ModelError, DictionaryError)):
            return _error(503, "coder_unavailable", str(exc))
        if isinstance(exc, InputError):
            return _error(422, "bad_input", str(exc))
        return _error(400, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this answer, so uvicorn logs the traceback.
        return _error(500, "internal_error", f"unexpected {type(exc).__name__}; see the server log")


def _validation_message(errors: Any) -> str:
    parts = []
    for err in list(errors)[:3]:
        loc = [str(p) for p in err.get("loc", ())]
        where = loc[0] if loc else "request"
        name = ".".join(loc[1:])
        msg = re.sub(r"\s+", " ", str(err.get("msg", "invalid")))
        if err.get("type") == "json_invalid":
            parts.append(f"request body is not valid JSON ({(err.get('ctx') or {}).get('error', msg)})")
        elif where == "body" and not name:
            parts.append(f"request body: {msg}")
        else:
            parts.append(f"{where} parameter '{name}': {msg}" if where in ("query", "path") else
                         f"{where} field '{name}': {msg}")
    return "; ".join(parts) or "invalid request"
