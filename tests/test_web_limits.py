"""What the server refuses, and that no request can stall it: sizes, time, rate, hosts, token, CSP, dates."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from fastapi.testclient import TestClient

from dragoman.batch import sample_dir
from dragoman.cli import main
from dragoman.config import Config
from dragoman.exceptions import UsageError
from dragoman.web import ServeOptions, create_app, options_from_args
from dragoman.web.coding import CodingWorker
from test_web_api import assert_error, base_url, build_store, client, running, web_db  # noqa: F401 - fixtures

TOKEN = "a-token-long-enough-1234"
NEWS = "\n\n".join(f.read_text(encoding="utf-8") for f in sorted(sample_dir().glob("*.txt")))


@pytest.fixture(scope="module")
def db(web_db):
    return web_db


def local(app, **kwargs):
    return TestClient(app, base_url="http://127.0.0.1", **kwargs)


# -- sizes -----------------------------------------------------------------------------------------------------

def test_a_text_over_the_limit_is_a_413_and_is_not_coded(db):
    with local(create_app(db, ServeOptions(max_text=50))) as client:
        assert_error(client.post("/api/code", json={"text": "x" * 51}), 413, "too_large", "51", "50")
        assert client.app.state.coder.process is None  # nothing was started to code it


def raw_request(port: int, head: str, body_chunks=(), read_after=True) -> tuple[str, int]:
    """Send ``head`` then as many ``body_chunks`` as the server takes; its status line and the bytes sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head.encode("ascii"))
        try:
            for chunk in body_chunks:
                sock.sendall(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: what is tested
        answer = sock.recv(4096).decode("latin-1")
    return answer.split("\r\n", 1)[0], sent


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(db):
    with running(create_app(db)) as url:
        port = int(url.rsplit(":", 1)[1])
        head = (f"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {200 * 1024 * 1024}\r\n\r\n")
        # Not a byte of the body is sent: the answer can only come from the declared length.
        status, _ = raw_request(port, head)
        assert " 413 " in status, status


def test_a_chunked_body_is_read_no_further_than_the_limit(db):
    options = ServeOptions()
    chunk = b"x" * 65536
    total = 200 * 1024 * 1024

    def chunks():
        for _ in range(total // len(chunk)):
            yield f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"

    with running(create_app(db, options)) as url:
        port = int(url.rsplit(":", 1)[1])
        head = (f"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n")
        status, sent = raw_request(port, head, chunks())
        assert " 413 " in status, status
        assert sent < total  # the server stopped taking it long before 200 MB


# -- hosts and token -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "localhost.:80"])
def test_other_host_names_are_refused(db, host):
    with local(create_app(db)) as client:
        assert_error(client.get("/api/overview", headers={"Host": host}), 400, "bad_host", "--allow-host")
        assert client.get("/", headers={"Host": host}).status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:8000", "localhost", "LOCALHOST:1", "[::1]:8000"])
def test_loopback_names_are_answered(db, host):
    with local(create_app(db)) as client:
        assert client.get("/api/overview", headers={"Host": host}).status_code == 200


def test_allowed_host_names_are_answered(db):
    with local(create_app(db, ServeOptions(allowed_hosts=("127.0.0.1", "events.example.org")))) as client:
        assert client.get("/api/overview", headers={"Host": "events.example.org:443"}).status_code == 200
        assert client.get("/api/overview", headers={"Host": "localhost"}).status_code == 400


def test_with_a_token_every_api_request_needs_it(db):
    with local(create_app(db, ServeOptions(token=TOKEN))) as client:
        for path in ("/api/overview", "/api/events", "/api/nowhere"):
            assert_error(client.get(path), 401, "unauthorized", "Bearer")
            assert_error(client.get(path, headers={"Authorization": "Bearer wrong"}), 401, "unauthorized")
        assert_error(client.post("/api/code", json={"text": "x"}), 401, "unauthorized")
        ok = client.get("/api/overview", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200 and ok.json()["events"] > 0
        # The pages hold no data: they load, then ask for the token.
        assert client.get("/").status_code == 200 and client.get("/static/app.js").status_code == 200


def test_serving_beyond_loopback_needs_a_token(db, capsys, monkeypatch):
    monkeypatch.delenv("DRAGOMAN_TOKEN", raising=False)
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--token" in err
    parser_args = type("Args", (), {"host": "192.0.2.7", "token": None, "allow_host": ["news.example"],
                                    "max_text": 10, "code_timeout": 1.0, "rate": 5})
    with pytest.raises(UsageError):
        options_from_args(parser_args, Config())
    monkeypatch.setenv("DRAGOMAN_TOKEN", TOKEN)
    options = options_from_args(parser_args, Config())
    assert options.token == TOKEN
    assert {"127.0.0.1", "localhost", "192.0.2.7", "news.example"} <= set(options.allowed_hosts)


# -- rate ------------------------------------------------------------------------------------------------------

def test_coding_is_rate_limited_per_client(db):
    with local(create_app(db, ServeOptions(rate=3, max_text=10))) as client:
        for _ in range(3):
            assert client.post("/api/code", json={"text": "x" * 11}).status_code == 413
        refused = client.post("/api/code", json={"text": "x"})
        assert_error(refused, 429, "too_many_requests", "3")
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        # Only coding is limited.
        assert client.get("/api/events").status_code == 200


# -- CSP -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/docs", "/api/overview", "/openapi.json", "/api/nowhere", "/nowhere",
                                  "/static/app.js"])
def test_every_response_has_a_csp_without_inline_script(db, path):
    with local(create_app(db)) as client:
        policy = client.get(path).headers["content-security-policy"]
        assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
        assert "script-src 'self'" in policy or "default-src 'none'" in policy


def test_the_docs_page_has_no_inline_script(db):
    with local(create_app(db)) as client:
        page = client.get("/docs").text
        assert "<script>" not in page and "<script src=" in page


# -- time, and the rest of the server meanwhile ----------------------------------------------------------------

def test_a_text_over_the_time_limit_is_a_503_and_the_server_answers_meanwhile(db):
    # Parentheses make spaCy's tokenizer slow (its time grows with the square of the run); the news after them
    # takes more than the second allowed even where that is fixed.
    slow = ("(" * 5000 + " " + NEWS * 6)[:99_000]
    coder = CodingWorker(Config(), timeout=1.0)
    coder.start()
    try:
        with running(create_app(db, ServeOptions(code_timeout=1.0), coder=coder)) as url:
            answers: dict = {}
            posting = threading.Thread(target=lambda: answers.update(
                slow=httpx.post(url + "/api/code", json={"text": slow}, timeout=120)))
            posting.start()
            answered_meanwhile = 0
            with httpx.Client(base_url=url, timeout=120) as client:
                while posting.is_alive():
                    assert client.get("/api/events", params={"limit": 5}).status_code == 200
                    answered_meanwhile += posting.is_alive()
                posting.join()
                assert answered_meanwhile >= 1
                assert_error(answers["slow"], 503, "too_slow", "time limit")
                assert "\n" not in answers["slow"].text
                # The coder is back for the next text.
                again = client.post("/api/code", json={"text": "Chile expelled two Bolivian diplomats."})
                assert again.status_code == 200 and again.json()["events"][0]["cameo"] == "161"
    finally:
        coder.close()


# -- dates -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("published", ["0001-01-01", "0001-01-03", "9999-12-31", "9999-12-28"])
def test_coding_at_the_ends_of_the_calendar_is_never_a_500(client, published):
    text = ("Chile expelled two Bolivian diplomats yesterday and will recall its envoy next week. Peru said "
            "two years ago it would cut ties next month; Bolivia protested last Tuesday and in December.")
    r = client.post("/api/code", json={"text": text, "published": published})
    assert r.status_code == 200, r.text
    for event in r.json()["events"]:
        assert event["date"] is None or "0001-01-01" <= event["date"] <= "9999-12-31"


DATED = [("/api/events", {}), ("/api/map", {}), ("/api/incidents", {}), ("/api/top/actors", {}),
         ("/api/top/dyads", {}), ("/api/dyads/series", {"a": "RUS", "b": "NATO", "by": "day"}),
         ("/api/dyads/series", {"a": "RUS", "b": "NATO", "by": "week"}),
         ("/api/dyads/series", {"a": "RUS", "b": "NATO", "by": "month"})]


@pytest.mark.parametrize("path,params", DATED)
@pytest.mark.parametrize("since,until", [("0001-01-01", "9999-12-31"), ("9999-12-31", "9999-12-31"),
                                         ("0001-01-01", "0001-01-01"), ("9999-12-31", None), (None, "0001-01-01"),
                                         ("0000-01-01", None), ("10000-01-01", None)])
def test_date_parameters_at_the_extremes_are_never_a_500(client, path, params, since, until):
    query = {**params, **({"since": since} if since else {}), **({"until": until} if until else {})}
    r = client.get(path, params=query)
    assert r.status_code in (200, 400, 422), (query, r.text)


# -- soak ------------------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_hundreds_of_concurrent_requests_while_ingesting_get_no_error(tmp_path, coder):
    db = build_store(tmp_path)
    news = tmp_path / "more.jsonl"
    with news.open("w", encoding="utf-8") as f:
        for n, path in enumerate(sorted(sample_dir().glob("*.txt")) * 3):
            text = f"Update {n}. " + path.read_text(encoding="utf-8")
            f.write(json.dumps({"id": f"soak-{n}", "text": text, "published": "2024-05-23"}) + "\n")
    requests = [("GET", "/api/events", {"limit": 50}), ("GET", "/api/overview", {}), ("GET", "/api/map", {}),
                ("GET", "/api/incidents", {}), ("GET", "/api/top/dyads", {}), ("GET", "/api/chains", {}),
                ("GET", "/api/dyads/series", {"a": "RUS", "b": "NATO", "by": "week"}),
                ("GET", "/api/events", {"q": "diplomats", "order": "desc"}), ("GET", "/", {}),
                ("GET", "/api/nowhere", {})]
    with running(create_app(db, ServeOptions(rate=1000), coder=coder)) as url:
        ingest = subprocess.Popen([sys.executable, "-m", "dragoman", "ingest", str(news), "--db", str(db)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        def worker(n: int) -> list[str]:
            problems = []
            with httpx.Client(base_url=url, timeout=120) as client:
                for i in range(40):
                    if i % 20 == 0:
                        path = "/api/code"
                        r = client.post(path, json={"text": f"Chile expelled {n} Bolivian diplomats."})
                    else:
                        method, path, params = requests[(n + i) % len(requests)]
                        r = client.request(method, path, params=params)
                    if r.status_code >= 500 or (r.status_code >= 400 and path != "/api/nowhere"):
                        problems.append(f"{r.request.url}: {r.status_code} {r.text[:200]}")
            return problems

        try:
            with ThreadPoolExecutor(8) as pool:
                problems = [p for found in pool.map(worker, range(8)) for p in found]
        finally:
            out, err = ingest.communicate(timeout=600)
    assert problems == []
    assert ingest.returncode == 0, err
