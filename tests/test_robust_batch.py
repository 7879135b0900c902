"""A batch mixing good inputs with every kind of bad one (issue 15): the good ones all come out, each bad one that
can't be read gives exactly one error line, and nothing ends the run."""

from __future__ import annotations

import json

import pytest

from dragoman.cli import main
from dragoman.model import Article

from test_robust_inputs import PAGE, nested, warc

pytestmark = pytest.mark.slow

GOOD = {
    "good.txt": "May 20, 2024\n\nRussia expelled eight German diplomats on Monday.\n",
    "good.html": PAGE.format("Kenyan police arrested 40 protesters in Nairobi on Tuesday."),
}
GOOD_LINE = {"id": "good-line", "text": "Turkey expelled the Swedish ambassador on Monday.",
             "published": "2024-01-10"}
FILLER = "The weather stayed mild across the valley and the harvest went on as planned. " * 14_000  # 1.1 M chars
RUN = "Israel expelled two Brazilian diplomats on Friday. " + "&" * 20_000 + " (" + "(" * 40_000


def mixed_batch(tmp_path):
    tmp_path.mkdir(exist_ok=True)
    for name, text in GOOD.items():
        (tmp_path / name).write_text(text)
    lines = [GOOD_LINE, {"id": "surrogate\ud800", "text": "Chile expelled two Bolivian diplomats on Monday."},
             {"text": "Peru expelled a Mexican diplomat \udfff on Monday."}]
    (tmp_path / "good.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n" + nested(1000) + "\n")
    (tmp_path / "long.txt").write_text(FILLER + "Russia expelled eight German diplomats on Monday.\n")
    (tmp_path / "long.jsonl").write_text(json.dumps({"id": "long", "text": FILLER}) + "\n")
    (tmp_path / "long.html").write_text(PAGE.format(FILLER))
    (tmp_path / "symbols.txt").write_text(RUN)
    (tmp_path / "no-uri.warc").write_bytes(warc([(None, "text/html", PAGE.format(
        "Egypt expelled the Ethiopian ambassador on Sunday.").encode())]))
    (tmp_path / "header.csv").write_text("id,text\n")
    (tmp_path / "images.warc").write_bytes(warc([("https://x.example/a.png", "image/png", b"\x89PNG")]))
    return tmp_path


def test_code_prints_every_good_article_and_one_line_per_bad_input(tmp_path, capsys):
    batch = mixed_batch(tmp_path)
    status = main(["code", str(batch), "--format", "jsonl", "--published", "2024-05-23"])
    out, err = capsys.readouterr()
    events = [json.loads(line) for line in out.splitlines()]
    coded = {e["article_id"] for e in events}
    texts = " ".join(e["sentence"] for e in events)
    for words in ("German diplomats", "40 protesters", "Swedish ambassador", "Bolivian diplomats",
                  "Mexican diplomat", "Ethiopian ambassador", "Brazilian diplomats"):
        assert words in texts
    assert "good-line" in coded and "surrogate\ufffd" in coded
    assert any(a.startswith(_id_of(batch / "long.txt")) for a in coded)  # the event in the last part
    lines = err.splitlines()
    assert all(line.startswith("dragoman: error: ") for line in lines)
    assert sorted(line.split(": ")[2] for line in lines) == sorted(
        [str(batch / "good.jsonl") + ":4", str(batch / "header.csv"), str(batch / "images.warc")])
    assert status == 1


def test_ingest_stores_every_good_article(tmp_path, capsys):
    batch = mixed_batch(tmp_path / "in")
    db = tmp_path / "events.db"
    assert main(["ingest", str(batch), "--db", str(db), "--published", "2024-05-23"]) == 1
    capsys.readouterr()
    main(["events", "--db", str(db), "--format", "jsonl"])
    sentences = " ".join(json.loads(line)["sentence"] for line in capsys.readouterr().out.splitlines())
    for words in ("German diplomats", "Swedish ambassador", "Bolivian diplomats", "Ethiopian ambassador"):
        assert words in sentences


def _id_of(path) -> str:
    from dragoman.ingest import iter_articles

    first = next(iter(iter_articles([str(path)])))
    assert isinstance(first, Article)
    return first.id.rsplit("/", 1)[0]


def test_an_unexpected_error_in_one_article_is_its_failure(pipeline):
    from dragoman.model import Failure

    good = Article(id="good", text="Russia expelled eight German diplomats on Monday.", published="2024-05-20")
    bad = Article(id="bad", text=good.text, title=5)  # type: ignore[arg-type]  # no reader makes this: a bug
    results = list(pipeline.code_articles([bad, good]))
    assert isinstance(results[0], Failure) and "unexpected error: AttributeError" in results[0].reason
    assert results[1].article.id == "good" and results[1].events


def test_ingesting_again_by_another_path_changes_nothing(tmp_path, monkeypatch, pipeline):
    import sqlite3

    from dragoman.batch import ingest_paths

    news = tmp_path / "news"
    news.mkdir()
    story = "Russia expelled eight German diplomats on Monday, the foreign ministry said in Moscow.\n\n" * 3
    (news / "a.txt").write_text("May 20, 2024\n\n" + story)
    (news / "copy.txt").write_text("May 21, 2024\n\n" + story + "Germany protested.\n")
    db = tmp_path / "events.db"
    monkeypatch.chdir(tmp_path)

    def state():
        with sqlite3.connect(db) as conn:
            return (conn.execute("SELECT id, origin, coded_at, duplicate_of FROM articles ORDER BY id").fetchall(),
                    conn.execute("SELECT event_id, incident_id FROM events ORDER BY event_id").fetchall(),
                    conn.execute("SELECT * FROM incidents ORDER BY id").fetchall())

    ingest_paths(["news"], db, pipeline=pipeline)
    before = state()
    assert any(dup for *_, dup in before[0])  # the copy is marked a near-duplicate of the first
    ingest_paths([str(news.resolve())], db, pipeline=pipeline)
    ingest_paths([str(news / "copy.txt"), "news/a.txt"], db, pipeline=pipeline)
    after = state()
    assert after == before
    assert all(dup != id_ for id_, _, _, dup in after[0])
