"""Spark recipe 1: clean JSONL shards with the gleaner binary, one shard per
task, through RDD.pipe.

    spark-submit examples/spark/pipe_binary.py --gleaner target/release/gleaner OUTPUT_DIR SHARD.jsonl[.gz] ...

Each shard holds one page per line (``{"id", "html"}`` or ``{"id",
"text"}``); each task pipes its shard's lines through
``gleaner clean --input jsonl --format json``, which writes one JSON line
per input line, in order: the cleaned page (``id``, ``language``,
``blocks``, ``segments``, ``text``), or ``{"source", "line", "error"}`` for
a line it could not read (the binary then exits with 1, which RDD.pipe's
default ``checkCode=False`` lets pass: the error lines are the report).
OUTPUT_DIR gets Spark's ``part-NNNNN`` files.

With ``--warc``, the shards are WARC or WET files (``*.warc.gz`` …) on a
file system every executor sees: each task hands its shard's path to
``gleaner clean --input warc --format json``, which reads it and writes one
JSON line per page with its ``url``, ``warc_record_id`` and ``warc_date``
(and ``{"source", "offset", "error"}`` for a damaged record).

On a cluster, ship the binary with ``--files /path/to/gleaner`` and pass
``--gleaner ./gleaner``. Each task runs the binary on one thread
(``--threads 1``): Spark already runs one task per core.
"""

import argparse
import shlex

from pyspark import SparkContext


ONE_THREAD = ("--threads", "1", "--quiet")
"""Spark runs one task per core; the summary line would only fill the
executors' logs."""


def clean_shards(sc, shards, gleaner="gleaner"):
    """An RDD of the binary's output lines for the JSONL `shards`: one
    partition per shard (more for an uncompressed shard larger than an
    input split), each piped through one gleaner process."""
    per_shard = [sc.textFile(shard, minPartitions=1) for shard in shards]
    command = shlex.join([gleaner, "clean", "--input", "jsonl", "--format", "json", *ONE_THREAD])
    return sc.union(per_shard).pipe(command)


def clean_warc_shards(sc, shards, gleaner="gleaner"):
    """An RDD of the binary's output lines for WARC or WET `shards` (paths
    every executor can open): one task per shard, whose one input line, the
    path, becomes the binary's argument."""
    command = shlex.join([gleaner, "clean", "--input", "warc", "--format", "json", *ONE_THREAD])
    return sc.parallelize(shards, len(shards)).pipe(f"xargs -r -d '\\n' {command}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gleaner", default="gleaner", help="the gleaner binary (default: gleaner on PATH)")
    parser.add_argument("--warc", action="store_true", help="the shards are WARC/WET files, read by the binary")
    parser.add_argument("output_dir")
    parser.add_argument("shards", nargs="+")
    args = parser.parse_args()
    sc = SparkContext(appName="gleaner-pipe")
    try:
        recipe = clean_warc_shards if args.warc else clean_shards
        recipe(sc, args.shards, args.gleaner).saveAsTextFile(args.output_dir)
    finally:
        sc.stop()


if __name__ == "__main__":
    main()
