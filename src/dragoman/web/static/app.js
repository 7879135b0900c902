// The dragoman dashboard: plain JS over the /api endpoints.
// Text from the store is only ever put in the page as text nodes (h() and textContent), never parsed as HTML.
"use strict";

const QUADS = {
  1: { name: "Verbal cooperation", cls: "q1" },
  2: { name: "Material cooperation", cls: "q2" },
  3: { name: "Verbal conflict", cls: "q3" },
  4: { name: "Material conflict", cls: "q4" },
};
const SVGNS = "http://www.w3.org/2000/svg";
const PAGE = 50;
const cache = {};

// -- DOM helpers -----------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVGNS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "dataset") Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// -- data ------------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, type, message) {
    super(message);
    this.status = status;
    this.type = type;
  }
}

// A server started with --token needs it on every /api request: asked once, kept for this tab only.
function withToken(options) {
  const token = sessionStorage.getItem("dragoman-token");
  if (!token) return options;
  const headers = Object.assign({}, (options && options.headers) || {}, { Authorization: "Bearer " + token });
  return Object.assign({}, options || {}, { headers });
}

async function api(path, options) {
  let response;
  try {
    const sent = sessionStorage.getItem("dragoman-token");
    response = await fetch("/api" + path, withToken(options));
    if (response.status === 401) {
      // Requests refused together ask once: those after the answer use it.
      const known = sessionStorage.getItem("dragoman-token");
      const token = known !== sent ? known : window.prompt("This server needs its token (dragoman serve --token):");
      if (token) {
        sessionStorage.setItem("dragoman-token", token.trim());
        response = await fetch("/api" + path, withToken(options));
      }
    }
  } catch (e) {
    throw new ApiError(0, "network", "the server cannot be reached");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const err = (body && body.error) || {};
    throw new ApiError(response.status, err.type || "http_error", err.message || response.statusText);
  }
  return body;
}

async function once(key, path) {
  if (!(key in cache)) cache[key] = api(path).catch((e) => { delete cache[key]; throw e; });
  return cache[key];
}

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== null && v !== undefined) q.set(k, v);
  const text = q.toString();
  return text ? "?" + text : "";
}

// -- shared pieces ---------------------------------------------------------------------------------------------

function actorLabel(actor) {
  if (!actor) return h("span", { class: "muted" }, "—");
  const key = actor.cameo || actor.org || actor.country || "?";
  return h("span", { class: "actor", title: (actor.name || "") + (actor.text ? " — “" + actor.text + "”" : "") },
    key);
}

function codeBadge(e) {
  const q = QUADS[e.quad_class] || { name: "", cls: "q0" };
  return h("span", { class: "code " + q.cls, title: q.name }, e.cameo);
}

// Paints the sentence (or any text) with the event's spans; spans are offsets into the article, `start` is where
// the shown text begins in it.
function highlight(text, start, marks) {
  const owner = new Array(text.length).fill(null);
  for (const m of marks) {
    if (!m.span) continue;
    const a = Math.max(0, m.span[0] - start);
    const b = Math.min(text.length, m.span[1] - start);
    for (let i = a; i < b; i++) if (!owner[i] || m.strong) owner[i] = m;
  }
  const out = h("span", { class: "hl-text" });
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && owner[j] === owner[i]) j++;
    const piece = text.slice(i, j);
    const m = owner[i];
    out.append(m ? h("mark", { class: m.cls, title: m.label }, piece) : document.createTextNode(piece));
    i = j;
  }
  return out;
}

function eventMarks(e) {
  const marks = [{ span: e.trigger && e.trigger.span, cls: "trg", label: "trigger" }];
  if (e.source) marks.push({ span: e.source.span, cls: "src", label: "source: " + (e.source.name || ""), strong: 1 });
  if (e.target) marks.push({ span: e.target.span, cls: "tgt", label: "target: " + (e.target.name || ""), strong: 1 });
  return marks;
}

function sentenceOf(e) {
  const text = e.sentence || "";
  if (!e.sentence_span) return h("span", { class: "hl-text" }, text);
  return highlight(text, e.sentence_span[0], eventMarks(e));
}

function legend() {
  return h("p", { class: "legend" },
    h("mark", { class: "src" }, "source"), " ", h("mark", { class: "tgt" }, "target"), " ",
    h("mark", { class: "trg" }, "trigger"));
}

