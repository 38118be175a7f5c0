"""gleaner.datatrove: the pipeline step, and the example pipeline over WARC
shards made here from the corpus's authored pages."""

import gzip
import importlib.util
import io
import json

import pytest

datatrove = pytest.importorskip("datatrove", reason="datatrove is not installed (pip install './python[datatrove]')")
warcio = pytest.importorskip("warcio")

from datatrove.data import Document  # noqa: E402
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

import gleaner  # noqa: E402
from conftest import REPO, html_pages  # noqa: E402
from gleaner.datatrove import GleanerCleaner  # noqa: E402


def load_example():
    path = REPO / "examples" / "datatrove" / "clean_warc.py"
    spec = importlib.util.spec_from_file_location("clean_warc", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def utf8_pages(count):
    """Authored HTML pages in UTF-8 (WarcReader decodes UTF-8 first), of
    several languages."""
    pages = []
    for language in ("en", "de", "ja", "ar", "pl"):
        for path in html_pages(language, 8):
            try:
                pages.append(path.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:
                continue
    assert len(pages) >= count
    return pages[:count]


def write_shard(path, pages, first_url):
    """A gzipped WARC shard: per page a request and an HTML response
    record, and one image response that is no page. Returns the HTML
    responses as (record id, URL, page)."""
    responses = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, page in enumerate(pages):
            url = f"https://news.example/{first_url + number}.html"
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(page.encode("utf-8")),
                http_headers=headers,
                warc_headers_dict={"WARC-Identified-Payload-Type": "text/html"},
            )
            writer.write_record(record)
            responses.append((record.rec_headers.get_header("WARC-Record-ID"), url, page))
        image = writer.create_warc_record(
            "https://news.example/logo.png",
            "response",
            payload=io.BytesIO(b"\x89PNG\r\n\x1a\n"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Identified-Payload-Type": "image/png"},
        )
        writer.write_record(image)
    return responses


def read_output(folder):
    records = []
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            records.extend(json.loads(line) for line in lines)
    return records


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards")
    pages = utf8_pages(12)
    responses = write_shard(folder / "a.warc.gz", pages[:7], 0)
    responses += write_shard(folder / "b.warc.gz", pages[7:], 7)
    return folder, responses


@pytest.mark.parametrize("workers", [1, 2])
def test_the_example_cleans_every_html_record_of_the_shards_once(shards, tmp_path, workers):
    folder, responses = shards
    load_example().run(str(folder), str(tmp_path / "out"), str(tmp_path / "logs"), tasks=2, workers=workers)
    records = read_output(tmp_path / "out")
    cleaner = gleaner.Cleaner()
    expected = {record_id: (url, page) for record_id, url, page in responses}
    assert sorted(r["id"] for r in records) == sorted(expected)  # each once, the image skipped
    for record in records:
        url, page = expected[record["id"]]
        assert record["metadata"]["url"] == url
        cleaned = cleaner.clean(page)
        assert record["text"] == cleaned["text"]
        assert record["metadata"]["language"] == cleaned["language"]


def test_label_mode_keeps_the_page_and_adds_every_blocks_label(shards, tmp_path):
    folder, responses = shards
    load_example().run(str(folder), str(tmp_path / "out"), str(tmp_path / "logs"), tasks=1, mode="label")
    records = read_output(tmp_path / "out")
    assert len(records) == len(responses)
    cleaner = gleaner.Cleaner()
    pages = {record_id: page for record_id, _, page in responses}
    for record in records:
        assert record["text"] == pages[record["id"]]
        assert record["metadata"]["gleaner_blocks"] == cleaner.classify(record["text"])["blocks"]


def test_the_step_drops_and_counts_unreadable_and_empty_pages(article):
    step = GleanerCleaner(kind="text", batch_size=2, threads=2)
    documents = [
        Document(text=article, id="good"),
        Document(text="Title\n\nText\0more", id="binary"),
        Document(text="Share this article: Facebook | X | Email", id="only-boilerplate"),
        Document(text=article, id="good-too"),
    ]
    out = list(step.run(iter(documents)))
    assert [doc.id for doc in out] == ["good", "good-too"]
    assert out[0].text == gleaner.Cleaner().clean(article)["text"]
    assert out[0].metadata["language"] == "en"
    assert step.stats["gleaner_errors"].total == 1
    assert step.stats["dropped_empty"].total == 1
    assert step.stats["cleaned"].total == 2


def test_bad_settings_fail_early():
    with pytest.raises(ValueError, match='mode must be "clean" or "label"'):
        GleanerCleaner(mode="filter")
    with pytest.raises(gleaner.GleanerError, match='"xx"'):
        GleanerCleaner(languages=["en", "xx"]).cleaner
