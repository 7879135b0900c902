"""The dashboard in headless Chromium (Debian's package, driven by Playwright), served by a real uvicorn."""

from __future__ import annotations

import os
import re

import httpx
import pytest

from dragoman.web import ServeOptions, create_app
from test_web_api import XSS, build_store, running

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("dashboard"))


@pytest.fixture(scope="session")
def site(dashboard_db, coder):
    with running(create_app(dashboard_db, coder=coder)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); "
                    "the tests never download a browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def located_site(located_db):
    with running(create_app(located_db)) as url:
        yield url


def open_page(browser, url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
    p = context.new_page()
    errors = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    # A 4xx answer is one the page handles (and the tests check); anything else logged as an error is a fault.
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" and not re.search(
        r"status of 4\d\d", m.text) else None)
    p.set_default_timeout(15_000)
    yield p
    context.close()
    assert errors == [], errors


@pytest.fixture()
def page(browser, site):
    yield from open_page(browser, site)


@pytest.fixture()
def map_page(browser, located_site):
    yield from open_page(browser, located_site)


@pytest.fixture(scope="session")
def api(site):
    with httpx.Client(base_url=site, timeout=30) as c:
        yield c


@pytest.fixture(scope="session")
def located_api(located_site):
    with httpx.Client(base_url=located_site, timeout=30) as c:
        yield c


def rows(page):
    return page.locator("table.events tbody tr")


def pwned(page):
    return page.evaluate("() => window.__dragomanXss")


def test_the_table_lists_and_pages_the_events(page, api):
    total = api.get("/api/events", params={"limit": 1}).json()["total"]
    page.goto("/")
    page.wait_for_selector("table.events tbody tr")
    assert page.locator("#count").inner_text() == f"1–50 of {total} events"
    assert rows(page).count() == 50
    articles = api.get("/api/overview").json()["articles"]
    assert page.locator("#store-info").inner_text().startswith(f"{articles} articles · {total} events")
    page.get_by_role("button", name="Next →").click()
    page.wait_for_function("() => document.querySelector('#count')?.textContent.startsWith('51–')")
    assert "offset=50" in page.url
    page.go_back()
    page.wait_for_function("() => document.querySelector('#count')?.textContent.startsWith('1–')")
    newest = api.get("/api/events", params={"order": "desc", "limit": 1}).json()["events"][0]
    page.select_option("select[name=order]", "desc")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function("id => document.querySelector('table.events tbody tr')?.dataset.id === id",
                           arg=newest["event_id"])


def test_filters_narrow_the_table_to_what_the_api_gives(page, api):
    expected = api.get("/api/events", params={"actor": "POL", "root": "11", "limit": 500}).json()
    assert expected["total"] >= 2
    page.goto("/#/events")
    page.wait_for_selector("table.events tbody tr")
    page.fill("input[name=actor]", "POL")
    page.select_option("select[name=root]", "11")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function("n => document.querySelector('#count')?.textContent.endsWith(`of ${n} events`)",
                           arg=expected["total"])
    assert rows(page).count() == expected["total"]
    shown = rows(page).evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert shown == [e["event_id"] for e in expected["events"]]
    for i in range(rows(page).count()):
        row = rows(page).nth(i)
        assert row.locator(".code").inner_text().startswith("11")
        assert "POL" in row.locator("td").nth(1).inner_text() + row.locator("td").nth(3).inner_text()

    page.fill("input[name=q]", "farmers")
    page.fill("input[name=since]", "2024-10-15")
    page.fill("input[name=until]", "2024-10-15")
    page.get_by_role("button", name="Filter").click()
    narrower = api.get("/api/events", params={"actor": "POL", "root": "11", "q": "farmers", "since": "2024-10-15",
                                             "until": "2024-10-15"}).json()["total"]
    assert narrower >= 1
    page.wait_for_function(f"() => document.querySelector('#count')?.textContent.endsWith('of {narrower} events')")
    assert "q=farmers" in page.url
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function("() => document.querySelector('#count')?.textContent.startsWith('1–50')")
    assert page.input_value("input[name=actor]") == ""


def test_no_match_says_so(page):
    page.goto("/#/events?q=no-such-words-anywhere")
    page.wait_for_selector("#count")
    assert page.locator("#count").inner_text() == "No events match."
    assert rows(page).count() == 0


