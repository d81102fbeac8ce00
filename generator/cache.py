"""Incremental builds: a deliverable whose inputs did not change is neither rendered nor rewritten.

A deliverable's inputs are its template, the Jinja sources, fsegen's own code, the
build's options, and what its rendering read of the content (the reads recorded by
generator/context.py: the items, collections and totals it touched). Each built
deliverable leaves an entry in the user's cache folder (`folders.cache_home()`, one
folder per programme; never in the programme, whose files a pull request could plant)
with those reads and a hash of each; the next build reuses the deliverable when every
hash is the same and the output folder still holds the very file (same sha256 in its
manifest). A missing, damaged or foreign entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.context import Read
from generator.folders import cache_home
from generator.model import Content

_CODE = Path(__file__).resolve().parent


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def code_fingerprint() -> str:
    """fsegen's own code: an entry made by another version of it is never reused."""
    digest = hashlib.sha256()
    for path in sorted(_CODE.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Entry:
    """What a build remembers of one deliverable."""

    key: str
    reads: dict[str, str]
    docx: str
    text: str
    markdown: str | None


class ReadHashes:
    """The current hash of each kind of read, computed once per build."""

    def __init__(self, content: Content):
        self.content = content
        self._memo: dict[Read, str] = {}

    def __call__(self, read: Read) -> str:
        if read not in self._memo:
            self._memo[read] = _sha(json.dumps(self._value(read), sort_keys=True, default=str))
        return self._memo[read]

    def _value(self, read: Read) -> Any:
        content = self.content
        kind = read[0]
        if kind == "item":
            item = getattr(content, read[1]).get(read[2])
            return item.model_dump(mode="json") if item is not None else None
        if kind == "members":
            return list(getattr(content, read[1]))
        if kind == "totals":  # the programme's own totals, else its projects' budgets
            return {"programme": content.programme.budget.model_dump(mode="json")
                    if content.programme.budget else None,
                    **{pid: p.budget.model_dump(mode="json") if p.budget else None
                       for pid, p in content.projects.items()}}
        if kind in ("programme", "call"):
            return getattr(content, kind).model_dump(mode="json")
        if kind == "synergies":
            return [s.model_dump(mode="json") for s in content.synergies]
        if kind == "glossary":
            return content.glossary
        if kind == "report":  # a progress report (generator/progress.py): of a project, or ""
            return _report_inputs(content, read[1])
        return {"unknown read": list(read)}  # never equal to a stored hash of a known read


class RenderCache:
    """The entries of one programme's builds."""

    def __init__(self, root: Path, hashes: ReadHashes, salt: str):
        self.folder = cache_home() / "builds" / _sha(str(Path(root).resolve()))[:20]
        self.hashes = hashes
        self.salt = salt

    def key(self, output_id: str, template: bytes, draft: bool) -> str:
        return _sha(f"{self.salt}\0{output_id}\0{_sha(template)}\0{draft}")

    def lookup(self, output_id: str, key: str, docx_sha: str | None, markdown: bool) -> Entry | None:
        """The entry of `output_id` if it is still true, else None."""
        try:
            entry = Entry(**json.loads((self.folder / f"{output_id}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if entry.key != key or entry.docx != docx_sha or (markdown and entry.markdown is None):
            return None
        if any(self.hashes(tuple(json.loads(read))) != digest for read, digest in entry.reads.items()):
            return None
        return entry

    def store(self, output_id: str, key: str, reads: set[Read], data: bytes, text: str,
              markdown: str | None) -> None:
        """Remember a rendered deliverable (best effort: a cache that cannot be written is a miss)."""
        entry = Entry(key, {json.dumps(list(r)): self.hashes(r) for r in sorted(reads)}, _sha(data),
                      text, markdown)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{output_id}.tmp"
            temporary.write_text(json.dumps(entry.__dict__, ensure_ascii=False), encoding="utf-8")
            temporary.replace(self.folder / f"{output_id}.json")
        except OSError:
            pass


def _report_inputs(content: Content, project: str) -> Any:
    """What a progress report computes its figures from: the plan (indicators, periods), the
    projects it covers and their figures, and the reports' scopes."""
    ids = [project] if project else list(content.projects)
    return {"figures": {period: {pid: by[pid].model_dump(mode="json") for pid in ids if pid in by}
                        for period, by in content.monitoring.items()},
            "projects": {pid: content.projects[pid].model_dump(mode="json")
                         for pid in ids if pid in content.projects},
            "plan": [{i: x.model_dump(mode="json") for i, x in getattr(content, name).items()}
                     for name in ("indicators", "periods")],
            "scopes": {d: doc.report.model_dump(mode="json")
                       for d, doc in content.documents.items() if doc.report}}
