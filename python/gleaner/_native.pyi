"""Typed stubs of the extension module (re-exported by ``gleaner``)."""

import os
from typing import Iterable, List, Literal, Optional, Sequence, Union, final, overload

from gleaner.types import ClassifyRecord, CleanRecord, ErrorRecord

__all__ = ["Cleaner", "GleanerError", "__version__"]

__version__: str

_Page = Union[str, bytes]
"""A page: plain text or HTML as ``str``, or raw bytes (HTML in any
encoding, or UTF-8 plain text)."""

_Kind = Optional[Literal["text", "html"]]
_Format = Literal["text", "markdown", "html"]

class GleanerError(Exception):
    """An error from gleaner, with the message the command line prints: the
    page or file it concerns and what was wrong."""

@final
class Cleaner:
    """Cleans pages of plain text or HTML: splits each into blocks, finds
    their languages and labels every block headline, caption, body, quote or
    boilerplate. One cleaner serves any number of pages and threads."""

    def __new__(
        cls,
        model: Union[str, os.PathLike[str], bytes, None] = None,
        languages: Optional[Sequence[str]] = None,
        keep: Optional[Sequence[str]] = None,
    ) -> "Cleaner":
        """A cleaner.

        :param model: a model file written by ``gleaner train`` (its path, or
            its contents as ``bytes``); ``None`` for the embedded model.
        :param languages: ISO 639-1 codes (at least two) to choose block
            languages from; ``None`` for all 70 that whatlang knows.
        :param keep: the labels the cleaned article keeps; ``None`` for
            every label but boilerplate.
        :raises GleanerError: the model cannot be read, an unknown language
            or label, fewer than two languages.
        """

    @property
    def labels(self) -> List[str]:
        """The labels the model gives, in its order."""

    def clean(
        self,
        page: _Page,
        *,
        kind: _Kind = None,
        id: Optional[str] = None,
        charset: Optional[str] = None,
        format: _Format = "text",
    ) -> CleanRecord:
        """The cleaned article of one page, as ``gleaner clean --format json``
        writes it: the kept blocks, the main language, the mixed-language
        segments and ``text``, the article in ``format``.

        :param kind: ``"text"``, ``"html"``, or ``None`` to treat a page that
            starts like HTML (a doctype, a comment or a common element's
            tag, after white space) as HTML and anything else as text.
        :param id: the page's id, returned in the record and named in errors.
        :param charset: for HTML given as ``bytes``, the charset the caller
            knows (an HTTP ``Content-Type``); it wins over the page's
            ``<meta charset>``. A ``str`` is already decoded: its
            ``<meta charset>`` is ignored, and so is this.
        :raises GleanerError: a NUL character in plain text, bytes that are
            not UTF-8 given as plain text, HTML that cannot be unpacked, an
            unknown charset.
        """

    def classify(
        self,
        page: _Page,
        *,
        kind: _Kind = None,
        id: Optional[str] = None,
        charset: Optional[str] = None,
    ) -> ClassifyRecord:
        """Every block of one page with its label, probability and language,
        as ``gleaner classify --format jsonl`` writes it. Arguments and
        errors as :meth:`clean`."""

    @overload
    def clean_batch(
        self,
        pages: Iterable[_Page],
        *,
        kind: _Kind = None,
        ids: Optional[Iterable[str]] = None,
        threads: Optional[int] = None,
        errors: Literal["raise"] = "raise",
        format: _Format = "text",
    ) -> List[CleanRecord]: ...
    @overload
    def clean_batch(
        self,
        pages: Iterable[_Page],
        *,
        kind: _Kind = None,
        ids: Optional[Iterable[str]] = None,
        threads: Optional[int] = None,
        errors: Literal["record"],
        format: _Format = "text",
    ) -> List[Union[CleanRecord, ErrorRecord]]:
        """:meth:`clean` over many pages on ``threads`` threads (all cores
        when ``None``) with the interpreter released; one record per page,
        in input order.

        :param ids: one id per page (errors name a page without one by its
            position: ``<page 3>``).
        :param errors: ``"raise"`` raises the first page's error after every
            page was cleaned; ``"record"`` returns an :class:`ErrorRecord`
            in the failed page's place.
        """

    @overload
    def classify_batch(
        self,
        pages: Iterable[_Page],
        *,
        kind: _Kind = None,
        ids: Optional[Iterable[str]] = None,
        threads: Optional[int] = None,
        errors: Literal["raise"] = "raise",
    ) -> List[ClassifyRecord]: ...
    @overload
    def classify_batch(
        self,
        pages: Iterable[_Page],
        *,
        kind: _Kind = None,
        ids: Optional[Iterable[str]] = None,
        threads: Optional[int] = None,
        errors: Literal["record"],
    ) -> List[Union[ClassifyRecord, ErrorRecord]]:
        """:meth:`classify` over many pages, as :meth:`clean_batch`."""