def test_each_sentence_marks_its_trigger_and_actors(page, api):
    page.goto("/#/events?actor=BLR&root=16")
    page.wait_for_selector("table.events tbody tr")
    events = {e["event_id"]: e for e in api.get("/api/events", params={"actor": "BLR", "root": "16"}).json()["events"]}
    for i in range(rows(page).count()):
        row = rows(page).nth(i)
        e = events[row.get_attribute("data-id")]
        sentence = row.locator("td.sentence")
        assert sentence.inner_text() == e["sentence"]
        assert sentence.locator("mark.src").all_inner_texts() == [e["source"]["text"]]
        if e["target"]:
            assert sentence.locator("mark.tgt").all_inner_texts() == [e["target"]["text"]]
        assert "".join(sentence.locator("mark.trg").all_inner_texts()) in e["trigger"]["text"]


def test_an_event_page_shows_its_article_with_the_words_marked(page, api):
    e = api.get("/api/events", params={"source": "POL", "target": "BLR", "root": "16"}).json()["events"][0]
    page.goto("/#/events?source=POL&target=BLR&root=16")
    page.locator(f"tr[data-id='{e['event_id']}'] td.event-cell a").click()
    page.wait_for_selector("#article-text")
    assert page.url.endswith("#/event/" + e["event_id"])
    assert page.locator("h1").inner_text().endswith("Reduce or break diplomatic relations")
    title = "Poland expels three Belarusian diplomats over espionage claims"
    assert page.locator(".article-title").inner_text() == title
    body = page.locator("#article-text")
    assert body.locator("mark.src").all_inner_texts() == ["Poland"]
    assert body.locator("mark.tgt").all_inner_texts() == ["three Belarusian diplomats"]
    assert e["sentence"] in body.inner_text()
    assert e["rule"] in page.locator("code.rule").inner_text()
    assert "on Tuesday" in page.locator("dl.facts").inner_text()
    assert page.get_by_role("link", name="All events between POL and BLR →").is_visible()
    page.get_by_role("link", name="← Events").click()
    page.wait_for_selector("table.events tbody tr")


def test_an_unknown_event_says_so(page):
    page.goto("/#/event/0123456789abcdef")
    page.wait_for_selector(".message.error")
    assert "no event 0123456789abcdef" in page.locator(".message.error").inner_text()


def test_a_pasted_article_is_coded_live(page, api):
    before = api.get("/api/overview").json()["events"]
    page.goto("/#/code")
    page.fill("#code-text", "Chile expelled two Bolivian diplomats on Monday. Peru praised the decision.")
    page.fill("#code-title", "Expulsions")
    page.fill("#code-published", "2024-02-10")
    page.get_by_role("button", name="Code it").click()
    page.wait_for_selector("#code-results table.events tbody tr")
    row = page.locator("#code-results tbody tr").first
    assert row.locator("td").first.inner_text() == "2024-02-05"
    assert row.locator(".code").inner_text() == "161"
    assert row.locator("td.sentence mark.src").inner_text() == "Chile"
    assert row.locator("td.sentence mark.tgt").inner_text() == "two Bolivian diplomats"
    assert re.fullmatch(r"\d+ events?", page.locator("#code-results .count").inner_text())
    assert api.get("/api/overview").json()["events"] == before


def test_a_bad_paste_shows_the_api_message(page):
    page.goto("/#/code")
    page.evaluate("() => document.getElementById('code-text').removeAttribute('required')")
    page.get_by_role("button", name="Code it").click()
    page.wait_for_selector("#code-results .message.error")
    assert "text" in page.locator("#code-results .message.error").inner_text()


