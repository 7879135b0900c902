"""The shapes the API returns, for its OpenAPI spec. Event records are DESIGN.md's contract; fields added to it later
pass through unchanged (``extra="allow"``)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from ..analysis import Point, Step
from ..mapping import MapPoint


class Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ErrorDetail(BaseModel):
    type: str = Field(description="a short machine-readable kind: not_found, validation_error, bad_request, ...")
    message: str = Field(description="what went wrong, in one sentence")


class ErrorBody(BaseModel):
    error: ErrorDetail


class ActorOut(Open):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    org: str | None = None
    sector: str | None = None
    cameo: str | None = None
    span: list[int] = Field(description="character offsets into the article text")


class TriggerOut(Open):
    text: str | None = None
    span: list[int]


class PloverOut(Open):
    event_type: str | None = None
    mode: str | None = None


class LinkOut(Open):
    relation: str
    event_id: str
    cue: str | None = None


class LocationOut(Open):
    text: str | None = Field(None, description="the place name as written")
    name: str | None = Field(None, description="the gazetteer's name")
    country: str | None = Field(None, description="ISO 3166 alpha-3; null for a region or a place two states claim")
    admin1: str | None = Field(None, description="the first-level division it lies in (or is)")
    admin1_code: str | None = Field(None, description="GeoNames admin1 key: UA.07, US.TX")
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    feature: str | None = Field(None, description="city, admin1, country or region")
    span: list[int] | None = Field(None, description="character offsets of the place name in the article text")
    source: str | None = Field(None, description="what chose it: clause, sentence, dateline or actor")


class IncidentRef(Open):
    id: int
    mentions: int | None = None


class EventOut(Open):
    event_id: str
    article_id: str
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    source: ActorOut
    target: ActorOut | None = None
    cameo: str
    cameo_name: str | None = None
    root: str
    quad_class: int | None = None
    goldstein: float | None = None
    plover: PloverOut | None = None
    trigger: TriggerOut
    sentence: str | None = None
    sentence_index: int | None = None
    sentence_span: list[int] | None = Field(None, description="where the sentence sits in the article text")
    rule: str | None = None
    confidence: float | None = None
    links: list[LinkOut] | None = Field(None, description="the earlier events this one responds to, as stated")
    location: LocationOut | None = Field(None, description="where the act happened; null when the text gives no place")
    incident: IncidentRef | None = Field(None, description="the incident this report belongs to")


class EventPage(BaseModel):
    total: int = Field(description="how many events match the filters in all")
    limit: int
    offset: int
    events: list[EventOut]


class ArticleOut(Open):
    id: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    text: str | None = None


class EventDetail(EventOut):
    article: ArticleOut
    responded_by: list[LinkOut] | None = Field(None, description="the later events that respond to this one")


class IncidentOut(Open):
    id: int
    source: str | None = None
    target: str | None = None
    root: str
    cameo: str | None = None
    date: str | None = None
    date_last: str | None = None
    first_seen: str | None = None
    mentions: int
    sources: int
    articles: int
    country: str | None = Field(None, description="the country its reports are located in (ISO alpha-3), if any")


class IncidentPage(BaseModel):
    limit: int
    offset: int
    incidents: list[IncidentOut]


class IncidentDetail(IncidentOut):
    mentions: list[EventOut] = Field(description="the reports of this incident, one event record each")


class CodeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="the article text (the server says how long it may be: --max-text)")
    title: str | None = Field(None, max_length=1_000)
    published: date | None = Field(None, description="publication date, YYYY-MM-DD; relative dates resolve to it")


class RemovalOut(BaseModel):
    rule: str
    span: list[int]
    text: str
    reason: str


class CodeResult(BaseModel):
    article_id: str
    text: str = Field(description="the text that was coded, which every span points into: the title, where given and "
                                  "not already opening the text, then the text")
    events: list[EventOut]
    removals: list[RemovalOut] = Field(description="page furniture the cleaner took out before coding")


class ActorKey(BaseModel):
    key: str
    name: str | None = None
    events: int


class Overview(BaseModel):
    articles: int
    events: int
    failures: int
    first_date: str | None = None
    last_date: str | None = None
    actors: list[ActorKey]


class RootOut(BaseModel):
    root: str
    name: str
    quad_class: int


class Vocabulary(BaseModel):
    roots: list[RootOut]
    plover_types: list[str]


class DyadSeries(BaseModel):
    a: str
    b: str
    by: str = Field(description="day, week or month; each point's period is the first day of it")
    points: list[Point] = Field(description="one per period and direction that has events")


class ChainOut(BaseModel):
    actors: list[str]
    steps: list[Step] = Field(description="the first act, then each answer to the one before")


class MapOut(BaseModel):
    total: int = Field(description="how many events match the filters in all")
    located: int = Field(description="how many of them have a place, and so are on the map")
    points: list[MapPoint] = Field(description="one per place (GeoNames id, else coordinates), most events first; "
                                               "quad_class is the class with most events, the more conflictual "
                                               "on a tie")
