"""The Spark job: read, code, place in incidents, find near-duplicates, write Parquet. See ``dragoman.spark``."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

from pyspark.ml.feature import MinHashLSH
from pyspark.ml.linalg import SparseVector, VectorUDT
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.utils import AnalysisException

from dragoman import export, incidents
from dragoman.config import Config
from dragoman.exceptions import UsageError
from dragoman.export import CSV_COLUMNS
from dragoman.spark import placing, worker

TABULAR = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".parquet": "parquet"}
LSH_TABLES = 10  # a pair of Jaccard similarity 0.8 shares a bucket in one of them but for odds of 0.2**10
LSH_DISTANCE = 0.5  # candidates: looser than the threshold, which the store's own estimate then decides
SEED = 20240523
LSH_PRIME = 2038074743  # MinHashLSH.HASH_PRIME: the largest vector it takes
MAX_ROUNDS = 10
ROWS_PER_FILE = 200_000


@dataclass
class SparkReport:
    output: str
    articles: int = 0
    events: int = 0
    incidents: int = 0
    near_duplicates: int = 0
    republications: int = 0
    failures: int = 0
    examples: list[dict[str, str]] = field(default_factory=list)  # the first failures, sorted

    def summary(self) -> dict[str, Any]:
        return {"articles": self.articles, "events": self.events, "incidents": self.incidents,
                "near_duplicates": self.near_duplicates, "republications": self.republications,
                "failures": self.failures, "failure_examples": self.examples}

    def __str__(self) -> str:
        return (f"wrote {self.articles} articles, {self.events} events and {self.incidents} incidents to "
                f"{self.output}; {self.near_duplicates} near-duplicates, {self.republications} likely "
                f"republications; {self.failures} bad records skipped")


def session(master: str | None = None, conf: dict[str, str] | None = None) -> SparkSession:
    """The running session (under spark-submit), else a new one on ``master`` (default local[*]) with ``conf``."""
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    # Local workers run this interpreter, so they import the same dragoman and model.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("dragoman").config("spark.sql.session.timeZone", "UTC")
    if master or active is None:
        master = master or "local[*]"
        # On one machine, a few shuffle partitions, not 200 near-empty tasks each starting Python.
        builder = builder.master(master).config("spark.sql.shuffle.partitions", "4") \
            .config("spark.default.parallelism", "4").config("spark.ui.showConsoleProgress", "false")
    for name, value in (conf or {}).items():
        builder = builder.config(name, value)
    return builder.getOrCreate()


def run(spark: SparkSession, inputs: list[str], output: str, config: Config | None = None) -> SparkReport:
    config = config or Config()
    if not inputs:
        raise UsageError("give at least one input path")
    output = output.rstrip("/")
    report = SparkReport(output)
    items, missing = _read(spark, inputs)
    coded = items.mapPartitions(lambda part: worker.code_partition(part, config)).persist()
    articles = _articles(spark, coded)
    events = _events(spark, coded, articles)
    failures = spark.createDataFrame(coded.filter(lambda r: r[0] == "failure").map(lambda r: r[1]),
                                     "input string, reason string, stage string")
    failures = failures.unionByName(spark.createDataFrame(missing, "input string, reason string, stage string"))

    duplicates = _near_duplicates(spark, articles)
    flags, placed, found = _place(spark, articles, events, duplicates)

    articles = (articles.join(duplicates, "id", "left").join(flags.select("id", "republication"), "id", "left")
                .drop("shingles", "copied_published"))
    events = events.join(placed.select("event_id", "incident_id"), "event_id", "left")
    mentions = events.join(articles.select(F.col("id").alias("article_id"), "outlet", "url", "published"),
                           "article_id").select(
        "event_id", "incident_id", "article_id", "outlet", "url", "published", "date", "sentence_index",
        "trigger_start", "trigger_end", "confidence")

    report.articles = _write(articles, f"{output}/articles", ["id"])
    columns = [*CSV_COLUMNS, "incident_id", "record"]
    report.events = _write(events.select(*columns).withColumn("month", F.date_format("date", "yyyy-MM")),
                           f"{output}/events", ["date", "article_id", "sentence_index", "trigger_start", "event_id"],
                           partition="month")
    report.incidents = _write(found, f"{output}/incidents", ["id"])
    _write(mentions, f"{output}/mentions", ["incident_id", "event_id"])
    report.failures = _write(failures, f"{output}/failures", ["input", "reason", "stage"])
    report.near_duplicates = articles.where("duplicate_of IS NOT NULL").count()
    report.republications = articles.where("republication IS NOT NULL").count()
    report.examples = [r.asDict() for r in failures.orderBy("input", "reason").limit(100).collect()]
    _write_text(spark, f"{output}/_summary.json", worker.summary_json(report.summary()))
    coded.unpersist()
    return report


def _read(spark: SparkSession, inputs: list[str]):
    """An RDD of input items (``worker``), and a Failure row for each input that names nothing."""
    parts, missing = [], []
    for path in inputs:
        kind = next((k for ext, k in TABULAR.items() if path.rstrip("/").lower().endswith(ext)), "files")
        try:
            parts.append(_items(spark, path, kind))
        except AnalysisException as e:
            reason = "no such file or directory" if "PATH_NOT_FOUND" in str(e) or "does not exist" in str(e) \
                else f"unreadable ({str(e).splitlines()[0]})"
            missing.append((path, reason, "ingest"))
    rdd = spark.sparkContext.union(parts) if parts else spark.sparkContext.emptyRDD()
    return rdd, missing


def _items(spark: SparkSession, path: str, kind: str):
    if kind == "jsonl":
        df = spark.read.text(path).select(F.input_file_name().alias("name"), "value")
        return df.rdd.map(lambda r: ("line", r[0], r[1]))
    if kind in ("csv", "parquet"):
        reader = spark.read.options(header=True, multiLine=True, escape='"') if kind == "csv" else spark.read
        df = (reader.csv(path) if kind == "csv" else reader.parquet(path))
        df = df.toDF(*[c.strip().lower() for c in df.columns]).withColumn("_name", F.input_file_name())
        return df.rdd.map(lambda r, kind=kind: ("record", r["_name"], kind,
                                                {k: v for k, v in r.asDict().items() if k != "_name"}))
    df = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(path)
    return df.select("path", "content").rdd.map(lambda r: ("file", r[0], r[1]))


def _articles(spark: SparkSession, coded) -> DataFrame:
    schema = T.StructType([
        *(T.StructField(c, T.StringType()) for c in worker.ARTICLE_COLUMNS[:12]),
        T.StructField("n_events", T.IntegerType()), T.StructField("minhash", T.ArrayType(T.LongType())),
        T.StructField("features", VectorUDT())])
    rows = coded.filter(lambda r: r[0] == "article").map(lambda r: (*r[1][:14], _features(r[1][14])))
    df = spark.createDataFrame(rows, schema)
    # The same article twice (one URL in two archives): the first by origin is kept, as one store row would be.
    first = F.row_number().over(_by("id", "origin"))
    return df.withColumn("_n", first).where("_n = 1").drop("_n")


def _events(spark: SparkSession, coded, articles: DataFrame) -> DataFrame:
    kinds = {f.name: f.type for f in export.parquet_schema()}
    spark_types = {"string": T.StringType(), "date32[day]": T.DateType(), "int32": T.IntegerType(),
                   "int64": T.LongType(), "double": T.DoubleType()}
    schema = T.StructType([
        *(T.StructField(c, spark_types[str(kinds[c])]) for c in CSV_COLUMNS),
        T.StructField("source_key", T.StringType()), T.StructField("target_key", T.StringType()),
        T.StructField("index", T.IntegerType()), T.StructField("origin", T.StringType()),
        T.StructField("record", T.StringType())])
    df = spark.createDataFrame(coded.filter(lambda r: r[0] == "event").map(lambda r: r[1]), schema)
    kept = articles.select(F.col("id").alias("article_id"), "origin")
    return df.join(kept, ["article_id", "origin"])


def _features(shingles: list[int]) -> SparseVector:
    """The shingle set as MinHashLSH takes it; it refuses indices above its own prime, so they are folded below."""
    indices = sorted({s % LSH_PRIME for s in shingles})
    return SparseVector(LSH_PRIME, indices, [1.0] * len(indices))


def _near_duplicates(spark: SparkSession, articles: DataFrame) -> DataFrame:
    """(id, duplicate_of, copied_published) of each near-duplicate: Spark ML's MinHashLSH over the store's word
    5-shingles finds the candidates, and the store's own estimate (its MinHash signatures) decides."""
    small = articles.select("id", "published", "features", "minhash")
    model = MinHashLSH(inputCol="features", outputCol="hashes", numHashTables=LSH_TABLES, seed=SEED).fit(small)
    joined = model.approxSimilarityJoin(small, small, LSH_DISTANCE, distCol="distance")
    same = F.expr("aggregate(zip_with(datasetA.minhash, datasetB.minhash, (x, y) -> IF(x = y, 1, 0)), 0,"
                  " (acc, v) -> acc + v)")
    pairs = (joined.where(F.col("datasetA.id") < F.col("datasetB.id"))
             .where(same / incidents.PERMUTATIONS >= incidents.NEAR_DUPLICATE)
             .select(F.col("datasetA.id").alias("a"), F.col("datasetA.published").alias("pa"),
                     F.col("datasetB.id").alias("b"), F.col("datasetB.published").alias("pb"))).collect()
    published = {r.a: r.pa for r in pairs} | {r.b: r.pb for r in pairs}
    found = placing.duplicates_of([(r.a, r.b) for r in pairs], published)
    rows = [(x, d, published[d]) for x, d in sorted(found.items())]
    return spark.createDataFrame(rows, "id string, duplicate_of string, copied_published string")