function quadLegend() {
  return h("p", { class: "legend" }, Object.values(QUADS).map((q) =>
    h("span", { class: "swatch-item" }, h("span", { class: "swatch " + q.cls }), q.name)));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function message(text, cls) {
  return h("p", { class: "message " + (cls || "") }, text);
}

function failure(err) {
  return message(err instanceof ApiError ? err.message : String(err), "error");
}

// Stored events link to their page; events coded live have none.
function eventRow(e, linked) {
  const what = [codeBadge(e), " ", e.cameo_name || ""];
  return h("tr", { class: "event-row", dataset: { id: e.event_id } },
    h("td", { class: "nowrap" }, e.date || h("span", { class: "muted" }, "undated")),
    h("td", {}, actorLabel(e.source)),
    h("td", { class: "event-cell" }, linked === false ? what : h("a", { href: "#/event/" + e.event_id }, what),
      e.incident && e.incident.mentions > 1 ? h("a", { href: "#/incident/" + e.incident.id, class: "reports",
        title: "reports of the same incident" }, plural(e.incident.mentions, "report")) : ""),
    h("td", {}, actorLabel(e.target)),
    h("td", { class: "sentence" }, sentenceOf(e)));
}

function eventTable(events, linked) {
  return h("div", { class: "table-wrap" }, h("table", { class: "events" },
    h("thead", {}, h("tr", {}, ["Date", "Source", "Event", "Target", "Sentence"].map((t) => h("th", {}, t)))),
    h("tbody", {}, events.map((e) => eventRow(e, linked)))));
}

// -- views -----------------------------------------------------------------------------------------------------

const views = {};

// The filters the event table and the map share, read from the URL. Those set from other views or the URL (a
// dyad, one side, a place, a box) are kept as hidden fields and shown as chips that can be dropped.
const SET_ELSEWHERE = ["source", "target", "dyad", "place", "bbox"];

function filtersOf(params) {
  const f = {};
  for (const k of ["actor", "country", "root", "plover", "since", "until", "q", ...SET_ELSEWHERE]) {
    f[k] = params.get(k) || "";
  }
  return f;
}

function filterForm(view, f, vocab, overview, extra) {
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const form = h("form", { class: "filters", id: "filters" },
    field("Actor", h("input", { name: "actor", value: f.actor, list: "actor-keys", placeholder: "RUS, NATO…",
      autocomplete: "off", size: 10 })),
    h("datalist", { id: "actor-keys" }, overview.actors.map((a) => h("option", { value: a.key }, a.name || a.key))),
    field("Country", h("input", { name: "country", value: f.country, placeholder: "UKR", title: "where the events "
      + "happened: ISO alpha-3 code", autocomplete: "off", size: 5, maxlength: 3 })),
    field("CAMEO root", h("select", { name: "root" }, h("option", { value: "" }, "any"),
      vocab.roots.map((r) => h("option", { value: r.root, selected: r.root === f.root }, r.root + " " + r.name)))),
    field("PLOVER type", h("select", { name: "plover" }, h("option", { value: "" }, "any"),
      vocab.plover_types.map((t) => h("option", { value: t, selected: t === f.plover }, t)))),
    field("From", h("input", { type: "date", name: "since", value: f.since })),
    field("To", h("input", { type: "date", name: "until", value: f.until })),
    field("Text", h("input", { type: "search", name: "q", value: f.q, placeholder: "words in the sentence" })),
    (extra || []).map(([label, input]) => field(label, input)),
    SET_ELSEWHERE.map((k) => f[k] ? h("input", { type: "hidden", name: k, value: f[k] }) : null),
    h("div", { class: "buttons" },
      h("button", { type: "submit", class: "primary" }, "Filter"),
      h("button", { type: "button", onclick: () => go(view, {}) }, "Reset")));
  const chips = SET_ELSEWHERE.filter((k) => f[k]).map((k) => h("span", { class: "chip", dataset: { filter: k } },
    k === "dyad" ? "between " + f[k].split(",").join(" and ") : (k === "place" ? "at " : k + " ") + f[k],
    h("button", { type: "button", class: "chip-x", title: "drop this filter", "aria-label": "drop " + k,
      onclick: () => go(view, { ...f, [k]: "" }) }, "×")));
  if (chips.length) form.append(h("div", { class: "chips" }, chips));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(view, Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

views.events = async function (root, params) {
  const [vocab, overview] = await Promise.all([once("vocab", "/vocabulary"), once("overview", "/overview")]);
  const f = { ...filtersOf(params), order: params.get("order") === "desc" ? "desc" : "" };
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const form = filterForm("events", f, vocab, overview, [["Order", h("select", { name: "order" },
    h("option", { value: "" }, "oldest first"),
    h("option", { value: "desc", selected: f.order === "desc" }, "newest first"))]]);

  const results = h("div", { id: "results" }, message("Loading…"));
  root.append(h("h1", {}, "Events"), form, results);
  try {
    const page = await api("/events" + query({ ...f, limit: PAGE, offset }));
    clear(results);
    const last = Math.min(page.total, offset + page.events.length);
    const pager = h("div", { class: "pager" },
      h("span", { id: "count" }, page.total ? `${offset + 1}–${last} of ${page.total} events` : "No events match."),
      h("button", { disabled: offset <= 0, onclick: () => go("events", { ...f, offset: Math.max(0, offset - PAGE) }) },
        "← Previous"),
      h("button", { disabled: last >= page.total, onclick: () => go("events", { ...f, offset: offset + PAGE }) },
        "Next →"));
    results.append(pager);
    if (page.events.length) results.append(legend(), eventTable(page.events));
    const here = f.place && page.events.length && page.events[0].location;
    const chip = form.querySelector(".chip[data-filter=place]");
    if (here && chip) chip.firstChild.textContent = "at " + placeName(here);
  } catch (err) {
    clear(results).append(failure(err));
  }
};

// -- map -------------------------------------------------------------------------------------------------------

// Equirectangular: one degree is the same length both ways. The map stops at 60°S, where the outlines do.
const MAP = { W: 1000, north: 85, south: -60 };
MAP.k = MAP.W / 360;
MAP.H = (MAP.north - MAP.south) * MAP.k;

function project(lon, lat) {
  const y = Math.min(MAP.north, Math.max(MAP.south, lat));
  return [(lon + 180) * MAP.k, (MAP.north - y) * MAP.k];
}

function placeName(p) {
  return (p.name || p.place || "?") + (p.country ? ", " + p.country : "");
}

// The country outlines we ship (Natural Earth 1:110m): rings of delta-encoded hundredths of a degree.
function outlines() {
  if (!cache.world) {
    cache.world = fetch("/static/world.json").then((r) => {
      if (!r.ok) throw new ApiError(r.status, "http_error", "the map's outlines cannot be loaded");
      return r.json();
    }).catch((e) => { delete cache.world; throw e; });
  }
  return cache.world;
}

function ringPath(flat, unit) {
  let x = 0, y = 0;
  const pts = [];
  for (let i = 0; i < flat.length; i += 2) {
    x += flat[i]; y += flat[i + 1];
    pts.push([x * unit, y * unit]);
  }
  // A ring that runs past the antimeridian (Chukotka, Fiji) is drawn again 360° over, so both ends show.
  const lons = pts.map((p) => p[0]);
  const shifts = [0];
  if (Math.max(...lons) > 180) shifts.push(-360);
  if (Math.min(...lons) < -180) shifts.push(360);
  return shifts.map((d) => "M" + pts.map(([lon, lat]) => project(lon + d, lat).map((v) => v.toFixed(1)).join(" "))
    .join("L") + "Z").join("");
}

function mapChart(world, points, pick) {
  const svg = s("svg", { viewBox: `0 0 ${MAP.W} ${MAP.H.toFixed(1)}`, role: "img", "aria-label": "events on a map" });
  svg.append(s("rect", { x: 0, y: 0, width: MAP.W, height: MAP.H, class: "sea" }));
  const land = s("g", { class: "countries" });
  for (const c of world.countries) {
    land.append(s("path", { d: c.rings.map((r) => ringPath(r, world.unit)).join(""), class: "country",
      dataset: { iso3: c.iso3 || "" } }, s("title", {}, c.name)));
  }
  svg.append(land);
  const most = Math.max(1, ...points.map((p) => p.events));
  const dots = s("g", { class: "points" });
  // Biggest first, so a small point beside a big one stays on top and can be clicked.
  for (const p of [...points].sort((a, b) => b.events - a.events)) {
    const [x, y] = project(p.lon, p.lat);
    const counts = [1, 2, 3, 4].filter((q) => p["quad" + q]).map((q) => `${QUADS[q].name} ${p["quad" + q]}`);
    const dot = s("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 13 * Math.sqrt(p.events / most)).toFixed(1),
      class: "point " + (QUADS[p.quad_class] ? QUADS[p.quad_class].cls : "q0"), tabindex: 0, role: "button",
      dataset: { place: p.place, events: p.events },
      onclick: () => pick(p, dot),
      onkeydown: (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); pick(p, dot); } } },
    s("title", {}, `${placeName(p)}: ${plural(p.events, "event")} (${counts.join(", ")})`));
    dot.dataset.r = dot.getAttribute("r");
    dots.append(dot);
  }
  svg.append(dots);
  return svg;
}

