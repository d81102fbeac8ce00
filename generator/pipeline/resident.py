"""What a resident process keeps between two runs, so that the next one costs what changed.

`fsegen check --watch` and the live preview judge the same programme again after every
save. Each deliverable made in one run is kept with the record of its reads (the same
record a build keeps on disk, generator/pipeline/cache.py): in the next run, a deliverable
whose key (template, code, options, status) and every read fact hash the same, and whose
`accept:` entries are the same, is taken as it was instead of being evaluated or rendered
again. The judgement itself (output rules, lifecycle rules, acknowledgements, the verdict)
always runs on every deliverable: only the making is skipped, never the judging.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import jinja2

from generator.context.views import Read, Recorder
from generator.folders import cache_home
from generator.pipeline.produce import Product
from generator.templating.environment import make_environment
from generator.templating.templates import TemplateSet

if TYPE_CHECKING:
    from generator.pipeline.cache import RenderCache


@dataclass
class Kept:
    """One deliverable as the last run made it."""

    key: str
    reads: dict[Read, str]
    """Each fact it read, with its hash then."""
    accepted: str
    """The hash of the `accept:` entries about what it read."""
    product: Product


class Memory:
    """The deliverables of the last runs of one programme, by output id, and the sandboxed
    environment with its compiled templates (in this process only)."""

    RENEW_AFTER = 100
    """Runs after which the environment is made afresh (its caches only grow)."""

    def __init__(self) -> None:
        self.kept: dict[str, Kept] = {}
        self.made = 0
        """How many deliverables the last run made (evaluated or rendered); the others were kept."""
        self._env: jinja2.Environment | None = None
        self._env_key: object = None
        self._uses = 0

    def environment(self, found: TemplateSet, draft: bool) -> jinja2.Environment:
        """The run's environment: the last one while the templates' Jinja sources are the same
        (an `Environments` of the pipeline)."""
        key = (sorted(found.jinja.items()), draft)
        if self._env is None or key != self._env_key or self._uses >= self.RENEW_AFTER:
            self._env, self._env_key = make_environment(found, draft, cache_home() / "jinja"), key
            self._uses = 0
        self._uses += 1
        return self._env

    def recall(self, cache: RenderCache, output_id: str, key: str, word: bool = False) -> Product | None:
        """What the last run made of `output_id`, if nothing it depends on changed since;
        `word`: only a product rendered as a Word file will do."""
        kept = self.kept.get(output_id)
        if kept is None or kept.key != key or (word and kept.product.data is None):
            return None
        if any(cache.hashes(read) != digest for read, digest in kept.reads.items()):
            return None
        if kept.accepted != cache.accepted(kept.product.record):
            return None
        return kept.product

    def keep(self, cache: RenderCache, key: str, product: Product) -> None:
        """Remember a deliverable made in this run (one that failed is made again next time)."""
        if product.findings:
            self.kept.pop(product.item.id, None)
            return
        record: Recorder | None = product.record
        self.kept[product.item.id] = Kept(key, {read: cache.hashes(read) for read in product.reads},
                                          cache.accepted(record), product)

    def forget(self, present: set[str], made: int) -> None:
        """Start a run that makes `made` deliverables: drop what belongs to deliverables that
        no longer exist."""
        self.made = made
        for output_id in set(self.kept) - present:
            del self.kept[output_id]
