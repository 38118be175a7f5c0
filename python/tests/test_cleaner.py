"""gleaner.Cleaner: records, kinds, settings and errors, one page at a time."""

import json
import subprocess
import sys

import pytest

import gleaner
from conftest import REPO, html_pages


def test_the_readme_one_liner_prints_the_headline_block():
    # The command of the README, in a fresh interpreter, from the repository.
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gleaner; print(gleaner.Cleaner().clean("
            "open('examples/article.txt').read())['blocks'][0])",
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "'label': 'headline'" in out
    assert "Harbour Town Votes to Turn Old Shipyard Into a Public Park" in out


def test_clean_returns_the_cli_json_record(cli, article):
    path = REPO / "examples" / "article.txt"
    expected = json.loads(
        subprocess.run([cli, "clean", "--format", "json", str(path)], check=True, capture_output=True).stdout
    )
    record = gleaner.Cleaner().clean(article, id=str(path))
    assert record == expected


def test_classify_returns_the_cli_jsonl_record_for_html(cli):
    paths = html_pages("en", 2) + html_pages("ru", 1)
    out = subprocess.run(
        [cli, "classify", "--format", "jsonl", *map(str, paths)], check=True, capture_output=True
    ).stdout
    expected = [json.loads(line) for line in out.splitlines()]
    cleaner = gleaner.Cleaner()
    # Bytes: the HTML reader decodes them, as it decodes the files.
    records = [cleaner.classify(p.read_bytes(), id=str(p)) for p in paths]
    assert records == expected
    assert all("tag" in block and "path" in block for block in records[0]["blocks"])


def test_clean_keeps_content_and_drops_boilerplate(article):
    record = gleaner.Cleaner().clean(article)
    labels = {block["label"] for block in record["blocks"]}
    assert labels <= {"headline", "caption", "body", "quote"}
    assert "The town council of Port Avery voted" in record["text"]
    assert "Share this article" not in record["text"]
    assert record["language"] == "en"
    assert record["id"] is None


def test_classify_lists_every_block_with_its_span(article):
    record = gleaner.Cleaner().classify(article)
    assert [b["index"] for b in record["blocks"]] == list(range(len(record["blocks"])))
    assert any(b["label"] == "boilerplate" for b in record["blocks"])
    for block in record["blocks"]:
        assert article.encode()[block["start"] : block["end"]].decode() == block["text"]
        assert "tag" not in block and "path" not in block  # plain text has no markup
        assert block["probability"] is None or 0.0 <= block["probability"] <= 1.0


def test_format_chooses_the_cleaned_texts_rendering(article):
    cleaner = gleaner.Cleaner()
    assert cleaner.clean(article, format="markdown")["text"].startswith("# Harbour Town Votes")
    assert cleaner.clean(article, format="html")["text"].startswith("<!DOCTYPE html>")
    with pytest.raises(ValueError, match='format must be "text", "markdown" or "html"'):
        cleaner.clean(article, format="pdf")


HTML_PAGE = (
    "<!DOCTYPE html><html><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav>"
    "<div class='article'><h1>Ferry service resumes after the storm</h1>"
    "<p>The island ferry sailed again on Friday morning, four days after the storm tore "
    "the landing stage from its moorings, and the first boat carried more than two hundred "
    "passengers to the mainland.</p></div></body></html>"
)


def test_a_page_that_starts_like_html_is_read_as_html_unless_kind_says_text():
    cleaner = gleaner.Cleaner()
    detected = cleaner.classify(HTML_PAGE)
    assert [b["tag"] for b in detected["blocks"]][-2:] == ["h1", "p"]
    assert detected == cleaner.classify(HTML_PAGE, kind="html")
    as_text = cleaner.classify(HTML_PAGE, kind="text")
    assert len(as_text["blocks"]) == 1 and "<h1>" in as_text["blocks"][0]["text"]
    # Text that merely starts with a bracket stays text.
    assert "tag" not in cleaner.classify("<3 this recipe\n\nMix the flour.")["blocks"][0]
    with pytest.raises(ValueError, match="kind must be"):
        cleaner.clean(HTML_PAGE, kind="xml")


def test_html_bytes_use_the_charset_given_and_a_str_is_already_decoded():
    cleaner = gleaner.Cleaner()
    news = "<h1>Новости</h1>"
    legacy = news.encode("windows-1251")
    assert cleaner.classify(legacy, kind="html", charset="windows-1251")["blocks"][0]["text"] == "Новости"
    # A str whose meta names a legacy charset is not decoded a second time.
    page = "<html><head><meta charset='windows-1251'></head><body>" + news + "</body></html>"
    assert cleaner.classify(page)["blocks"][0]["text"] == "Новости"


def test_settings_languages_and_keep():
    text = (
        "A headline for the story\n\nThe first paragraph of the story tells what happened on "
        "Tuesday in the town hall, where the council met until late."
    )
    only_body = gleaner.Cleaner(keep=["body"]).clean(text)
    assert "A headline" not in only_body["text"]
    assert "The first paragraph" in only_body["text"]
    restricted = gleaner.Cleaner(languages=["en", "de"]).classify(text)
    assert {b["language"] for b in restricted["blocks"]} <= {"en", "de", None}
    assert gleaner.Cleaner().labels == ["headline", "caption", "body", "quote", "boilerplate"]


def test_a_model_from_a_path_or_bytes_is_the_model(article):
    model = REPO / "models" / "default.gleaner"
    expected = gleaner.Cleaner().classify(article)
    assert gleaner.Cleaner(model=model).classify(article) == expected
    assert gleaner.Cleaner(model=str(model)).classify(article) == expected
    assert gleaner.Cleaner(model=model.read_bytes()).classify(article) == expected


def test_bad_settings_raise_the_librarys_messages(tmp_path):
    with pytest.raises(gleaner.GleanerError, match='"xx"'):
        gleaner.Cleaner(languages=["en", "xx"])
    with pytest.raises(gleaner.GleanerError, match="at least two"):
        gleaner.Cleaner(languages=["en"])
    with pytest.raises(gleaner.GleanerError, match='unknown label "teaser" to keep'):
        gleaner.Cleaner(keep=["body", "teaser"])
    missing = tmp_path / "missing.gleaner"
    with pytest.raises(gleaner.GleanerError, match=f"^{missing}: No such file"):
        gleaner.Cleaner(model=missing)
    not_a_model = tmp_path / "notes.gleaner"
    not_a_model.write_text("not a model")
    with pytest.raises(gleaner.GleanerError, match=f"^{not_a_model}: "):
        gleaner.Cleaner(model=not_a_model)
    with pytest.raises(gleaner.GleanerError, match="^<model bytes>: "):
        gleaner.Cleaner(model=b"not a model")


def test_bad_pages_raise_errors_naming_the_page_and_offset():
    cleaner = gleaner.Cleaner()
    with pytest.raises(gleaner.GleanerError) as error:
        cleaner.clean("Title\n\nText\0more")
    assert str(error.value) == "<text>: NUL byte at byte offset 11: this looks like a binary file"
    with pytest.raises(gleaner.GleanerError, match="^page-7: NUL byte at byte offset 11"):
        cleaner.clean("Title\n\nText\0more", id="page-7")
    with pytest.raises(gleaner.GleanerError, match="^p: invalid UTF-8 at byte offset 3$"):
        cleaner.clean(b"abc\xff", kind="text", id="p")
    with pytest.raises(gleaner.GleanerError, match="^p: .*charset"):
        cleaner.clean(b"<p>x</p>", kind="html", charset="no-such-charset", id="p")
    with pytest.raises(TypeError):
        cleaner.clean(42)


def test_the_error_messages_are_the_clis(cli, tmp_path):
    page = tmp_path / "binary.txt"
    page.write_bytes(b"Title\n\nText\0more")
    stderr = subprocess.run([cli, "clean", str(page)], capture_output=True, text=True).stderr
    with pytest.raises(gleaner.GleanerError) as error:
        gleaner.Cleaner().clean(page.read_text(), id=str(page))
    assert f"gleaner: {error.value}" in stderr
