"""The command line: each command parses its arguments, makes one library call and prints the result.

Library errors become one line on standard error and exit status 1. Inputs that could not be read are reported
one line each; the rest of the batch is still coded, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import sys
from typing import Callable, Iterable, Iterator, Sequence

from . import __version__, batch, evaluate, explain
from .config import MIN_CONFIDENCE, Limits, config_from_args
from .exceptions import DragomanError
from .model import Failure, printable
from .output import EventWriter
from .progress import Progress

EPILOG = """examples:
  dragoman code article.txt --format jsonl
  dragoman code news/ feed.xml --published 2024-05-23 --format csv > events.csv
  dragoman ingest news/ --db events.db
  dragoman ingest archive.warc.gz --db events.db -j 4
  dragoman spark s3a://news/2024/*.warc.gz --output s3a://news/coded --master yarn
  dragoman ingest coded/ --db events.db
  dragoman places article.txt
  dragoman events --db events.db --actor RUS --since 2024-05-01 --root 16
  dragoman events --db events.db --country UKR --bbox 22,44,41,53
  dragoman export --db events.db --format gdelt -o events.tsv
  dragoman dyad RUS NATO --db events.db --by week --plot rus-nato.png
  dragoman chains --db events.db
  dragoman top --db events.db -n 5
  dragoman map --db events.db --actor RUS --since 2024-05-01 --plot rus.png
  dragoman demo
  dragoman serve --db events.db
  dragoman explain article.txt
  dragoman explain "Chile expelled two Bolivian diplomats on Monday." --published 2024-03-09
  dragoman eval ../shared/eval/up-gsr.gold.jsonl --show 10
  dragoman eval ../shared/eval/real-articles.gold.jsonl --by-confidence
  dragoman code news/ --min-confidence 0.5