// The box around the points, with a margin, in the map's proportions and inside the map.
function pointsBox(points) {
  const xy = points.map((p) => project(p.lon, p.lat));
  const xs = xy.map((v) => v[0]), ys = xy.map((v) => v[1]);
  const ratio = MAP.H / MAP.W;
  let w = Math.max(Math.max(...xs) - Math.min(...xs) + 80, 120);
  w = Math.min(MAP.W, Math.max(w, (Math.max(...ys) - Math.min(...ys) + 80) / ratio));
  const h = w * ratio;
  const x = Math.min(MAP.W - w, Math.max(0, (Math.max(...xs) + Math.min(...xs) - w) / 2));
  const y = Math.min(MAP.H - h, Math.max(0, (Math.max(...ys) + Math.min(...ys) - h) / 2));
  return [x, y, w, h];
}

// Zooming keeps the points and lines their size on screen.
function zoomTo(svg, box) {
  svg.setAttribute("viewBox", box.map((v) => v.toFixed(1)).join(" "));
  const scale = box[2] / MAP.W;
  for (const dot of svg.querySelectorAll(".point")) dot.setAttribute("r", (dot.dataset.r * scale).toFixed(2));
}

views.map = async function (root, params) {
  const [vocab, overview, world] = await Promise.all([once("vocab", "/vocabulary"), once("overview", "/overview"),
    outlines()]);
  const f = filtersOf(params);
  root.append(h("h1", {}, "Map"),
    h("p", { class: "muted" }, "Where the events happened: a point per place, its size the number of events, its ",
      "colour the quad class of most of them (the more conflictual on a tie). Click a point for its events."),
    filterForm("map", f, vocab, overview));
  const results = h("div", { id: "map-results" }, message("Loading…"));
  root.append(results);
  const body = await api("/map" + query(f));
  clear(results);
  const here = h("div", { id: "map-events" });
  const pick = async (p, dot) => {
    for (const d of results.querySelectorAll(".point.picked")) d.classList.remove("picked");
    dot.classList.add("picked");
    clear(here).append(message("Loading…"));
    try {
      const page = await api("/events" + query({ ...f, place: p.place, limit: PAGE }));
      clear(here).append(h("h2", {}, `${placeName(p)}: ${plural(page.total, "event")}`), legend(),
        eventTable(page.events));
      if (page.total > page.events.length) {
        here.append(h("p", {}, h("a", { href: "#/events" + query({ ...f, place: p.place }) },
          `All ${page.total} events at ${p.name || p.place} in the table →`)));
      }
    } catch (err) {
      clear(here).append(failure(err));
    }
  };
  results.append(h("p", { class: "count", id: "map-count" }, body.total
    ? `${body.located} of ${plural(body.total, "event")} on the map, at ${plural(body.points.length, "place")}`
    : "No events match."));
  if (body.total && !body.points.length) {
    results.append(message("None of these events has a place the text names."));
  }
  const chart = mapChart(world, body.points, pick);
  const zoom = body.points.length ? h("div", { class: "buttons map-zoom" },
    h("button", { type: "button", id: "zoom-points", onclick: () => zoomTo(chart, pointsBox(body.points)) },
      "Zoom to the points"),
    h("button", { type: "button", id: "zoom-world", onclick: () => zoomTo(chart, [0, 0, MAP.W, MAP.H]) },
      "Whole world")) : "";
  results.append(h("div", { class: "map-head" }, quadLegend(), zoom), h("div", { class: "chart map", id: "map" },
    chart), here);
};

