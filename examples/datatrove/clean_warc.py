"""Clean the HTML pages of WARC shards with gleaner in a datatrove pipeline.

    python examples/datatrove/clean_warc.py SHARDS_DIR OUTPUT_DIR [--tasks 2] [--workers 1] [--mode clean|label]

Reads every ``*.warc.gz`` (and ``*.warc``) under SHARDS_DIR with datatrove's
WarcReader (response records of HTML pages; other records are skipped),
cleans each page with gleaner (``--mode label`` keeps the page and adds
every block's label instead), and writes one JSONL file per task to
OUTPUT_DIR (``00000.jsonl.gz`` …: ``text``, ``id`` = the WARC-Record-ID,
``metadata`` with the URL, date and language). Runs on datatrove's
LocalPipelineExecutor; the same pipeline runs on its Slurm or Ray executors.

Needs ``pip install "./python[datatrove]"``.
"""

import argparse

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter

from gleaner.datatrove import GleanerCleaner


def pipeline(shards_dir, output_dir, mode="clean", threads=None):
    """The pipeline's steps: read WARC shards, clean (or label), write JSONL."""
    return [
        WarcReader(shards_dir, glob_pattern="*.warc*"),
        GleanerCleaner(mode=mode, threads=threads),
        JsonlWriter(output_dir),
    ]


def run(shards_dir, output_dir, logging_dir, tasks=2, workers=1, mode="clean"):
    """Runs the pipeline on the local machine. With one worker a task has
    every core for gleaner's batches; with more, each uses one thread."""
    threads = None if workers == 1 else 1
    executor = LocalPipelineExecutor(
        pipeline=pipeline(shards_dir, output_dir, mode=mode, threads=threads),
        tasks=tasks,
        workers=workers,
        logging_dir=logging_dir,
    )
    return executor.run()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shards_dir")
    parser.add_argument("output_dir")
    parser.add_argument("--tasks", type=int, default=2, help="tasks (the shards are split among them)")
    parser.add_argument("--workers", type=int, default=1, help="tasks run at once")
    parser.add_argument("--mode", choices=["clean", "label"], default="clean")
    parser.add_argument("--logging-dir", default=None, help="datatrove's logs (default: OUTPUT_DIR/../logs)")
    args = parser.parse_args()
    logging_dir = args.logging_dir or f"{args.output_dir.rstrip('/')}-logs"
    run(args.shards_dir, args.output_dir, logging_dir, tasks=args.tasks, workers=args.workers, mode=args.mode)


if __name__ == "__main__":
    main()
