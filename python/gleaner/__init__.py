"""gleaner cleans scraped articles.

It splits a page (plain text or HTML) into blocks, finds each block's
language, and labels every block headline, caption, body, quote or
boilerplate with a naive-Bayes model embedded in the package::

    import gleaner

    cleaner = gleaner.Cleaner()
    record = cleaner.clean(open("article.html", encoding="utf-8").read())
    print(record["text"])             # the cleaned article
    for block in record["blocks"]:    # the kept blocks, with their labels
        print(block["label"], block["text"])

Results are plain dicts with the fields of ``gleaner clean --format json``
(``clean``) and ``gleaner classify --format jsonl`` (``classify``);
``clean_batch`` and ``classify_batch`` clean many pages on all cores with
the interpreter released. Errors are raised as :class:`GleanerError` with
the messages the command line prints.
"""

from gleaner._native import Cleaner, GleanerError, __version__
from gleaner.types import (
    BlockRecord,
    CleanRecord,
    ClassifyRecord,
    ErrorRecord,
    SegmentRecord,
)

__all__ = [
    "BlockRecord",
    "ClassifyRecord",
    "CleanRecord",
    "Cleaner",
    "ErrorRecord",
    "GleanerError",
    "SegmentRecord",
    "__version__",
]