views.event = async function (root, params, id) {
  const e = await api("/events/" + encodeURIComponent(id));
  const art = e.article || {};
  const q = QUADS[e.quad_class] || { name: "" };
  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/events" }, "← Events")),
    h("h1", { class: "event-title" }, codeBadge(e), " ", e.cameo_name || e.cameo),
    h("p", { class: "dyad-line" }, actorLine(e.source), h("span", { class: "arrow" }, " → "), actorLine(e.target)),
    h("blockquote", { class: "sentence big" }, sentenceOf(e)),
    legend(),
    h("dl", { class: "facts" },
      fact("Date", [e.date || "undated", e.date_precision ? ` (${e.date_precision})` : "",
        e.date_source ? h("span", { class: "muted" }, " from “" + e.date_source + "”") : ""]),
      fact("Class", q.name),
      fact("Goldstein", e.goldstein),
      fact("PLOVER", e.plover ? [e.plover.event_type || "—", e.plover.mode ? " / " + e.plover.mode : ""] : "—"),
      fact("Trigger", e.trigger ? "“" + e.trigger.text + "”" : "—"),
      fact("Confidence", e.confidence),
      fact("Rule", h("code", { class: "rule" }, e.rule || "—")),
      fact("Event id", h("code", {}, e.event_id))),
  );
  if (e.source && e.target && keyOf(e.source) && keyOf(e.target)) {
    root.append(h("p", {}, h("a", { href: "#/dyad" + query({ a: keyOf(e.source), b: keyOf(e.target) }) },
      `All events between ${keyOf(e.source)} and ${keyOf(e.target)} →`)));
  }
  root.append(relations(e));
  root.append(h("section", { class: "article" },
    h("h2", {}, "Article"),
    h("h3", { class: "article-title" }, webUrl(art.url) ? h("a", { href: art.url, rel: "noopener noreferrer" },
      art.title || art.url) : (art.title || h("span", { class: "muted" }, "untitled"))),
    h("p", { class: "muted" }, [art.published ? "Published " + art.published : "No publication date",
      art.source ? " · " + art.source : ""]),
    h("div", { class: "article-text", id: "article-text" }, art.text ? highlight(art.text, 0, eventMarks(e)) : "")));
};

// Only web addresses become links; a javascript: or data: URL from a feed stays text.
function webUrl(url) {
  return typeof url === "string" && /^https?:\/\//i.test(url);
}

function actorLine(a) {
  if (!a) return h("span", { class: "muted" }, "no target");
  return h("span", { class: "actor-line" }, h("strong", {}, a.name || a.cameo || "?"), " ",
    h("span", { class: "muted" }, `${a.cameo || ""} · “${a.text || ""}”`));
}

function keyOf(a) {
  return a && (a.org || a.country);
}

function fact(label, value) {
  return [h("dt", {}, label), h("dd", {}, value === null || value === undefined ? "—" : value)];
}

// Stated links, the incident and the retaliation chains this event belongs to.
function relations(e) {
  const box = h("section", { class: "relations", id: "relations" });
  if (e.incident) {
    const n = e.incident.mentions;
    const link = h("a", { href: "#/incident/" + e.incident.id, id: "incident-link" }, "incident " + e.incident.id);
    box.append(h("p", { class: "incident-line" }, n > 1 ? [`One of ${n} reports of `, link] : ["The only report of ",
      link, " so far"]));
  }
  const linked = (items, label) => items && items.length ? h("div", { class: "links" }, h("h2", {}, label),
    h("ul", {}, items.map((l) => h("li", {}, linkedEvent(l.event_id),
      l.cue ? h("span", { class: "cue" }, " “" + l.cue + "”") : ""))))
    : "";
  box.append(linked(e.links, "Responds to"), linked(e.responded_by, "Answered by"));
  const chains = h("div", { id: "event-chains" });
  box.append(chains);
  api("/chains" + query({ event: e.event_id })).then((found) => {
    if (!found.length) return;
    append(chains, [h("h2", {}, found.length === 1 ? "Retaliation chain" : "Retaliation chains"),
      found.map((c) => h("div", { class: "card" }, chainList(c, e.event_id)))]);
  }).catch((err) => chains.append(failure(err)));
  return box;
}

// A link to another event, named by its id until its summary arrives.
function linkedEvent(id) {
  const a = h("a", { href: "#/event/" + id }, id);
  api("/events/" + encodeURIComponent(id)).then((o) => {
    a.textContent = `${o.date || "undated"} ${keyOf(o.source) || "?"} ${o.cameo_name || o.cameo}` +
      (o.target ? ` ${keyOf(o.target) || o.target.cameo || ""}` : "") + ` (“${o.trigger ? o.trigger.text : ""}”)`;
  }).catch(() => {});
  return a;
}

