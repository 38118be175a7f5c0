"""Smoke test of the two Spark recipes on pyspark local[2]: a few JSONL
shards made from the corpus's authored HTML pages (and the example
article as plain text) go through RDD.pipe of the binary and through
mapPartitions of the Python package; every record must come out exactly
once, cleaned, a broken line as one error record that costs no other
line, and both recipes must agree on every page's text.

    python examples/spark/smoke_test.py [--gleaner target/release/gleaner] [--shards 3] [--pages 20]

Needs pyspark (4.x, a JDK 17) and the gleaner package in this Python.
Prints "N passed, 0 failed" and exits 0 when every check holds.
"""

import argparse
import gzip
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def authored_pages():
    """The training corpus's authored HTML pages that are UTF-8 (a JSONL
    record holds text), in a fixed order."""
    for path in sorted((REPO / "training-data" / "train-html" / "pages").glob("*/*.html")):
        try:
            yield path.relative_to(REPO).as_posix(), path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            continue


BROKEN_LINE = '{"id": "broken", "html": "<p>cut off'
"""A line that is no JSON record (a shard cut mid-line, say): it must come
out as one error record, and cost no other line."""


def write_shards(folder, shards, pages_per_shard):
    """JSONL shards of {"id", "html"} records, the last one gzipped, each
    with the example article as a {"id", "text"} record, the first one with
    a broken line in the middle. Returns the ids of the good records."""
    pages = authored_pages()
    article = (REPO / "examples" / "article.txt").read_text(encoding="utf-8")
    ids = []
    for shard in range(shards):
        records = [{"id": f"shard{shard}/article.txt", "text": article}]
        for number in range(pages_per_shard):
            source, html = next(pages)
            records.append({"id": f"shard{shard}/{number}:{source}", "html": html})
        lines = [json.dumps(record, ensure_ascii=False) + "\n" for record in records]
        ids.extend(record["id"] for record in records)
        if shard == 0:
            lines.insert(len(lines) // 2, BROKEN_LINE + "\n")
        lines = "".join(lines)
        gzipped = shard == shards - 1
        path = folder / f"shard-{shard}.jsonl{'.gz' if gzipped else ''}"
        path.write_bytes(gzip.compress(lines.encode()) if gzipped else lines.encode())
    return ids


def read_parts(folder):
    records = []
    for part in sorted(folder.glob("part-*")):
        records.extend(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines())
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gleaner", default=str(REPO / "target" / "release" / "gleaner"))
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--pages", type=int, default=20, help="HTML pages per shard")
    args = parser.parse_args()
    if not Path(args.gleaner).is_file():
        sys.exit(f"no gleaner binary at {args.gleaner}: cargo build --release")

    # The workers are this Python (with the gleaner package) and import the
    # recipes from this folder.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))
    # Spark talks to itself on the loopback interface only.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    sys.path.insert(0, str(HERE))
    import map_partitions
    import pipe_binary
    from pyspark import SparkConf, SparkContext

    checks = []

    def check(name, ok, detail=""):
        checks.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}")

    with tempfile.TemporaryDirectory(prefix="gleaner-spark-") as tmp:
        tmp = Path(tmp)
        (tmp / "shards").mkdir()
        ids = write_shards(tmp / "shards", args.shards, args.pages)
        shards = sorted(str(p) for p in (tmp / "shards").iterdir())
        conf = (
            SparkConf()
            .setMaster("local[2]")
            .setAppName("gleaner-smoke-test")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
        )
        sc = SparkContext(conf=conf)
        sc.setLogLevel("ERROR")
        try:
            results = {}
            for name, rdd in [
                ("pipe", pipe_binary.clean_shards(sc, shards, args.gleaner)),
                ("mapPartitions", map_partitions.clean_shards(sc, shards)),
            ]:
                check(f"{name}: one task per shard", rdd.getNumPartitions() == len(shards), str(rdd.getNumPartitions()))
                rdd.saveAsTextFile(str(tmp / name))
                records = read_parts(tmp / name)
                errors = [r for r in records if "error" in r]
                check(f"{name}: the broken line, and it alone, is an error record", len(errors) == 1, str(errors[:3]))
                records = [r for r in records if "error" not in r]
                counts = Counter(r.get("id") for r in records)
                check(f"{name}: {len(ids)} good records in, {len(records)} out", len(records) == len(ids))
                check(f"{name}: every record exactly once", counts == Counter(ids), str(counts - Counter(ids)))
                check(
                    f"{name}: every page cleaned to some text",
                    all(r.get("text", "").strip() and r.get("blocks") for r in records),
                )
                results[name] = {r.get("id"): r for r in records}
        finally:
            sc.stop()

    pipe, mapped = results["pipe"], results["mapPartitions"]
    differ = [i for i in ids if pipe.get(i, {}).get("text") != mapped.get(i, {}).get("text")]
    check("the binary and the package clean every page alike", not differ, str(differ[:3]))
    failed = checks.count(False)
    print(f"{len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
