"""gleaner as a datatrove pipeline step: clean or label web pages in
batches inside any datatrove pipeline (local, Slurm or Ray executors).

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from gleaner.datatrove import GleanerCleaner

    LocalPipelineExecutor(
        pipeline=[
            WarcReader("crawl/", glob_pattern="*.warc.gz"),
            GleanerCleaner(),             # HTML → the cleaned article
            JsonlWriter("cleaned/"),
        ],
        tasks=4,
    ).run()

Needs datatrove (``pip install "./python[datatrove]"`` for datatrove and
what its WARC reader needs).
"""

from itertools import islice
from typing import Any, Iterable, Iterator, List, Literal, Mapping, Optional, Sequence, Union

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.utils.logging import logger

import gleaner

Mode = Literal["clean", "label"]


class GleanerCleaner(PipelineStep):
    """Cleans or labels each document's page (``Document.text``: HTML or
    plain text, detected unless ``kind`` says) with gleaner, a batch of
    documents at a time on ``threads`` threads.

    ``mode="clean"`` replaces the text by the cleaned article (in
    ``format``: text, Markdown or HTML) and drops documents left with no
    text; ``mode="label"`` keeps the text and adds every block, with its
    label, probability and language, as ``metadata["gleaner_blocks"]``.
    Both set ``metadata["language"]``, the page's main language (ISO
    639-1), which datatrove's language filters read. A page gleaner cannot
    read (a NUL byte in plain text, say) is dropped, counted as
    ``gleaner_errors`` and logged with the message naming its id.

    :param mode: ``"clean"`` or ``"label"``.
    :param model: a model file (path or bytes); ``None`` for the embedded one.
    :param languages: ISO 639-1 codes to choose block languages from.
    :param keep: labels the cleaned article keeps (default: all but boilerplate).
    :param kind: ``"text"``, ``"html"`` or ``None`` to detect each page's kind.
    :param format: the cleaned article's format: ``"text"``, ``"markdown"``, ``"html"``.
    :param batch_size: documents per call to gleaner.
    :param threads: threads per batch; ``None`` for all cores. Give 1 when
        the executor already runs one worker per core.
    """

    name = "🧹 gleaner"
    type = "🛢 - EXTRAC"

    def __init__(
        self,
        mode: Mode = "clean",
        model: Union[str, bytes, None] = None,
        languages: Optional[Sequence[str]] = None,
        keep: Optional[Sequence[str]] = None,
        kind: Optional[Literal["text", "html"]] = None,
        format: Literal["text", "markdown", "html"] = "text",
        batch_size: int = 64,
        threads: Optional[int] = None,
    ):
        super().__init__()
        if mode not in ("clean", "label"):
            raise ValueError(f'mode must be "clean" or "label", not {mode!r}')
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.mode = mode
        self.model = model
        self.languages = list(languages) if languages is not None else None
        self.keep = list(keep) if keep is not None else None
        self.kind = kind
        self.format = format
        self.batch_size = batch_size
        self.threads = threads
        self._cleaner: Optional[gleaner.Cleaner] = None

    def __getstate__(self):
        # Executors pickle the pipeline into their workers; each worker
        # loads its own cleaner (the model) on first use.
        state = self.__dict__.copy()
        state["_cleaner"] = None
        return state

    @property
    def cleaner(self) -> gleaner.Cleaner:
        """The cleaner, loaded on first use in the process running the step."""
        if self._cleaner is None:
            self._cleaner = gleaner.Cleaner(model=self.model, languages=self.languages, keep=self.keep)
        return self._cleaner

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data is None:
            return
        for batch in _batches(data, self.batch_size):
            with self.track_time(unit="batch"):
                records = self._process([doc.text for doc in batch], [str(doc.id) for doc in batch])
            for doc, record in zip(batch, records):
                if "error" in record:
                    self.stat_update("gleaner_errors")
                    logger.warning(f"gleaner: {record['error']}")
                    continue
                doc.metadata["language"] = record["language"]
                if self.mode == "clean":
                    if not record["text"].strip():
                        self.stat_update("dropped_empty")
                        continue
                    doc.text = record["text"]
                    self.stat_update("cleaned")
                else:
                    doc.metadata["gleaner_blocks"] = record["blocks"]
                    self.stat_update("labeled")
                self.update_doc_stats(doc)
                yield doc

    def _process(self, pages: List[str], ids: List[str]) -> Sequence[Mapping[str, Any]]:
        if self.mode == "clean":
            return self.cleaner.clean_batch(
                pages, kind=self.kind, ids=ids, threads=self.threads, errors="record", format=self.format
            )
        return self.cleaner.classify_batch(pages, kind=self.kind, ids=ids, threads=self.threads, errors="record")


def _batches(documents: Iterable[Document], size: int) -> Iterator[List[Document]]:
    """The documents in lists of `size` (the last one shorter)."""
    iterator = iter(documents)
    while batch := list(islice(iterator, size)):
        yield batch
