"""Smoke test of the two Spark recipes on pyspark local[2]: a few JSONL
shards made from the corpus's authored HTML pages (and the example
article as plain text) go through RDD.pipe of the binary and through
mapPartitions of the Python package; every record must come out exactly
once, cleaned, a broken line as one error record that costs no other
line, and both recipes must agree on every page's text. With a binary
that reads WARC (``--input warc``), two WARC shards also go through the
pipe recipe's ``--warc`` mode: every page once, by its URL.

    python examples/spark/smoke_test.py [--gleaner target/release/gleaner] [--shards 3] [--pages 20]

Needs pyspark (4.x, a JDK 17) and the gleaner package in this Python.
Prints "N passed, 0 failed" and exits 0 when every check holds.
"""

import argparse
import gzip
import importlib.util
import json
import os
import subprocess
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


def write_warc_shards(folder, shards, pages_per_shard):
    """Gzipped WARC shards of authored pages: per page a request and a
    response record, and an image per shard. Returns the pages' URLs."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = authored_pages()
    urls = []
    for shard in range(shards):
        with open(folder / f"crawl-{shard}.warc.gz", "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for number in range(pages_per_shard):
                _, html = next(pages)
                url = f"https://news.example/{shard}/{number}.html"
                request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
                writer.write_record(request)
                headers = [("Content-Type", "text/html; charset=utf-8")]
                http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
                page = io.BytesIO(html.encode("utf-8"))
                writer.write_record(writer.create_warc_record(url, "response", payload=page, http_headers=http))
                urls.append(url)
            http = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            image = io.BytesIO(b"\x89PNG\r\n\x1a\n")
            logo = f"https://news.example/{shard}/logo.png"
            writer.write_record(writer.create_warc_record(logo, "response", payload=image, http_headers=http))
    return urls


def read_parts(folder):
    records = []
    for part in sorted(folder.glob("part-*")):
        records.extend(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines())
    return records


def warc_input(gleaner):
    """Whether this gleaner binary reads WARC shards."""
    help_text = subprocess.run([gleaner, "clean", "--help"], capture_output=True, text=True).stdout
    return "warc" in help_text


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
        # WARC input needs a gleaner with --input warc, and warcio to write shards.
        warc_shards, urls = [], []
        if warc_input(args.gleaner) and importlib.util.find_spec("warcio"):
            (tmp / "crawl").mkdir()
            urls = write_warc_shards(tmp / "crawl", 2, args.pages // 2)
            warc_shards = sorted(str(p) for p in (tmp / "crawl").iterdir())
        else:
            print("skipped: pipe --warc (no --input warc in this gleaner, or no warcio)")
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
            if warc_shards:
                rdd = pipe_binary.clean_warc_shards(sc, warc_shards, args.gleaner)
                check("pipe --warc: one task per shard", rdd.getNumPartitions() == len(warc_shards))
                rdd.saveAsTextFile(str(tmp / "warc"))
                records = read_parts(tmp / "warc")
                errors = [r for r in records if "error" in r]
                check("pipe --warc: no record failed", not errors, str(errors[:3]))
                counts = Counter(r.get("url") for r in records)
                check(f"pipe --warc: {len(urls)} pages in, {len(records)} out", len(records) == len(urls))
                check("pipe --warc: every page exactly once", counts == Counter(urls), str(counts - Counter(urls)))
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