views.code = async function (root, params) {
  const text = h("textarea", { name: "text", id: "code-text", rows: 12, required: true,
    placeholder: "Paste a news article here…" });
  const title = h("input", { name: "title", id: "code-title", placeholder: "optional" });
  const published = h("input", { type: "date", name: "published", id: "code-published" });
  const out = h("div", { id: "code-results" });
  const button = h("button", { type: "submit", class: "primary" }, "Code it");
  const form = h("form", { class: "code-form" },
    h("label", { class: "field wide" }, h("span", {}, "Article text"), text),
    h("div", { class: "row" },
      h("label", { class: "field grow" }, h("span", {}, "Title"), title),
      h("label", { class: "field" }, h("span", {}, "Published"), published),
      h("div", { class: "buttons" }, button)));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    clear(out).append(message("Coding…"));
    const body = { text: text.value };
    if (title.value.trim()) body.title = title.value.trim();
    if (published.value) body.published = published.value;
    try {
      const result = await api("/code", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body) });
      clear(out);
      out.append(h("p", { class: "count" }, plural(result.events.length, "event")));
      if (result.events.length) out.append(legend(), eventTable(result.events, false));
      if (result.removals.length) {
        out.append(h("h2", {}, "Removed before coding"), h("ul", { class: "removals" }, result.removals.map((r) =>
          h("li", {}, h("code", {}, r.rule), " ", r.reason, ": ",
            h("span", { class: "muted" }, "“" + r.text.trim() + "”")))));
      }
    } catch (err) {
      clear(out).append(failure(err));
    } finally {
      button.disabled = false;
    }
  });
  root.append(h("h1", {}, "Code an article"),
    h("p", { class: "muted" }, "The text is coded by the server’s pipeline and shown here; nothing is stored."),
    form, out);
};

// -- dyads -----------------------------------------------------------------------------------------------------

views.dyad = async function (root, params) {
  const overview = await once("overview", "/overview");
  let a = (params.get("a") || "").toUpperCase();
  let b = (params.get("b") || "").toUpperCase();
  const by = ["day", "week", "month"].includes(params.get("by")) ? params.get("by") : "month";
  if (!a || !b) {
    const [top] = await api("/top/dyads?n=1");
    if (top) [a, b] = [top.source, top.target];
  }
  const keyInput = (name, value) => h("input", { name, value, list: "dyad-keys", size: 8, autocomplete: "off",
    required: true, pattern: "[A-Za-z0-9]{1,16}" });
  const form = h("form", { class: "dyad-form", id: "dyad-form" },
    h("datalist", { id: "dyad-keys" }, overview.actors.map((x) => h("option", { value: x.key }, x.name || x.key))),
    h("label", { class: "field" }, h("span", {}, "Actor A"), keyInput("a", a)),
    h("label", { class: "field" }, h("span", {}, "Actor B"), keyInput("b", b)),
    h("label", { class: "field" }, h("span", {}, "By"), h("select", { name: "by" },
      ["day", "week", "month"].map((p) => h("option", { value: p, selected: p === by }, p)))),
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Show")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    go("dyad", { a: data.a.toUpperCase(), b: data.b.toUpperCase(), by: data.by });
  });
  root.append(h("h1", {}, "Dyads"), form);
  if (!a || !b) {
    root.append(message("The store holds no event with both a source and a target yet."));
    return;
  }
  const series = await api("/dyads/series" + query({ a, b, by }));
  const out = h("div", { id: "dyad-results" });
  root.append(out);
  const ab = `${series.a} → ${series.b}`;
  const ba = `${series.b} → ${series.a}`;
  const count = series.points.reduce((n, p) => n + p.events, 0);
  out.append(h("p", { class: "dyad-summary" },
    h("strong", {}, `${count} dated events between ${series.a} and ${series.b}`), " · ",
    h("a", { href: "#/events" + query({ dyad: series.a + "," + series.b }) }, "see them in the table")));
  if (!series.points.length) {
    out.append(message(`No dated events between ${series.a} and ${series.b}.`));
    return;
  }
  const periods = fillPeriods(series.points.map((p) => p.period), series.by);
  const cell = (period, src) => series.points.find((p) => p.period === period && p.source === src);
  out.append(quadLegend());
  out.append(h("div", { class: "chart", id: "quad-chart" },
    quadChart(periods, [ab, ba], [(p) => cell(p, series.a), (p) => cell(p, series.b)])));
  out.append(h("div", { class: "chart", id: "goldstein-chart" },
    goldsteinChart(periods, [ab, ba], [(p) => cell(p, series.a), (p) => cell(p, series.b)])));
  out.append(h("h2", {}, "By period"), h("table", { class: "plain", id: "series-table" },
    h("thead", {}, h("tr", {}, ["Period", "Direction", "Events", "Verbal coop.", "Material coop.", "Verbal conflict",
      "Material conflict", "Goldstein"].map((t) => h("th", {}, t)))),
    h("tbody", {}, series.points.map((p) => h("tr", {},
      h("td", { class: "nowrap" }, p.period), h("td", {}, `${p.source} → ${p.target}`), h("td", {}, p.events),
      h("td", {}, p.quad1), h("td", {}, p.quad2), h("td", {}, p.quad3), h("td", {}, p.quad4),
      h("td", {}, p.goldstein.toFixed(1)))))));
};

// Every period from the first to the last, so gaps show as gaps; past a few hundred, only those with events.
function fillPeriods(present, by) {
  const sorted = [...new Set(present)].sort();
  const all = [];
  let d = new Date(sorted[0] + "T00:00:00Z");
  const end = new Date(sorted[sorted.length - 1] + "T00:00:00Z");
  while (d <= end && all.length <= 200) {
    all.push(d.toISOString().slice(0, 10));
    if (by === "month") d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
    else d = new Date(d.getTime() + (by === "week" ? 7 : 1) * 86400000);
  }
  return all.length > 200 ? sorted : all;
}

function periodLabel(period, by) {
  return by === "month" ? period.slice(0, 7) : period;
}

