"""The deliverables made: evaluated (what `fsegen check` needs) or rendered as Word files.

Each deliverable renders its text (prose, phrases), then its Word template, while its reads
of the content are recorded (generator/templating/recording.py), so that the lifecycle rules judge it
and the next build can reuse it (generator/pipeline/cache.py). Evaluating runs the template's very
sources without building the Word file (generator/rendering/evaluation.py): the same
errors and the same printed text as rendering, for a fraction of the cost.

Deliverables are made in worker processes forked from this one: they inherit the loaded
content, the templates and the compiled Jinja, and send back bytes and text; the results
are the same as a serial run's (`jobs=1`), byte for byte.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jinja2

from generator.context.documents import Deliverable, render_body
from generator.context.views import Read, Recorder, recording
from generator.errors import ContentError, Finding
from generator.limits import Limits
from generator.pipeline.prepare import Options, Prepared
from generator.rendering.evaluation import evaluate_word
from generator.rendering.orphans import die_with_parent
from generator.sources import SourceMap
from generator.templating.budget import RunBudget, budget
from generator.templating.templates import TemplateSet

if TYPE_CHECKING:  # (docxtpl and python-docx are imported only where Word files are made)
    from generator.rendering.docx import RenderedDocx

_MIN_FOR_POOL = 2
"""Fewer deliverables than this render in this process. Two are enough for a pool: after an edit,
the deliverables rendered again are often the few that list every project (annex, form), the
largest ones, and a worker costs a fork (milliseconds) where each of them costs seconds."""

COLLECT_EVERY = 10
"""Renders between two garbage collections. A rendered Word file (python-docx's parts, their
lxml trees) is a reference cycle, which Python's collector reaches only after more and more
renders as the heap grows (the content of 10,000 projects): memory would grow with the count."""


@dataclass
class Product:
    """One evaluated or rendered deliverable, or the findings that stopped it."""

    item: Deliverable
    data: bytes | None = None
    """The .docx; None when only evaluated, or unchanged from the previous output (cache)."""
    printed: str = ""
    """What it prints, as the rules read it (the same whether evaluated or rendered)."""
    text: str | None = None
    """The .docx's text as read back (None when only evaluated)."""
    markdown: str | None = None
    reads: set[Read] = field(default_factory=set)
    record: Recorder | None = None
    """What it read of the content and where (the lifecycle rules judge it)."""
    findings: list[Finding] = field(default_factory=list)
    rendered: RenderedDocx | None = field(default=None, repr=False)
    """The RenderedDocx (its python-docx document, for the preview), when `Job.keep` and in
    this process."""


@dataclass
class Job:
    """What every worker needs, inherited when it is forked."""

    env: jinja2.Environment
    found: TemplateSet
    sources: SourceMap
    shared_reads: dict
    """By day: what making the shared context read (every deliverable of that day depends on it)."""
    markdown: bool
    items: list[Deliverable] = field(default_factory=list)
    stamped: frozenset[str] = frozenset()
    """Output ids stamped BOZZA (a draft build, or documents still bozze)."""
    word: frozenset[str] = frozenset()
    """Output ids rendered as Word files; the others are evaluated only."""
    texts: frozenset[str] = frozenset()
    """Output ids of Word files whose text is read back (a sent one's, compared with its
    archive; every one for a diff)."""
    keep: bool = False
    """Keep each rendered document in its product (the preview shows it; one process only)."""
    limits: Limits = Limits()
    """What making one deliverable may cost (its budget: time, output, steps)."""
    run: RunBudget | None = None
    """What all of the run's deliverables have spent together (shared by the workers)."""


_JOB: Job | None = None


def job(prepared: Prepared, options: Options, items: list[Deliverable], word: Iterable[str] = (),
        keep: bool = False, texts: Iterable[str] | None = None) -> Job:
    """The job of making `items` in a run: those in `word` rendered as Word files (the text of
    those in `texts` read back: by default all), the others evaluated; each stamped BOZZA when
    the run is a draft or its document still a bozza."""
    word = frozenset(word)
    return Job(prepared.env, prepared.found, prepared.loaded.sources, prepared.shared.reads,
               "md" in options.formats, items, frozenset(i.id for i in items if prepared.stamped(i, options)),
               word, word if texts is None else frozenset(texts), keep, prepared.limits,
               RunBudget(prepared.limits))


def render(job: Job, jobs: int | None = None) -> Iterator[Product]:
    """Every deliverable of `job`, in order, each rendered once."""
    global _JOB
    jobs = jobs or os.cpu_count() or 1
    pool = None
    if jobs > 1 and not job.keep and len(job.items) >= _MIN_FOR_POOL \
            and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")  # workers inherit the frozen heap
        with contextlib.suppress(OSError):  # no shared memory for its queues (/dev/shm read-only)
            pool = ProcessPoolExecutor(min(jobs, len(job.items)), mp_context=context,
                                       initializer=die_with_parent)
    if pool is None:
        with _frozen_heap():
            for index in range(len(job.items)):
                yield _render(job, index)
        return
    _JOB = job
    try:
        with _frozen_heap(), pool:
            chunk = max(1, min(4, len(job.items) // (jobs * 4)))  # few items: one per worker
            for index, product in enumerate(pool.map(_work, range(len(job.items)), chunksize=chunk)):
                product.item = job.items[index]
                yield product
    finally:
        _JOB = None


@contextlib.contextmanager
def _frozen_heap() -> Iterator[None]:
    """What exists before rendering (the content, templates, contexts) is left out of garbage
    collections while deliverables render, so that collecting every COLLECT_EVERY renders costs
    little (and the build is faster than with Python's own schedule); put back afterwards."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _work(index: int) -> Product:
    """In a worker: render deliverable `index` of the inherited job (sent back without it)."""
    assert _JOB is not None
    product = _render(_JOB, index)
    product.item = None  # type: ignore[assignment]  # the parent has it; contexts do not pickle
    return product


def _render(job: Job, index: int) -> Product:
    item = job.items[index]
    template = job.found.word[item.template]
    stamped = item.id in job.stamped
    rendered = None
    try:
        with budget(job.limits, job.run), recording(Recorder(item.document_id)) as record:
            complete = render_body(item, job.env, job.sources)
            record.where = template.shown
            if item.id in job.word:
                from generator.rendering.docx import render_docx  # docxtpl: only where Word files are made

                rendered = render_docx(complete, template, job.env, markdown=job.markdown, draft=stamped,
                                       text=item.id in job.texts)
            else:
                printed = evaluate_word(complete, template, job.env, stamped)
    except ContentError as error:
        return Product(item, findings=list(error.findings))
    own = item.id.removeprefix(item.document_id).removeprefix("-")  # its item's id, "" for one file
    reads = record.keys | job.shared_reads[item.document.date] | {("document", item.document_id, own)}
    if rendered is not None and index % COLLECT_EVERY == COLLECT_EVERY - 1:
        gc.collect()  # the rendered packages before this one (see COLLECT_EVERY)
    if rendered is None:
        return Product(item, None, printed, None, None, set(reads), record)
    return Product(item, rendered.data, rendered.printed, rendered.text, rendered.markdown, set(reads),
                   record, rendered=rendered if job.keep else None)
