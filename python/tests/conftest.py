"""Shared fixtures: the repository's files and the gleaner binary."""

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
"""The gleaner repository (python/tests/ is two levels below it)."""


def gleaner_binary():
    """The gleaner command-line tool: $GLEANER_BIN, the repository's release
    build, or `gleaner` on PATH; None when there is none."""
    candidates = [os.environ.get("GLEANER_BIN"), str(REPO / "target" / "release" / "gleaner")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("gleaner")


@pytest.fixture(scope="session")
def cli():
    """Path of the gleaner binary; the test is skipped (saying so) without one,
    and fails in CI, which always builds it."""
    binary = gleaner_binary()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("no gleaner binary: build it with `cargo build --release`")
        pytest.skip("no gleaner binary (cargo build --release, or set GLEANER_BIN)")
    return binary


@pytest.fixture(scope="session")
def article():
    """The example article (plain text)."""
    return (REPO / "examples" / "article.txt").read_text(encoding="utf-8")


def html_pages(language, count):
    """Paths of `count` authored HTML pages of the training corpus."""
    pages = sorted((REPO / "training-data" / "train-html" / "pages" / language).glob("*.html"))
    assert len(pages) >= count, f"too few pages for {language}"
    return pages[:count]
