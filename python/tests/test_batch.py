"""clean_batch / classify_batch: same records as one page at a time, in
order, on any number of threads, with the interpreter released."""

import threading
import time

import pytest

import gleaner
from conftest import html_pages


@pytest.fixture(scope="module")
def pages():
    """Authored pages of several languages, as bytes (some in a legacy
    encoding) and as text."""
    paths = [p for language in ("en", "de", "ja", "ru") for p in html_pages(language, 4)]
    return [p.read_bytes() for p in paths]


def test_a_batch_is_the_pages_one_by_one_in_order(pages):
    cleaner = gleaner.Cleaner()
    one_by_one = [cleaner.clean(page) for page in pages]
    for threads in (None, 1, 2, 3):
        assert cleaner.clean_batch(pages, threads=threads) == one_by_one
    assert cleaner.classify_batch(pages, threads=2) == [cleaner.classify(p) for p in pages]


def test_ids_kind_and_format_apply_to_every_page(article):
    cleaner = gleaner.Cleaner()
    ids = [f"doc-{i}" for i in range(3)]
    records = cleaner.clean_batch([article] * 3, ids=iter(ids), kind="text", format="markdown")
    assert [r["id"] for r in records] == ids
    assert all(r["text"].startswith("# Harbour Town Votes") for r in records)
    with pytest.raises(ValueError, match="2 ids for 3 pages"):
        cleaner.clean_batch([article] * 3, ids=ids[:2])


def test_any_iterable_of_pages_but_not_one_page(article):
    cleaner = gleaner.Cleaner()
    from_generator = cleaner.classify_batch(article for _ in range(2))
    assert from_generator == [cleaner.classify(article)] * 2
    assert cleaner.clean_batch([]) == []
    with pytest.raises(TypeError, match="not one page"):
        cleaner.clean_batch(article)
    with pytest.raises(TypeError):
        cleaner.clean_batch([article, 42])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        cleaner.clean_batch([article], threads=0)
    with pytest.raises(ValueError, match='errors must be "raise" or "record"'):
        cleaner.clean_batch([article], errors="ignore")


def test_a_bad_page_raises_or_is_recorded_in_its_place(article):
    cleaner = gleaner.Cleaner()
    batch = [article, "Title\n\nText\0more", article]
    with pytest.raises(gleaner.GleanerError, match="^<page 1>: NUL byte at byte offset 11"):
        cleaner.clean_batch(batch)
    with pytest.raises(gleaner.GleanerError, match="^b: NUL byte at byte offset 11"):
        cleaner.classify_batch(batch, ids=["a", "b", "c"])
    records = cleaner.clean_batch(batch, ids=["a", "b", "c"], errors="record", threads=2)
    assert records[1] == {
        "id": "b",
        "error": "b: NUL byte at byte offset 11: this looks like a binary file",
    }
    good = cleaner.clean(article)
    assert [records[0]["text"], records[2]["text"]] == [good["text"]] * 2


def count_while(keep_counting):
    """How many times a Python loop turns while `keep_counting()` holds."""
    counted = 0
    while keep_counting():
        counted += 1
    return counted


def test_the_interpreter_runs_other_threads_during_a_batch(pages):
    # While a batch runs in one thread, another thread counts. Were the
    # interpreter held through the batch, the counter would only get the
    # switch intervals (5 ms each) around the call: a few percent of what it
    # counts in the same time alone.
    cleaner = gleaner.Cleaner()
    batch = pages * 16
    started = time.perf_counter()
    cleaner.clean_batch(batch, threads=1)
    alone = time.perf_counter() - started
    assert alone > 0.2, f"the batch ({alone:.3f} s) is too short to tell"
    until = time.perf_counter() + alone
    counted_alone = count_while(lambda: time.perf_counter() < until)

    done = threading.Event()
    worker = threading.Thread(target=lambda: (cleaner.clean_batch(batch, threads=1), done.set()))
    worker.start()
    counted = count_while(lambda: not done.is_set())
    worker.join()
    assert counted > counted_alone / 4, (counted, counted_alone)


def test_one_cleaner_serves_many_python_threads(pages):
    from concurrent.futures import ThreadPoolExecutor

    cleaner = gleaner.Cleaner()
    expected = [cleaner.classify(page) for page in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(cleaner.classify, pages)) == expected
