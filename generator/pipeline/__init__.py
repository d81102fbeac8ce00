"""The one pipeline: prepare -> evaluate or render -> judge -> write.

Every command that judges content goes through it, so `check`, `build`, the preview,
`status`, `send` and `diff` cannot disagree:

- `prepare` (prepare.py) loads and checks the content, reads the templates, lists the
  deliverables and the status each is judged by;
- each deliverable is then evaluated (its template's sources run without building the Word
  file) or rendered as a Word file (produce.py): the same errors, the same printed text;
- `conclude` (judge.py) judges them all the same way and gives the verdict;
- only `build` writes (build.py), and only when the verdict lets it.

`check` is the judgement without Word files; `render_all` keeps the Word files in memory
(diff, send, the preview's pages and downloads); `lenient` runs (status, the preview) report
every finding and raise on none.
"""

from __future__ import annotations

from dataclasses import replace

from generator.context.documents import Deliverable
from generator.errors import WARNING, Finding
from generator.folders import Folders
from generator.pipeline.build import Progress, build, cache_keys, inputs, render_cache
from generator.pipeline.judge import Outcome, collect, conclude
from generator.pipeline.prepare import (
    BLOCKING_RULES,
    Environments,
    Options,
    Prepared,
    nothing_to_build,
    prepare,
    status_of,
)
from generator.pipeline.produce import job, render

__all__ = ["BLOCKING_RULES", "Environments", "Options", "Outcome", "Progress", "build", "check",
           "render_all", "status_of"]


def check(folders: Folders, options: Options = Options()) -> Outcome:
    """The judgement of every deliverable, without building Word files (a sent one is
    rendered, to compare it with its archive); nothing is written. A deliverable whose inputs
    did not change since the last build is judged on what that build recorded of it."""
    prepared = prepare(folders, options)
    outcome = Outcome(content=prepared.content, inputs=inputs(prepared))
    sent = {i.id for i in prepared.items if prepared.statuses[i.document_id] == "inviato"}
    data: dict[str, bytes | None] = {}
    problems: list[Finding] = []
    fresh = _recalled(prepared, options, outcome, sent)
    outcome.rendered = len(fresh)
    for product in render(job(prepared, options, fresh, word=sent), options.jobs or 1):
        if collect(prepared, product, outcome, problems) and product.data is not None:
            data[product.item.id] = product.data
    conclude(prepared, options, outcome, problems, data)
    if not prepared.items:
        outcome.findings.append(replace(nothing_to_build(folders, prepared), severity=WARNING))
    return outcome


def _recalled(prepared: Prepared, options: Options, outcome: Outcome, sent: set[str]) -> list[Deliverable]:
    """The deliverables the record of builds cannot stand for (the others are taken from it,
    as the rules see them); a sent one is always rendered, to be compared with its archive."""
    cache = render_cache(prepared)
    keys = cache_keys(prepared, options, cache, {})
    fresh = []
    for item in prepared.items:
        hit = None if item.id in sent else cache.recall(item.id, keys[item.id])
        if hit is None:
            fresh.append(item)
        else:
            outcome.outputs[item.id] = prepared.rendered(item, hit.printed, hit.recorder(), hit.text)
    return fresh


def render_all(folders: Folders, options: Options = Options(), keep: bool = False,
               environments: Environments | None = None) -> Outcome:
    """Every deliverable rendered as a Word file in memory, and judged; nothing is written.
    `keep`: each product is kept with its python-docx document (the preview)."""
    prepared = prepare(folders, options, environments)
    outcome = Outcome(content=prepared.content, inputs=inputs(prepared))
    problems: list[Finding] = []
    data: dict[str, bytes | None] = {}
    every = {i.id for i in prepared.items}
    for product in render(job(prepared, options, prepared.items, word=every, keep=keep), options.jobs):
        if collect(prepared, product, outcome, problems):
            data[product.item.id] = product.data
            if product.data is not None:  # (always: every deliverable is rendered as Word)
                outcome.files[f"{product.item.id}.docx"] = product.data
            if keep:
                outcome.products[product.item.id] = product
    conclude(prepared, options, outcome, problems, data)
    return outcome

