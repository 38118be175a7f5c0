"""Spark recipe 2: clean JSONL shards with the gleaner Python package in
mapPartitions.

    spark-submit examples/spark/map_partitions.py OUTPUT_DIR SHARD.jsonl[.gz] ...

Each shard holds one page per line (``{"id", "html"}`` or ``{"id",
"text"}``). Each task loads one ``gleaner.Cleaner`` per Python worker and
cleans its partition in batches (``clean_batch``, on one thread: Spark
already runs one task per core), writing one JSON line per input line, in
order: the record of ``gleaner clean --format json`` (``id``,
``language``, ``blocks``, ``segments``, ``text``), or ``{"id", "error"}``
for a line it could not read. The executors' Python needs the package
(``pip install ./python``).
"""

import argparse
import json
from itertools import islice

from pyspark import SparkContext

_cleaner = None


def cleaner():
    """One cleaner per Python worker: loading the model once, not per task."""
    global _cleaner
    if _cleaner is None:
        import gleaner

        _cleaner = gleaner.Cleaner()
    return _cleaner


def clean_lines(lines, batch_size=128, threads=1):
    """The cleaned records (JSON lines) of JSONL page lines, in order."""
    lines = iter(lines)
    while batch := list(islice(lines, batch_size)):
        yield from clean_batch(batch, threads)


def clean_batch(lines, threads):
    """One batch of lines: HTML and text pages each cleaned in one call,
    the results put back in the lines' order."""
    results = [None] * len(lines)
    pages = {"html": [], "text": []}  # kind -> [(position, id, page)]
    for position, line in enumerate(lines):
        try:
            record = json.loads(line)
            kinds = [kind for kind in ("html", "text") if isinstance(record.get(kind), str)]
            if len(kinds) != 1:
                raise ValueError('expected {"id", "html"} or {"id", "text"}')
        except ValueError as error:
            results[position] = {"id": None, "error": f"line {position + 1} of the batch: {error}"}
            continue
        pages[kinds[0]].append((position, str(record.get("id", "")), record[kinds[0]]))
    for kind, items in pages.items():
        if not items:
            continue
        records = cleaner().clean_batch(
            [page for _, _, page in items],
            ids=[page_id for _, page_id, _ in items],
            kind=kind,
            threads=threads,
            errors="record",
        )
        for (position, _, _), record in zip(items, records):
            results[position] = record
    return [json.dumps(record, ensure_ascii=False) for record in results]


def clean_shards(sc, shards):
    """An RDD of cleaned records (JSON lines) for the JSONL `shards`."""
    per_shard = [sc.textFile(shard, minPartitions=1) for shard in shards]
    return sc.union(per_shard).mapPartitions(clean_lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output_dir")
    parser.add_argument("shards", nargs="+")
    args = parser.parse_args()
    sc = SparkContext(appName="gleaner-map-partitions")
    try:
        clean_shards(sc, args.shards).saveAsTextFile(args.output_dir)
    finally:
        sc.stop()


if __name__ == "__main__":
    main()
