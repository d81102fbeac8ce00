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

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

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
from generator.pipeline.produce import Product, job, render
from generator.pipeline.resident import Memory

if TYPE_CHECKING:
    from generator.pipeline.cache import RenderCache

__all__ = ["BLOCKING_RULES", "Environments", "Memory", "Options", "Outcome", "Progress", "build",
           "check", "render_all", "status_of"]


def check(folders: Folders, options: Options = Options(), memory: Memory | None = None) -> Outcome:
    """The judgement of every deliverable, without building Word files (a sent one is
    rendered, to compare it with its archive); nothing is written. A deliverable whose inputs
    did not change since the last build is judged on what that build recorded of it; with a
    `memory` (a resident process), on what the last run made of it."""
    prepared = prepare(folders, options, memory.environment if memory is not None else None)
    outcome = Outcome(content=prepared.content, inputs=inputs(prepared))
    sent = {i.id for i in prepared.items if prepared.statuses[i.document_id] == "inviato"}
    data: dict[str, bytes | None] = {}
    problems: list[Finding] = []
    cache = render_cache(prepared)
    keys = cache_keys(prepared, options, cache, {})
    fresh = _recalled(prepared, outcome, sent, cache, keys, memory)
    outcome.rendered = len(fresh)
    for product in _remembered(memory, cache, keys, render(job(prepared, options, fresh, word=sent),
                                                           options.jobs or 1)):
        if collect(prepared, product, outcome, problems) and product.data is not None:
            data[product.item.id] = product.data
    conclude(prepared, options, outcome, problems, data)
    if not prepared.items:
        outcome.findings.append(replace(nothing_to_build(folders, prepared), severity=WARNING))
    return outcome


def _recalled(prepared: Prepared, outcome: Outcome, sent: set[str], cache: RenderCache,
              keys: dict[str, str], memory: Memory | None) -> list[Deliverable]:
    """The deliverables neither the memory of a resident process nor the record of builds can
    stand for (the others are taken from them, as the rules see them); a sent one is always
    rendered, to be compared with its archive."""
    fresh = []
    for item in prepared.items:
        if item.id in sent:
            fresh.append(item)
            continue
        kept = memory.recall(cache, item.id, keys[item.id]) if memory is not None else None
        if kept is not None:
            outcome.outputs[item.id] = prepared.rendered(item, kept.printed, kept.record, kept.text)
            continue
        hit = cache.recall(item.id, keys[item.id])
        if hit is None:
            fresh.append(item)
        else:
            outcome.outputs[item.id] = prepared.rendered(item, hit.printed, hit.recorder(), hit.text)
    if memory is not None:
        memory.forget({i.id for i in prepared.items}, len(fresh))
    return fresh


def render_all(folders: Folders, options: Options = Options(), keep: bool = False,
               memory: Memory | None = None) -> Outcome:
    """Every deliverable rendered as a Word file in memory, and judged; nothing is written.
    `keep`: each product is kept with its python-docx document (the preview). With a `memory`
    (a resident process), a deliverable nothing of which changed since the last run is taken
    as that run rendered it (and its environment is the last one while its sources are)."""
    prepared = prepare(folders, options, memory.environment if memory is not None else None)
    outcome = Outcome(content=prepared.content, inputs=inputs(prepared))
    problems: list[Finding] = []
    data: dict[str, bytes | None] = {}
    cache = render_cache(prepared)
    keys = cache_keys(prepared, options, cache, {})
    kept: dict[str, Product] = {}
    for item in prepared.items:
        product = memory.recall(cache, item.id, keys[item.id], word=True) if memory is not None else None
        if product is not None and (product.rendered is not None or not keep):
            kept[item.id] = replace(product, item=item)
    fresh = [i for i in prepared.items if i.id not in kept]
    if memory is not None:
        memory.forget({i.id for i in prepared.items}, len(fresh))
    outcome.rendered = len(fresh)
    made = {p.item.id: p for p in _remembered(memory, cache, keys, render(
        job(prepared, options, fresh, word={i.id for i in fresh}, keep=keep), options.jobs))}
    for item in prepared.items:
        product = kept.get(item.id) or made[item.id]
        if collect(prepared, product, outcome, problems):
            data[product.item.id] = product.data
            if product.data is not None:  # (always: every deliverable is rendered as Word)
                outcome.files[f"{product.item.id}.docx"] = product.data
            if keep:
                outcome.products[product.item.id] = product
    conclude(prepared, options, outcome, problems, data)
    return outcome


def _remembered(memory: Memory | None, cache: RenderCache, keys: dict[str, str],
                made: Iterator[Product]) -> Iterator[Product]:
    """The products as they come, each kept in the memory of a resident process (if any)."""
    for product in made:
        if memory is not None:
            memory.keep(cache, keys[product.item.id], product)
        yield product