function niceMax(v) {
  if (v <= 0) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// Cooperation stacks up from the axis, conflict down; the two directions sit side by side in each period.
function quadChart(periods, names, getters) {
  const W = 1100, H = 300, L = 44, R = 12, T = 28, B = 46;
  const up = (c) => (c ? c.quad1 + c.quad2 : 0);
  const down = (c) => (c ? c.quad3 + c.quad4 : 0);
  let max = 1;
  for (const p of periods) for (const g of getters) max = Math.max(max, up(g(p)), down(g(p)));
  max = niceMax(max);
  const mid = T + (H - T - B) / 2;
  const scale = (H - T - B) / 2 / max;
  const step = (W - L - R) / periods.length;
  const bw = Math.max(2, Math.min(22, step * 0.38));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "events by quad class" });
  svg.append(s("text", { x: L, y: 16, class: "title" }, "Events by quad class: cooperation up, conflict down"));
  for (const v of [max, max / 2, -max / 2, -max].filter(Number.isInteger)) {
    const y = mid - v * scale;
    svg.append(s("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }),
      s("text", { x: L - 6, y: y + 4, "text-anchor": "end" }, String(Math.abs(v))));
  }
  svg.append(s("line", { x1: L, x2: W - R, y1: mid, y2: mid, class: "axis" }),
    s("text", { x: W - R, y: mid - 6, "text-anchor": "end" }, "cooperation ↑"),
    s("text", { x: W - R, y: mid + 14, "text-anchor": "end" }, "conflict ↓"));
  periods.forEach((period, i) => {
    getters.forEach((g, k) => {
      const c = g(period);
      if (!c) return;
      const x = L + i * step + step / 2 + (k === 0 ? -bw - 1 : 1);
      let y = mid;
      for (const q of [2, 1]) {
        const n = c["quad" + q];
        if (!n) continue;
        y -= n * scale;
        svg.append(bar(x, y, bw, n * scale, "q" + q, `${names[k]} · ${period} · ${QUADS[q].name}: ${n}`));
      }
      y = mid;
      for (const q of [3, 4]) {
        const n = c["quad" + q];
        if (!n) continue;
        svg.append(bar(x, y, bw, n * scale, "q" + q, `${names[k]} · ${period} · ${QUADS[q].name}: ${n}`));
        y += n * scale;
      }
    });
  });
  xLabels(svg, periods, L, step, H - B + 16);
  svg.append(s("text", { x: W - R, y: 16, "text-anchor": "end" }, `left bar ${names[0]} · right bar ${names[1]}`));
  return svg;
}

function bar(x, y, w, height, cls, label) {
  return s("rect", { x, y, width: w, height: Math.max(height, 0.5), class: cls }, s("title", {}, label));
}

function xLabels(svg, periods, L, step, y) {
  const every = Math.ceil(periods.length / 12);
  periods.forEach((p, i) => {
    if (i % every) return;
    const label = p.length > 7 && every > 1 ? p.slice(0, 7) : p;
    svg.append(s("text", { x: L + i * step + step / 2, y, "text-anchor": "middle" }, label));
  });
}