def test_markup_in_articles_stays_text(page):
    page.goto("/#/events?q=" + "%3Cscript%3E")
    page.wait_for_selector("table.events tbody tr")
    assert rows(page).count() >= 1  # the body's act, and the headline's where it codes one
    assert XSS in rows(page).first.locator("td.sentence").inner_text()
    assert pwned(page) is None

    rows(page).first.locator("td.event-cell a").click()
    page.wait_for_selector("#article-text")
    assert XSS in page.locator(".article-title").inner_text()
    assert page.locator(".article-title a").count() == 0  # its javascript: URL is not a link
    text = page.locator("#article-text").inner_text()
    assert XSS in text and '<img src=x onerror="window.__dragomanXss = 1">' in text
    assert page.locator("#view script, #view img").count() == 0
    assert pwned(page) is None

    page.goto("/#/code")
    page.fill("#code-text", f"Chile expelled two Bolivian diplomats {XSS} on Monday.")
    page.get_by_role("button", name="Code it").click()
    page.wait_for_selector("#code-results tbody tr")
    assert XSS in page.locator("#code-results td.sentence").inner_text()
    assert page.locator("#view script").count() == 0
    assert pwned(page) is None


def test_the_dyad_view_charts_both_directions(page, api):
    series = api.get("/api/dyads/series", params={"a": "POL", "b": "UKR", "by": "month"}).json()
    page.goto("/#/dyad?a=POL&b=UKR&by=month")
    page.wait_for_selector("#quad-chart svg")
    total = sum(p["events"] for p in series["points"])
    assert page.locator(".dyad-summary").inner_text().startswith(f"{total} dated events between POL and UKR")
    cells = sum(1 for p in series["points"] for q in (1, 2, 3, 4) if p[f"quad{q}"])
    assert page.locator("#quad-chart rect").count() == cells
    assert page.locator("#goldstein-chart circle").count() == len(series["points"])
    assert page.locator("#series-table tbody tr").count() == len(series["points"])
    directions = set(page.locator("#series-table tbody td:nth-child(2)").all_inner_texts())
    assert directions == {"POL → UKR", "UKR → POL"}

    page.select_option("select[name=by]", "week")
    page.get_by_role("button", name="Show").click()
    page.wait_for_function("() => location.hash.includes('by=week')")
    page.wait_for_selector("#series-table")
    page.get_by_role("link", name="see them in the table").click()
    page.wait_for_selector("table.events tbody tr")
    assert page.locator("#count").inner_text().endswith(
        f"of {api.get('/api/events', params={'dyad': 'POL,UKR'}).json()['total']} events")
    assert page.locator(".chip").inner_text().startswith("between POL and UKR")
    page.get_by_role("button", name="drop dyad").click()
    page.wait_for_function("() => document.querySelector('#count')?.textContent.startsWith('1–50')")


def test_the_network_draws_the_top_dyads(page, api):
    dyads = api.get("/api/top/dyads", params={"n": 25}).json()
    page.goto("/#/network")
    page.wait_for_selector("#network svg")
    keys = set(page.locator("#network .node").evaluate_all("nodes => nodes.map(n => n.dataset.key)"))
    assert keys == {d["source"] for d in dyads} | {d["target"] for d in dyads}
    assert page.locator("#network .edge").count() == len(dyads)
    assert page.locator("#dyad-table tbody tr").count() == len(dyads)
    page.locator("#network .node[data-key='POL']").click()
    page.wait_for_selector("table.events tbody tr")
    assert page.input_value("input[name=actor]") == "POL"


def test_an_event_links_to_its_incident_and_its_chain(page, api):
    events = api.get("/api/events", params={"source": "JPN", "target": "PRK"}).json()["events"]
    answer = next(e for e in events if e["links"])
    page.goto("/#/event/" + answer["event_id"])
    page.wait_for_selector("#event-chains .chain")
    chain = page.locator("#event-chains .chain li")
    assert chain.count() == 2
    assert "Demonstrate military or police power" in chain.nth(0).inner_text()
    assert "here" in chain.nth(1).get_attribute("class")
    assert page.locator("#relations").get_by_text("Responds to").is_visible()
    earlier = page.locator("#relations .links a").first
    earlier.filter(has_text="PRK Demonstrate military or police power").wait_for()
    assert earlier.get_attribute("href") == "#/event/" + answer["links"][0]["event_id"]

    page.locator("#incident-link").click()
    page.wait_for_selector("table.events tbody tr")
    assert re.search(r"#/incident/\d+$", page.url)
    assert answer["event_id"] in rows(page).evaluate_all("rows => rows.map(r => r.dataset.id)")
    assert rows(page).first.locator("td.sentence mark.src").count() == 1