def _place(spark: SparkSession, articles: DataFrame, events: DataFrame, duplicates: DataFrame):
    """Place every event in an incident, each (source, target, root) group in one task, until the articles'
    republication flags settle (``placing``). Returns (flags, placed events, incidents)."""
    pairs = events.groupBy("article_id").agg(
        F.countDistinct(F.coalesce("source_key", F.lit("")), F.coalesce("target_key", F.lit("")), "root")
        .alias("pairs"))
    info = (articles.select("id", "published", "n_events").join(duplicates, "id", "left")
            .join(pairs.withColumnRenamed("article_id", "id"), "id", "left").fillna(0, ["pairs"])).persist()
    copy = F.when((F.col("duplicate_of").isNotNull() & F.col("copied_published").isNotNull()
                   & F.col("published").isNotNull()
                   & (F.datediff(F.to_date("published"), F.to_date("copied_published")) >= incidents.COPY_DAYS)),
                  F.concat(F.lit("near-duplicate of article "), F.col("duplicate_of"), F.lit(" published "),
                           F.col("copied_published")))
    flags = info.select("id", copy.alias("republication"), F.lit(0).alias("old_break")).persist()
    base = events.select("event_id", "article_id", "index", F.col("date").cast("string").alias("date"), "cameo",
                         "root", "source_key", "target_key", "location_country")
    base = base.join(info.select(F.col("id").alias("article_id"), "published", "duplicate_of"), "article_id") \
        .join(articles.select(F.col("id").alias("article_id"), "outlet"), "article_id").persist()
    for _ in range(MAX_ROUNDS):
        rows = base.join(flags.withColumnRenamed("id", "article_id"), "article_id")
        # Keys without None: a shuffle that spills sorts them, and None does not sort against a string
        groups = (rows.rdd.map(lambda r: ((r["source_key"] or "", r["target_key"] or "", r["root"] or ""),
                                          _event(r)))
                  .groupByKey().map(lambda kv: placing.place_group(list(kv[1]))).persist())
        placed = spark.createDataFrame(groups.flatMap(lambda g: g[0]).map(
            lambda p: (p["event_id"], p["article_id"], p["index"], p["incident_id"], p["old"], p["old_first_seen"])),
            "event_id string, article_id string, index int, incident_id string, old boolean,"
            " old_first_seen string")
        found = spark.createDataFrame(groups.flatMap(lambda g: g[1]).map(lambda i: tuple(i.values())),
                                      "id string, source_key string, target_key string, root string, cameo string,"
                                      " date string, date_last string, first_seen string, n_mentions int,"
                                      " n_articles int, n_sources int, country string")
        olds = placed.groupBy("article_id").agg(F.min(F.when(~F.col("old"), F.col("index"))).alias("new_at"),
                                                F.min("old_first_seen").alias("first_old"))
        joined = info.join(olds.withColumnRenamed("article_id", "id"), "id", "left")
        old_break = F.when(F.col("published").isNull(), 0).otherwise(F.coalesce("new_at", "n_events"))
        retold = F.when(F.col("published").isNotNull() & (F.col("pairs") >= 2) & (F.col("n_events") > 0)
                        & (old_break == F.col("n_events")),
                        F.concat(F.lit("all "), F.col("n_events").cast("string"),
                                 F.lit(" events match incidents first reported by "), F.col("first_old"),
                                 F.lit(f", more than {incidents.REPUBLICATION_DAYS} days before publication on "),
                                 F.col("published")))
        new = joined.select("id", F.coalesce(copy, retold).alias("republication"),
                            old_break.cast("int").alias("old_break")).persist()
        changed = new.alias("n").join(flags.alias("o"), "id").where(
            ~F.col("n.republication").eqNullSafe(F.col("o.republication"))
            | (F.col("n.old_break") != F.col("o.old_break"))).count()
        flags.unpersist()
        flags = new
        if not changed:
            return flags, placed, found
        groups.unpersist()
    raise UsageError(f"the republication flags did not settle in {MAX_ROUNDS} rounds")  # pragma: no cover


def _event(r) -> dict[str, Any]:
    e = r.asDict()
    e["republication"] = e["republication"] is not None
    return e


def _by(key: str, order: str):
    from pyspark.sql import Window

    return Window.partitionBy(key).orderBy(order)


def _write(df: DataFrame, path: str, order: list[str], partition: str | None = None) -> int:
    """Write a table as Parquet, replacing what was there, with the same files and rows on every run."""
    n = df.count()
    files = max(1, n // ROWS_PER_FILE + 1)
    keys = [partition] if partition else order[:1]
    writer = df.repartition(files, *keys).sortWithinPartitions(*order).write.mode("overwrite")
    if partition:
        writer = writer.partitionBy(partition)
    writer.parquet(path)
    return n


def _write_text(spark: SparkSession, path: str, text: str) -> None:
    """One small file, on whatever file system the output is on (local, HDFS, S3)."""
    jvm = spark.sparkContext._jvm
    target = jvm.org.apache.hadoop.fs.Path(path)
    fs = target.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(target, True)
    try:
        stream.write(bytearray(text.encode("utf-8")))
    finally:
        stream.close()