function goldsteinChart(periods, names, getters) {
  const W = 1100, H = 240, L = 44, R = 12, T = 28, B = 46;
  let lo = 0, hi = 0;
  for (const p of periods) for (const g of getters) {
    const c = g(p);
    if (c) { lo = Math.min(lo, c.goldstein); hi = Math.max(hi, c.goldstein); }
  }
  const span = niceMax(Math.max(Math.abs(lo), Math.abs(hi)));
  const scale = (H - T - B) / (2 * span);
  const mid = T + (H - T - B) / 2;
  const step = (W - L - R) / periods.length;
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Goldstein sums" });
  svg.append(s("text", { x: L, y: 16, class: "title" }, "Goldstein sum per period"));
  for (const v of [span, span / 2, -span / 2, -span]) {
    const y = mid - v * scale;
    svg.append(s("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }),
      s("text", { x: L - 6, y: y + 4, "text-anchor": "end" }, String(v)));
  }
  svg.append(s("line", { x1: L, x2: W - R, y1: mid, y2: mid, class: "axis" }),
    s("text", { x: L - 6, y: mid + 4, "text-anchor": "end" }, "0"));
  getters.forEach((g, k) => {
    const cls = k === 0 ? "ab" : "ba";
    const pts = periods.map((p, i) => [L + i * step + step / 2, mid - (g(p) ? g(p).goldstein : 0) * scale, g(p), p]);
    svg.append(s("polyline", { points: pts.map(([x, y]) => `${x},${y}`).join(" "), class: "line " + cls }));
    for (const [x, y, c, p] of pts) {
      if (c) svg.append(s("circle", { cx: x, cy: y, r: 3.5, class: "dot " + cls },
        s("title", {}, `${names[k]} · ${p}: ${c.goldstein.toFixed(1)} over ${c.events} events`)));
    }
  });
  xLabels(svg, periods, L, step, H - B + 16);
  svg.append(s("text", { x: W - R - 150, y: 16, "text-anchor": "end", class: "key-ab" }, "● " + names[0]),
    s("text", { x: W - R, y: 16, "text-anchor": "end", class: "key-ba" }, "● " + names[1]));
  return svg;
}

// -- network ---------------------------------------------------------------------------------------------------

views.network = async function (root, params) {
  const n = Math.min(100, Math.max(2, parseInt(params.get("n") || "25", 10) || 25));
  const dyads = await api("/top/dyads?n=" + n);
  const picker = h("select", { name: "n", id: "network-n", onchange: (ev) => go("network", { n: ev.target.value }) },
    [10, 25, 50, 100].map((v) => h("option", { value: v, selected: v === n }, `top ${v} dyads`)));
  root.append(h("h1", {}, "Actor network"),
    h("p", { class: "muted" }, "Who acts on whom: the directed dyads with most events. Line width is the number of ",
      "events, colour the mean Goldstein score (red conflict, green cooperation). Click an actor for its events, a ",
      "line for the dyad."), h("p", {}, picker));
  if (!dyads.length) {
    root.append(message("The store holds no event with both a source and a target yet."));
    return;
  }
  root.append(h("div", { class: "chart network", id: "network" }, networkChart(dyads)));
  root.append(h("h2", {}, "Top dyads"), h("table", { class: "plain", id: "dyad-table" },
    h("thead", {}, h("tr", {}, ["Source", "Target", "Events", "Cooperation", "Conflict", "Goldstein"].map((t) =>
      h("th", {}, t)))),
    h("tbody", {}, dyads.map((d) => h("tr", {},
      h("td", {}, h("span", { class: "actor" }, d.source)), h("td", {}, h("span", { class: "actor" }, d.target)),
      h("td", {}, h("a", { href: "#/dyad" + query({ a: d.source, b: d.target }) }, d.events)),
      h("td", {}, d.cooperation), h("td", {}, d.conflict), h("td", {}, d.goldstein.toFixed(1)))))));
};

function goldsteinColour(mean) {
  const t = Math.max(-1, Math.min(1, mean / 6));
  if (Math.abs(t) < 0.05) return "#9aa3ae";
  return t < 0 ? `rgba(192, 57, 43, ${0.35 + 0.65 * -t})` : `rgba(46, 139, 87, ${0.35 + 0.65 * t})`;
}

// A small deterministic force layout: linked actors pull together, all push apart, and a pull to the centre
// (stronger vertically, as the frame is wide) keeps them in view.
function layout(nodes, dyads, W, H) {
  const pos = {};
  const n = nodes.length;
  nodes.forEach((k, i) => {
    const angle = (2 * Math.PI * i) / n;
    pos[k] = [W / 2 + (W / 3) * Math.cos(angle), H / 2 + (H / 3) * Math.sin(angle)];
  });
  const k = Math.sqrt((W * H) / Math.max(n, 1)) * 0.45;
  let t = W / 8;
  for (let iter = 0; iter < 400; iter++) {
    const disp = Object.fromEntries(nodes.map((v) => [v, [0, 0]]));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const [a, b] = [nodes[i], nodes[j]];
        let dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
        const d = Math.max(Math.hypot(dx, dy), 1);
        const f = (k * k) / d;
        dx = (dx / d) * f; dy = (dy / d) * f;
        disp[a][0] += dx; disp[a][1] += dy; disp[b][0] -= dx; disp[b][1] -= dy;
      }
    }
    for (const e of dyads) {
      if (e.source === e.target) continue;
      const [a, b] = [e.source, e.target];
      const dx = pos[a][0] - pos[b][0], dy = pos[a][1] - pos[b][1];
      const d = Math.max(Math.hypot(dx, dy), 1);
      const f = 0.6 * (d - 130);  // a spring: linked actors settle about 130 apart, room for the arrows
      disp[a][0] -= (dx / d) * f; disp[a][1] -= (dy / d) * f;
      disp[b][0] += (dx / d) * f; disp[b][1] += (dy / d) * f;
    }
    for (const v of nodes) {
      disp[v][0] -= (pos[v][0] - W / 2) * 0.7;
      disp[v][1] -= (pos[v][1] - H / 2) * 1.2;
      const d = Math.max(Math.hypot(...disp[v]), 0.01);
      pos[v][0] = Math.min(W - 60, Math.max(60, pos[v][0] + (disp[v][0] / d) * Math.min(d, t)));
      pos[v][1] = Math.min(H - 50, Math.max(40, pos[v][1] + (disp[v][1] / d) * Math.min(d, t)));
    }
    t = Math.max(1, t * 0.985);
  }
  return pos;
}

// Each direction of a dyad is its own arc, so A→B and B→A stay apart.
function networkChart(dyads) {
  const W = 1000, H = 620;
  const weight = {};
  for (const d of dyads) for (const k of [d.source, d.target]) weight[k] = (weight[k] || 0) + d.events;
  const nodes = Object.keys(weight).sort((x, y) => weight[y] - weight[x] || (x < y ? -1 : 1));
  const pos = layout(nodes, dyads, W, H);
  const maxWeight = Math.max(...Object.values(weight));
  const radius = (key) => 9 + 11 * Math.sqrt(weight[key] / maxWeight);
  const maxEvents = Math.max(...dyads.map((d) => d.events));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const defs = s("defs");
  svg.append(defs);
  dyads.forEach((d, i) => {
    const colour = goldsteinColour(d.goldstein / d.events);
    const id = "arrow-" + i;
    defs.append(s("marker", { id, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 9, markerHeight: 9,
      orient: "auto-start-reverse", markerUnits: "userSpaceOnUse" },
    s("path", { d: "M0,0 L10,5 L0,10 z", fill: colour })));
    const [x1, y1] = pos[d.source];
    const [x2, y2] = pos[d.target];
    const width = 1.5 + 6 * (d.events / maxEvents);
    const label = `${d.source} → ${d.target}: ${d.events} events, Goldstein ${d.goldstein.toFixed(1)}`;
    const link = s("a", { href: "#/dyad" + query({ a: d.source, b: d.target }), class: "edge-link" });
    if (d.source === d.target) {
      const r = radius(d.source);
      link.append(s("circle", { cx: x1 + r, cy: y1 - r, r: r * 0.8, fill: "none", stroke: colour,
        "stroke-width": width, class: "edge" }, s("title", {}, label)));
    } else {
      const dx = x2 - x1, dy = y2 - y1, len = Math.hypot(dx, dy) || 1;
      const bend = Math.min(30, len * 0.18);
      const mx = (x1 + x2) / 2 - (dy / len) * bend, my = (y1 + y2) / 2 + (dx / len) * bend;
      const from = radius(d.source) / len, to = (radius(d.target) + 2) / len;
      link.append(s("path", { d: `M${x1 + dx * from},${y1 + dy * from} Q${mx},${my} ${x2 - dx * to},${y2 - dy * to}`,
        fill: "none", stroke: colour, "stroke-width": width, "marker-end": `url(#${id})`, class: "edge" },
      s("title", {}, label)));
    }
    svg.append(link);
  });
  for (const k of nodes) {
    const [x, y] = pos[k];
    const r = radius(k);
    svg.append(s("a", { href: "#/events" + query({ actor: k }), class: "node", dataset: { key: k } },
      s("circle", { cx: x, cy: y, r }, s("title", {}, `${k}: ${weight[k]} events in these dyads`)),
      s("text", { x, y: y + r + 14, "text-anchor": "middle" }, k)));
  }
  return svg;
}