"""


def _err(message: str, write: Callable[[str], None] | None = None) -> None:
    """One error line on standard error, unprintable characters escaped; ``write`` puts it above a progress bar."""
    line = f"dragoman: error: {printable(message)}"
    if write is None:
        print(line, file=sys.stderr)
    else:
        write(line)


def _report_failure(f: Failure) -> None:
    _err(str(f))


def _successes(items: Iterable, progress: Progress, failures: list[Failure]) -> Iterator:
    """The items that are no failure; each failure is one line on standard error (above the bar) and counted."""
    for item in items:
        progress(item)
        if isinstance(item, Failure):
            _err(str(item), progress.write)
            failures.append(item)
        else:
            yield item


def cmd_code(args: argparse.Namespace) -> int:
    writer = EventWriter(sys.stdout, args.format)
    failures: list[Failure] = []
    with Progress(args.paths) as progress:
        for item in _successes(batch.code_paths(args.paths, config_from_args(args), jobs=args.jobs), progress,
                               failures):
            for event in item.events:
                writer.write(event.to_dict(), item.article)
    writer.close()
    return 1 if failures else 0


def cmd_places(args: argparse.Namespace) -> int:
    failures: list[Failure] = []
    with Progress(args.paths) as progress:
        for article, places in _successes(batch.place_paths(args.paths, config_from_args(args)), progress,
                                          failures):
            for p in places:
                print(json.dumps({"article_id": article.id, **p.to_dict(), "metonymic": p.metonymic,
                                  "adjective": p.adjective, "why": p.why}, ensure_ascii=False))
    return 1 if failures else 0


def cmd_ingest(args: argparse.Namespace) -> int:
    with Progress(args.paths) as progress:
        report = batch.ingest_paths(args.paths, args.db, config_from_args(args), on_item=_shown(progress),
                                    jobs=args.jobs)
    print(f"{report} in {args.db}")
    return 1 if report.failures else 0


def _shown(progress: Progress):
    """An ``on_item`` for ingest: the bar moves, and each failed input is one line above it."""
    def on_item(item, report) -> None:
        progress(item)
        if isinstance(item, Failure):
            _err(str(item), progress.write)
    return on_item


def cmd_spark(args: argparse.Namespace) -> int:
    from . import spark

    report = spark.run(args.paths, args.output, master=args.master, config=config_from_args(args))
    print(report)
    return 1 if report.failures else 0


def cmd_events(args: argparse.Namespace) -> int:
    records = batch.query_events(args.db, **_filters(args, "limit"))
    writer = EventWriter(sys.stdout, args.format)
    for r in records:
        writer.write(r)
    writer.close()
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    report = batch.export_events(args.db, args.format, args.output, stream=sys.stdout, **_filters(args, "limit"))
    if args.output is not None:
        print(report)
    return 0


def _filters(args: argparse.Namespace, *more: str) -> dict:
    """The store filters of ``selection_options`` and ``--min-confidence``, and ``more`` of ``args``, as
    ``Store.events`` takes them."""
    return {name: getattr(args, name) for name in ("actor", "source", "target", "since", "until", "root", "country",
                                                   "bbox", "min_confidence", *more)}


def _print_analysis(result, args: argparse.Namespace) -> int:
    if args.format == "json":
        print(json.dumps([dataclasses.asdict(r) for r in result.rows], ensure_ascii=False))
    else:
        print(result.text, end="")
    if result.plot is not None:
        print(f"wrote {result.plot}", file=sys.stderr)
    return 0


def cmd_dyad(args: argparse.Namespace) -> int:
    return _print_analysis(batch.analyse(args.db, "dyad", plot=args.plot, a=args.a, b=args.b, by=args.by,
                                         since=args.since, until=args.until), args)


def cmd_chains(args: argparse.Namespace) -> int:
    return _print_analysis(batch.analyse(args.db, "chains", plot=args.plot, actor=args.actor), args)


def cmd_top(args: argparse.Namespace) -> int:
    return _print_analysis(batch.analyse(args.db, "top", plot=args.plot, n=args.n, since=args.since,
                                         until=args.until), args)


def cmd_map(args: argparse.Namespace) -> int:
    return _print_analysis(batch.analyse(args.db, "map", plot=args.plot, **_filters(args)), args)


def cmd_demo(args: argparse.Namespace) -> int:
    with Progress([str(batch.sample_dir())]) as progress:
        report, records = batch.run_demo(args.db, on_item=_shown(progress))
    writer = EventWriter(sys.stdout, "table")
    for r in records:
        writer.write(r)
    writer.close()
    print(f"\n{report} in {args.db}")
    print(f"Query it:  dragoman events --db {args.db} --actor RUS")
    print(f"Analyse:   dragoman top --db {args.db}   dragoman chains --db {args.db}   "
          f"dragoman dyad POL UKR --db {args.db} --plot pol-ukr.png")
    print(f"Browse it: dragoman serve --db {args.db}   (then open http://127.0.0.1:8000/)")
    return 1 if report.failures else 0


def cmd_serve(args: argparse.Namespace) -> int:
    from . import web

    options = web.options_from_args(args, config_from_args(args))
    if not web.is_loopback(args.host):
        print(f"dragoman: warning: --host {args.host} makes the API reachable from other machines; every /api "
              "request needs the token, and the dashboard asks for it", file=sys.stderr)
    web.serve(args.db, args.host, args.port, options,
              on_ready=lambda url: print(f"dragoman: serving {args.db} on {url} (Ctrl-C to stop)", flush=True))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    failed = 0
    for n, item in enumerate(explain.explain_input(args.input, published=args.published)):
        if isinstance(item, Failure):
            _report_failure(item)
            failed += 1
            continue
        print(("\n" if n else "") + explain.render(item), end="")
    return 1 if failed else 0


def cmd_eval(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    if args.by_confidence is not None:
        return _eval_by_confidence(args, config)
    report = evaluate.evaluate(args.gold, config=config)
    for f in report.failures:
        _report_failure(f)
    if args.json:
        print(json.dumps(report.to_dict(limit=args.show), ensure_ascii=False))
    else:
        print(evaluate.render(report, show=20 if args.show is None else args.show), end="")
    return 1 if report.failures else 0


def _jobs(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"the number of jobs is a whole number from 1, not {value!r}")
    return int(value)


def _confidence(value: str) -> float:
    try:
        c = float(value)
    except ValueError:
        c = -1.0
    if not 0.0 <= c <= 1.0:
        raise argparse.ArgumentTypeError(f"a confidence is a number from 0 to 1, not {value!r}")
    return c


def _eval_by_confidence(args: argparse.Namespace, config) -> int:
    rows = evaluate.by_confidence(args.gold, args.by_confidence or evaluate.THRESHOLDS, config)
    failures = rows[0][1].failures if rows else []
    for f in failures:
        _report_failure(f)
    print(f"{args.gold}: precision and recall by minimum confidence\n")
    print(evaluate.render_by_confidence(rows, config.min_confidence), end="")
    return 1 if failures else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dragoman", formatter_class=argparse.RawDescriptionHelpFormatter, epilog=EPILOG,
        description="Turn news into political event data: who did what to whom, and when, in CAMEO and PLOVER.")
    parser.add_argument("--version", action="version", version=f"dragoman {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def confidence_option(p: argparse.ArgumentParser, default: str) -> None:
        p.add_argument("--min-confidence", type=_confidence, metavar="C",
                       help=f"leave out events whose confidence is under C, 0 to 1 ({default})")

    def coding_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH",
                       help="files (.txt .html .jsonl .csv .xml/.rss/.atom .warc .warc.gz), directories, globs, "
                            "or - for standard input")
        p.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for inputs that give none")
        p.add_argument("--dictionary", action="append", metavar="FILE",
                       help="your own actor dictionary (YAML), applied over the built-in one; repeatable")
        p.add_argument("--patterns", action="append", metavar="FILE",
                       help="your own verb patterns (YAML), added to the built-in ones; repeatable")
        confidence_option(p, f"default {MIN_CONFIDENCE}")
        for limit in dataclasses.fields(Limits):
            p.add_argument(f"--max-{limit.name.replace('_', '-')}", type=int, metavar="N",
                           help=f"{limit.metadata['help']} (default {limit.default:,})")
        p.add_argument("-j", "--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="code in N processes, each with its own model (default: the number of cores, here "
                            f"{os.cpu_count() or 1}); the output is the same as with -j 1, in the same order")

    p = sub.add_parser("code", help="code articles and print their events",
                       description="Code articles and print one event a line. Nothing is stored.")
    coding_options(p)
    p.add_argument("--format", choices=("jsonl", "csv", "table", "gdelt", "plover"), default="jsonl",
                   help="output format (default jsonl); gdelt prints the GDELT 2.0 event table, plover PLOVER "
                        "records (see dragoman export)")
    p.set_defaults(func=cmd_code)

    p = sub.add_parser("places", help="print every place name the articles mention, resolved",
                       description="Find every place name in the articles (the model's place entities, the "
                                   "gazetteer's names it misses, the dateline) and resolve each to one GeoNames "
                                   "entry on the article's context. One JSON object a line: article_id, span, "
                                   "text, name, country (ISO alpha-3), admin1, lat, lon, geonames_id, feature "
                                   "(city, admin1, country, region), metonymic, adjective and why.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, URLs or '-' for standard input")
    p.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for inputs that give none")
    p.set_defaults(func=cmd_places)

    p = sub.add_parser("ingest", help="code articles and store them in a SQLite file",
                       description="Code articles and store articles and events in a SQLite store. "
                                   "Re-ingesting the same articles changes nothing.")
    coding_options(p)
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store (created if missing)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("spark", help="code a whole archive on Apache Spark into Parquet tables",
                       description="Code JSON lines, CSV, Parquet, WARC and other inputs from any path Spark reads "
                                   "(local, hdfs://, s3a://) on a Spark cluster, place the events in incidents and "
                                   "find near-duplicate articles over the whole corpus, and write events (by month), "
                                   "articles, incidents, mentions and failures as Parquet under --output, with a "
                                   "_summary.json. Load the result into a store with dragoman ingest DIR --db FILE. "
                                   "Needs pyspark (pip install 'dragoman[spark]') and Java 17.")
    coding_options(p)
    p.add_argument("--output", required=True, metavar="DIR", help="where to write the tables (replaced)")
    p.add_argument("--master", metavar="URL", help="Spark master (default: the spark-submit session's, else local[*])")
    p.set_defaults(func=cmd_spark)

    def date_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--since", metavar="DATE", help="events on or after this date (YYYY-MM-DD)")
        p.add_argument("--until", metavar="DATE", help="events on or before this date (YYYY-MM-DD)")

    def selection_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--actor", metavar="KEY", help="source or target: ISO country code (RUS) or organisation (NATO)")
        p.add_argument("--source", metavar="KEY", help="source actor key")
        p.add_argument("--target", metavar="KEY", help="target actor key")
        date_options(p)
        p.add_argument("--root", metavar="NN", help="CAMEO root code, 01 to 20")
        p.add_argument("--country", metavar="ISO3", help="events located in this country (ISO alpha-3 code: UKR)")
        p.add_argument("--bbox", metavar="MIN_LON,MIN_LAT,MAX_LON,MAX_LAT",
                       help="events located in this box, in degrees (22,44,41,53; min_lon above max_lon crosses "
                            "the 180th meridian); write --bbox=-10,35,30,60 when it starts with a minus")

    def filter_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store")
        selection_options(p)
        p.add_argument("--limit", type=int, metavar="N", help="at most N events")
        confidence_option(p, "default: all stored")

    p = sub.add_parser("events", help="query the events in a store",
                       description="Print the stored events that match every filter given.")
    filter_options(p)
    p.add_argument("--format", choices=("table", "jsonl", "csv"), default="table", help="output format (default table)")
    p.set_defaults(func=cmd_events)

    p = sub.add_parser("export", help="write a store's events as GDELT, PLOVER, CSV or Parquet",
                       description="Write the stored events that match every filter given, in a format other tools "
                                   "read. gdelt: the GDELT 2.0 event table (61 tab-separated columns, with a header "
                                   "row); with -o events.tsv its mentions table goes beside it, in "
                                   "events.mentions.tsv. plover: PLOVER event records as JSON lines. csv: the columns "
                                   "of dragoman code --format csv. parquet: the same columns, typed (needs -o). "
                                   "jsonl: the native records.")
    filter_options(p)
    p.add_argument("--format", required=True, metavar="FORMAT", help="gdelt, plover, csv, parquet or jsonl")
    p.add_argument("-o", "--output", metavar="PATH", help="file to write (default standard output; "
                                                         "for gdelt, the mentions go beside it)")
    p.set_defaults(func=cmd_export)

    def analysis_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store")
        p.add_argument("--plot", metavar="FILE", help="also draw it, as FILE.png or FILE.svg")
        p.add_argument("--format", choices=("table", "json"), default="table", help="output format (default table)")

    p = sub.add_parser("dyad", help="events between two actors over time, both directions",
                       description="Count the events between two actors by day, week or month, in both "
                                   "directions, by quad class (1 verbal cooperation, 2 material cooperation, "
                                   "3 verbal conflict, 4 material conflict), with Goldstein sums.")
    p.add_argument("a", metavar="A", help="an actor key: ISO country code (RUS) or organisation (NATO)")
    p.add_argument("b", metavar="B", help="the other actor key")
    p.add_argument("--by", choices=("day", "week", "month"), default="day", help="period (default day)")
    date_options(p)
    analysis_options(p)
    p.set_defaults(func=cmd_dyad)

    p = sub.add_parser("chains", help="retaliation chains: acts and the answers the text says they got",
                       description="List chains of events linked by 'in response to', 'in retaliation for', "
                                   "'after' and the like: each step answers the one before. Steps are incidents, "
                                   "so reports of one act in several articles join one chain.")
    p.add_argument("--actor", metavar="KEY", help="only chains this actor takes part in")
    analysis_options(p)
    p.set_defaults(func=cmd_chains)

    p = sub.add_parser("top", help="the actors and dyads with most events",
                       description="List the actors in most events (as source or target) and the directed "
                                   "dyads with most events, split into cooperation and conflict.")
    p.add_argument("-n", type=int, default=10, metavar="N", help="how many of each (default 10)")
    date_options(p)
    analysis_options(p)
    p.set_defaults(func=cmd_top)

    p = sub.add_parser("map", help="where the events happened: one point per place, on a world map",
                       description="List the places where the stored events that match every filter given "
                                   "happened, with their numbers of events by quad class (1 verbal cooperation, "
                                   "2 material cooperation, 3 verbal conflict, 4 material conflict); with --plot, "
                                   "draw them on a world map, each point sized by its events and coloured by its "
                                   "most frequent class. Events with no location are left out.")
    selection_options(p)
    confidence_option(p, "default: all stored")
    analysis_options(p)
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("demo", help="code the bundled sample news into a store and show the events",
                       description="Code the sample news that ships with dragoman into a SQLite store and print "
                                   "the events as a table.")
    p.add_argument("--db", default="dragoman-demo.db", metavar="FILE", help="store to write (default dragoman-demo.db)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("serve", help="serve a store's events as a web API and dashboard",
                       description="Serve the web API (under /api, OpenAPI spec at /openapi.json) and the dashboard "
                                   "(at /) over a store, read-only, so ingesting can go on meanwhile.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite store")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--max-text", type=int, default=100_000, metavar="N",
                   help="longest text POST /api/code takes, in characters (default 100000; longer is a 413)")
    p.add_argument("--code-timeout", type=float, default=30.0, metavar="SECONDS",
                   help="longest time one text may take to code (default 30; longer is a 503)")
    p.add_argument("--rate", type=int, default=30, metavar="N",
                   help="texts each client may post to /api/code a minute (default 30; more is a 429)")
    p.add_argument("--allow-host", action="append", metavar="NAME",
                   help="a Host name to answer besides 127.0.0.1 and localhost (repeatable)")
    p.add_argument("--token", metavar="TOKEN",
                   help="require Authorization: Bearer TOKEN on every /api request (or set DRAGOMAN_TOKEN); "
                        "needed when --host is not loopback")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("explain", help="show why an article gave the events it gave",
                       description="Show what cleaning removed and, sentence by sentence, the actors found, the verbs "
                                   "tried with the outcome of each, and the events coded.")
    p.add_argument("input", metavar="TEXT-or-PATH",
                   help="a file, directory, glob or - (read as dragoman code reads them), else the text itself")
    p.add_argument("--published", metavar="DATE", help="publication date (YYYY-MM-DD) for inputs that give none")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("eval", help="score the coder against a gold file",
                       description="Code a gold file's articles and score the events: recall, precision, F1, date "
                                   "accuracy, a table by CAMEO root, and the misses and false positives.")
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold file (format: ../shared/eval/README.md)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.add_argument("--show", type=int, metavar="N",
                   help="list at most N misses and false positives (default 20; with --json, all)")
    confidence_option(p, f"default {MIN_CONFIDENCE}")
    p.add_argument("--by-confidence", nargs="*", type=_confidence, metavar="C",
                   help="print precision, recall and F1 at each minimum confidence instead (default "
                        + ", ".join(map(str, evaluate.THRESHOLDS)) + ")")
    p.set_defaults(func=cmd_eval)
    return parser


def _own_warnings(record: logging.LogRecord) -> bool:
    # Other libraries' complaints ("discarding data: None") name no input, and would read as dragoman's own; the
    # input's own error line says what went wrong
    return record.name.startswith("dragoman") or record.levelno >= logging.CRITICAL


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = logging.getLogger()
    before = list(root.handlers)
    logging.basicConfig(format="dragoman: warning: %(message)s", level=logging.WARNING)
    for handler in root.handlers:
        if handler not in before:
            handler.addFilter(_own_warnings)
    try:
        return args.func(args)
    except DragomanError as e:
        _err(str(e))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
