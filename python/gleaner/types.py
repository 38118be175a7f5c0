"""The records gleaner returns, as typed dicts (for type checkers; at run
time they are plain ``dict`` objects).

They mirror the command line's JSON output field by field: ``clean``
returns what ``gleaner clean --format json`` writes for a page, and
``classify`` what ``gleaner classify --format jsonl`` writes.
"""

import sys
from typing import List, Optional

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - older Pythons
    from typing_extensions import NotRequired, TypedDict


class BlockRecord(TypedDict):
    """One block of a page."""

    index: int
    """The block's position on the page, from 0."""
    start: Optional[int]
    """Byte offset of the block's start in the page's text (for HTML, in its
    plain-text rendering, the blocks one blank line apart)."""
    end: Optional[int]
    """Byte offset of the block's end (exclusive)."""
    label: str
    """``headline``, ``caption``, ``body``, ``quote`` or ``boilerplate`` (or
    a custom model's label)."""
    probability: Optional[float]
    """The model's probability for the label, rounded to 3 decimals;
    ``None`` when a page rule set it."""
    rule: NotRequired[str]
    """The page rule that set the label; absent when the model did."""
    language: Optional[str]
    """The block's language (ISO 639-1), or ``None`` when too short to tell."""
    tag: NotRequired[str]
    """The HTML element the block came from; absent for plain text."""
    path: NotRequired[str]
    """The element's short DOM path (``body>div.article>p``); absent for
    plain text."""
    text: str
    """The block's text."""


class SegmentRecord(TypedDict):
    """A stretch of blocks in another language than the page's."""

    first_block: int
    last_block: int
    start: Optional[int]
    end: Optional[int]
    language: str
    confidence: float


class ClassifyRecord(TypedDict):
    """Every block of a page (``classify``)."""

    id: Optional[str]
    """The id given with the page, or ``None``."""
    language: Optional[str]
    """The page's main language (ISO 639-1)."""
    blocks: List[BlockRecord]
    segments: List[SegmentRecord]


class CleanRecord(ClassifyRecord):
    """The cleaned article (``clean``): ``blocks`` holds the kept blocks."""

    text: str
    """The cleaned article as text, Markdown or HTML (``format=``)."""


class ErrorRecord(TypedDict):
    """A page that failed in a batch called with ``errors="record"``."""

    id: Optional[str]
    error: str
    """The message ``GleanerError`` would carry, naming the page."""