// -- chains and incidents --------------------------------------------------------------------------------------

function chainList(chain, current) {
  return h("ol", { class: "chain" }, chain.steps.map((step, i) => h("li",
    { class: step.event_id === current ? "here" : "" },
    i && step.cue ? h("span", { class: "cue" }, "“" + step.cue + "” ") : "",
    h("span", { class: "nowrap muted" }, step.date || "undated"), " ",
    h("span", { class: "actor" }, step.source || "?"), " ",
    h("a", { href: "#/event/" + step.event_id }, step.cameo_name || step.cameo), " ",
    step.target ? h("span", { class: "actor" }, step.target) : "",
    step.trigger ? h("span", { class: "muted" }, " — " + step.trigger) : "",
    step.incident !== null && step.incident !== undefined
      ? [" ", h("a", { href: "#/incident/" + step.incident, class: "muted small" }, "incident " + step.incident)]
      : "")));
}

views.chains = async function (root, params) {
  const actor = (params.get("actor") || "").toUpperCase();
  const found = await api("/chains" + query({ actor }));
  const input = h("input", { name: "actor", value: actor, placeholder: "any actor", size: 8,
    pattern: "[A-Za-z0-9]{1,16}" });
  const form = h("form", { class: "filters" },
    h("label", { class: "field" }, h("span", {}, "Actor"), input),
    h("div", { class: "buttons" }, h("button", { type: "submit", class: "primary" }, "Filter")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    go("chains", { actor: input.value.toUpperCase() });
  });
  root.append(h("h1", {}, "Retaliation chains"),
    h("p", { class: "muted" }, "Acts the text states were answers to earlier acts (“in response to”, ",
      "“in retaliation for”), followed from the first act to the last answer."), form);
  if (!found.length) {
    root.append(message(actor ? `No chain involves ${actor}.` : "The store holds no stated responses yet."));
    return;
  }
  root.append(h("div", { class: "cards", id: "chains" }, found.map((c) => h("div", { class: "card" },
    h("p", { class: "card-head" }, `${c.steps.length} steps · `, c.actors.join(", ")), chainList(c)))));
};

views.incident = async function (root, params, id) {
  const inc = await api("/incidents/" + encodeURIComponent(id));
  const first = inc.mentions[0] || {};
  root.append(
    h("p", { class: "crumbs" }, h("a", { href: "#/events" }, "← Events")),
    h("h1", {}, `Incident ${inc.id}: `, first.cameo_name || "CAMEO root " + inc.root),
    h("p", { class: "dyad-line" }, h("span", { class: "actor" }, inc.source || "?"),
      h("span", { class: "arrow" }, " → "),
      h("span", { class: "actor" }, inc.target || "—")),
    h("dl", { class: "facts" },
      fact("Dates", inc.date === inc.date_last || !inc.date_last ? inc.date || "undated"
        : `${inc.date} to ${inc.date_last}`),
      fact("Reports", `${plural(inc.mentions.length, "event")} in ${plural(inc.articles, "article")} from ` +
        plural(inc.sources, "source")),
      fact("First seen", inc.first_seen || "—")),
    h("h2", {}, "Reports"), legend(), eventTable(inc.mentions));
};

// -- router ----------------------------------------------------------------------------------------------------

function go(view, params, arg) {
  location.hash = "#/" + view + (arg ? "/" + encodeURIComponent(arg) : "") + query(params || {});
}

async function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, search] = hash.split("?");
  const [name, ...rest] = path.split("/");
  const view = views[name] ? name : "events";
  // A fresh container per visit: a slower, earlier view that finishes late writes into a detached one.
  const root = h("div", { class: "view-" + view });
  clear(document.getElementById("view")).append(root);
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === view);
  try {
    await views[view](root, new URLSearchParams(search || ""), rest.map(decodeURIComponent).join("/"));
  } catch (err) {
    root.append(failure(err));
  }
}

async function storeInfo() {
  try {
    const o = await once("overview", "/overview");
    const range = o.first_date ? ` · ${o.first_date} to ${o.last_date}` : "";
    document.getElementById("store-info").textContent = `${o.articles} articles · ${o.events} events${range}`;
  } catch (err) {
    document.getElementById("store-info").textContent = err.message;
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  storeInfo();
  route();
});