def test_an_event_reported_more_than_once_links_to_its_incident(page, api):
    events = api.get("/api/events", params={"limit": 500}).json()["events"]
    busy = max(events, key=lambda e: e["incident"]["mentions"])
    n = busy["incident"]["mentions"]
    assert n >= 2
    page.goto("/#/events?" + f"source={busy['source']['org'] or busy['source']['country']}&root={busy['root']}")
    row = page.locator(f"tr[data-id='{busy['event_id']}']")
    row.locator("a.reports").click()
    page.wait_for_selector("table.events tbody tr")
    assert page.url.endswith(f"#/incident/{busy['incident']['id']}")
    assert rows(page).count() == n
    assert page.locator("dl.facts").inner_text().count(f"{n} events in") == 1


def test_the_chains_view_lists_stated_retaliation(page, api):
    chains = api.get("/api/chains").json()
    page.goto("/#/chains")
    page.wait_for_selector("#chains .card")
    assert page.locator("#chains .card").count() == len(chains)
    page.fill("input[name=actor]", "prk")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_function("() => location.hash.includes('actor=PRK')")
    page.wait_for_selector("#chains .card")
    cards = page.locator("#chains .card")
    assert cards.count() == len(api.get("/api/chains", params={"actor": "PRK"}).json()) >= 1
    cards.first.locator(".chain li").first.locator("a").first.click()
    page.wait_for_selector("#article-text")


# -- the map: over a store whose events carry locations (conftest.LOCATED) -------------------------------------

def points(page):
    return page.locator("#map .point")


def fill(locator):
    return locator.evaluate("el => getComputedStyle(el).fill")


def wait_for_map_count(page, count):
    page.wait_for_function(f"() => document.querySelector('#map-count')?.textContent.startsWith('{count}')")


def places_on(page):
    return points(page).evaluate_all("ps => ps.map(p => p.dataset.place)")


def test_the_map_draws_the_outlines_and_a_point_per_place(map_page, located_api):
    body = located_api.get("/api/map").json()
    map_page.goto("/#/map")
    map_page.wait_for_selector("#map .point")
    assert map_page.locator("#map .country").count() == 176
    assert map_page.locator("#map .country[data-iso3=UKR] title").text_content() == "Ukraine"
    assert places_on(map_page) == [p["place"] for p in body["points"]]
    assert map_page.locator("#map-count").inner_text() == "7 of 8 events on the map, at 3 places"
    radius = {p: float(points(map_page).and_(map_page.locator(f"[data-place='{p}']")).get_attribute("r"))
              for p in ("geonames:706483", "geonames:756135", "15.5500,32.5300")}
    assert radius["geonames:706483"] > radius["geonames:756135"] > radius["15.5500,32.5300"]
    # Kharkiv lies inside Ukraine's outline where the browser draws them.
    kharkiv = map_page.locator("#map .point[data-place='geonames:706483']").bounding_box()
    centre = (kharkiv["x"] + kharkiv["width"] / 2, kharkiv["y"] + kharkiv["height"] / 2)
    assert map_page.evaluate("""([x, y]) => {
        const path = document.querySelector("#map .country[data-iso3=UKR]");
        const svg = path.ownerSVGElement, pt = svg.createSVGPoint();
        pt.x = x; pt.y = y;
        return path.isPointInFill(pt.matrixTransform(svg.getScreenCTM().inverse()));
    }""", list(centre))


def test_a_points_colour_follows_its_quad_class(map_page, located_api):
    map_page.goto("/#/map")
    map_page.wait_for_selector("#map .point")
    for p in located_api.get("/api/map").json()["points"]:
        dot = map_page.locator(f"#map .point[data-place='{p['place']}']")
        swatch = map_page.locator(f".legend .swatch.q{p['quad_class']}")
        assert fill(dot) == swatch.evaluate("el => getComputedStyle(el).backgroundColor"), p["name"]
    assert fill(map_page.locator("#map .point[data-place='geonames:706483']")) == "rgb(192, 57, 43)"  # --q4
    assert fill(map_page.locator("#map .point[data-place='geonames:756135']")) == "rgb(140, 196, 154)"  # --q1


def test_clicking_a_point_lists_its_events(map_page, located_api):
    there = located_api.get("/api/events", params={"place": "geonames:706483"}).json()["events"]
    map_page.goto("/#/map")
    map_page.locator("#map .point[data-place='geonames:706483']").click()
    map_page.wait_for_selector("#map-events table.events tbody tr")
    assert map_page.locator("#map-events h2").inner_text() == "Kharkiv, UKR: 4 events"
    assert rows(map_page).evaluate_all("rows => rows.map(r => r.dataset.id)") == [e["event_id"] for e in there]
    assert "picked" in map_page.locator("#map .point[data-place='geonames:706483']").get_attribute("class")
    assert rows(map_page).first.locator("td.sentence mark.src").count() == 1
    map_page.locator("#map .point[data-place='15.5500,32.5300']").click()
    map_page.wait_for_function("() => document.querySelector('#map-events h2')?.textContent === "
                               "'Khartoum, SDN: 1 event'")
    assert rows(map_page).count() == 1


def filter_map(page, field, value, count):
    """Fill one field of the map's filters, apply them, and wait for the map to say ``count``."""
    page.goto("/#/map")
    page.wait_for_selector("#map .point")
    assert points(page).count() == 3
    page.fill(f"input[name={field}]", value)
    page.get_by_role("button", name="Filter").click()
    wait_for_map_count(page, count)
    assert f"{field}={value}" in page.url


def test_a_filter_narrows_the_points(map_page):
    filter_map(map_page, "since", "2024-06-01", "1 of 1 event")
    assert places_on(map_page) == ["15.5500,32.5300"]
    map_page.goto("/#/map?actor=POL")
    wait_for_map_count(map_page, "2 of 2 events")
    assert places_on(map_page) == ["geonames:756135"]
    assert map_page.input_value("input[name=actor]") == "POL"
    map_page.get_by_role("button", name="Zoom to the points").click()
    box = [float(v) for v in map_page.locator("#map svg").get_attribute("viewBox").split()]
    assert box[2] < 1000  # zoomed in on Warsaw, which is still in view
    dot = map_page.locator("#map .point").bounding_box()
    frame = map_page.locator("#map svg").bounding_box()
    assert frame["x"] < dot["x"] < frame["x"] + frame["width"] and frame["y"] < dot["y"] < frame["y"] + frame["height"]


def test_the_event_table_keeps_to_a_place(map_page):
    map_page.goto("/#/events?place=geonames:756135")
    map_page.wait_for_selector("table.events tbody tr")
    assert rows(map_page).count() == 2
    map_page.wait_for_function("() => document.querySelector('.chip')?.textContent.startsWith('at Warsaw, POL')")
    map_page.get_by_role("button", name="drop place").click()
    map_page.wait_for_function("() => document.querySelector('#count')?.textContent === '1–8 of 8 events'")


def test_the_map_and_the_table_keep_to_a_country_and_a_box(map_page):
    filter_map(map_page, "country", "UKR", "4 of 4 events")
    assert places_on(map_page) == ["geonames:706483"]
    map_page.goto("/#/map?bbox=14,10,40,55&since=2024-05-21")
    wait_for_map_count(map_page, "5 of 5 events")
    assert sorted(places_on(map_page)) == ["15.5500,32.5300", "geonames:706483"]
    assert map_page.locator(".chip[data-filter=bbox]").inner_text().startswith("bbox 14,10,40,55")
    map_page.goto("/#/events?country=POL")
    map_page.wait_for_function("() => document.querySelector('#count')?.textContent === '1–2 of 2 events'")
    assert map_page.input_value("input[name=country]") == "POL"


def test_the_spec_viewer_runs_under_the_csp(page):
    # A script or style the policy blocks is a console error, which the page fixture fails on.
    page.goto("/docs")
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/events" in [p.strip().replace("\u200b", "") for p in paths]


TOKEN = "a-token-long-enough-1234"


def test_with_a_token_the_dashboard_asks_for_it_once(browser, dashboard_db):
    with running(create_app(dashboard_db, ServeOptions(token=TOKEN))) as url:
        for p in open_page(browser, url):
            asked = []
            p.on("dialog", lambda d: (asked.append(d.message), d.accept(TOKEN)))
            p.goto("/")
            p.wait_for_selector("table.events tbody tr")
            assert len(asked) == 1 and "token" in asked[0]
            p.goto("/#/chains")
            p.reload()
            p.wait_for_selector("main")
            assert len(asked) == 1
