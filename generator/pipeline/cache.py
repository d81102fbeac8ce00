"""Incremental builds: a deliverable whose inputs did not change is neither rendered nor rewritten.

A deliverable's inputs are its template, the Jinja sources, fsegen's own code, the
build's options, what its rendering read of the content (the reads recorded by
generator/context/views.py: the items, collections and totals it touched, as of its date),
the status it is judged by (a bozza is stamped BOZZA), the archive of a sent one, and
the `accept:` entries about what it reads. The entry keeps the record of its reads
(generator/templating/recording.py), so the rules of a programme's life judge a deliverable reused
without rendering it again. Each built
deliverable leaves an entry in the user's cache folder (`folders.cache_home()`, one
folder per programme; never in the programme, whose files a pull request could plant)
with those reads and a hash of each; the next build reuses the deliverable when every
hash is the same and the output folder still holds the very file (same sha256 in its
manifest). A missing, damaged or foreign entry is a miss.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.context.asof import status_on
from generator.context.views import Read, Recorder
from generator.folders import cache_home
from generator.model import Content
from generator.model.timeline import RELATED
from generator.sources import parse_path


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


@dataclass
class Entry:
    """What a build remembers of one deliverable."""

    key: str
    reads: dict[str, str]
    docx: str
    text: str
    markdown: str | None
    record: dict | None = None
    """The lifecycle part of its record of reads (`Recorder.as_json`)."""
    accepted: str = ""
    """The hash of the `accept:` entries about what it reads."""
    printed: str = ""
    """What it printed, as the rules read it (generator/rendering/printed.py)."""
    every_accepted: str = ""
    """The hash of all the `accept:` entries when it was stored: while they are the same, so
    are those about what it reads (no need to find them again)."""
    _recorder: Recorder | None = field(default=None, repr=False, compare=False)

    def recorder(self) -> Recorder | None:
        """The record of reads, read from its JSON once."""
        if self.record is None:
            return None
        if self._recorder is None:
            self._recorder = Recorder.from_json(self.record)
        return self._recorder


@functools.lru_cache(maxsize=32)
def _template_sha(data: bytes) -> str:
    """A template's hash, once per build (its bytes are the same object for every deliverable)."""
    return _sha(data)


@dataclass(frozen=True)
class Texts:
    """How a rendered deliverable reads: its Word file's text, what it printed (what the rules
    read), its Markdown (when asked for)."""

    text: str
    printed: str
    markdown: str | None = None


class ReadHashes:
    """The current hash of each kind of read, computed once per build."""

    def __init__(self, content: Content):
        self.content = content
        self._memo: dict[Read, str] = {}
        self._stored: dict[str, str] = {}
        self.every_accepted = _sha(json.dumps([a.model_dump(mode="json") for a in content.accept],
                                              sort_keys=True, default=str))
        """The hash of all the `accept:` entries."""

    def __call__(self, read: Read) -> str:
        if read not in self._memo:
            self._memo[read] = _sha(json.dumps(self._value(read), sort_keys=True, default=str))
        return self._memo[read]

    def stored(self, key: str) -> str:
        """The current hash of a read as an entry stores it (JSON), parsed once per build."""
        if key not in self._stored:
            self._stored[key] = self(tuple(json.loads(key)))
        return self._stored[key]

    def _value(self, read: Read) -> object:
        content = self.content
        kind = read[0]
        if kind == "document":  # a file's own document: the texts of the other items left out
            document = content.documents.get(read[1])
            if document is None:
                return None
            dumped = document.model_dump(mode="json")
            for section in dumped["sections"]:
                section["for_item"] = {k: v for k, v in section["for_item"].items() if k == read[2]}
            return dumped
        if kind == "item":
            item = getattr(content, read[1]).get(read[2])
            return item.model_dump(mode="json") if item is not None else None
        if kind == "members" and len(read) == 3:  # the items that existed on a day
            day = dt.date.fromisoformat(read[2])
            return [i for i, item in getattr(content, read[1]).items() if status_on(item, day) is None]
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
        if kind == "report":  # a progress report (generator/context/progress.py): of a project, or ""
            return _report_inputs(content, read[1])
        return {"unknown read": list(read)}  # never equal to a stored hash of a known read


class RenderCache:
    """The entries of one programme's builds."""

    def __init__(self, root: Path, hashes: ReadHashes, salt: str):
        self.folder = cache_home() / "builds" / _sha(str(Path(root).resolve()))[:20]
        self.hashes = hashes
        self.salt = salt

    def key(self, output_id: str, template: bytes, draft: bool, lifecycle: str = "") -> str:
        return _sha(f"{self.salt}\0{output_id}\0{_template_sha(template)}\0{draft}\0{lifecycle}")

    def lookup(self, output_id: str, key: str, docx_sha: str | None, markdown: bool,
               file: bool = True) -> Entry | None:
        """The entry of `output_id` if it is still true (and, with `file`, the output folder still
        holds the very file, `docx_sha`), else None."""
        try:
            entry = Entry(**json.loads((self.folder / f"{output_id}.json").read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None
        if entry.key != key or (file and entry.docx != docx_sha) or (markdown and entry.markdown is None):
            return None
        if any(self.hashes.stored(read) != digest for read, digest in entry.reads.items()):
            return None
        if entry.every_accepted != self.hashes.every_accepted \
                and entry.accepted != self.accepted(entry.recorder()):
            return None
        return entry

    def recall(self, output_id: str, key: str) -> Entry | None:
        """What the last build found of `output_id` (its printed text, its record of reads), if
        nothing it depends on changed since: a check judges it without evaluating it again."""
        return self.lookup(output_id, key, None, False, file=False)

    def accepted(self, recorder: Recorder | None) -> str:
        """The hash of the `accept:` entries about what a deliverable reads (or about it)."""
        if recorder is None:
            return ""
        about = [a.model_dump(mode="json") for a in self.hashes.content.accept
                 if _about(a.path, recorder)]
        return _sha(json.dumps(about, sort_keys=True, default=str)) if about else ""

    def store(self, output_id: str, key: str, reads: set[Read], data: bytes, texts: Texts,
              recorder: Recorder | None = None) -> None:
        """Remember a rendered deliverable (best effort: a cache that cannot be written is a miss)."""
        entry = Entry(key, {json.dumps(list(r)): self.hashes(r) for r in sorted(reads)}, _sha(data),
                      texts.text, texts.markdown, recorder.as_json() if recorder is not None else None,
                      self.accepted(recorder), texts.printed, self.hashes.every_accepted)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{output_id}.tmp"
            stored = {k: v for k, v in entry.__dict__.items() if not k.startswith("_")}
            temporary.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
            temporary.replace(self.folder / f"{output_id}.json")
        except OSError:
            pass


def _report_inputs(content: Content, project: str) -> dict[str, object]:
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


def _about(pattern: str, recorder: Recorder) -> bool:
    """Whether an `accept:` path may concern a deliverable: its own document, or a fact it read
    (the part of the path before any `*`)."""
    prefix = pattern.split("*", 1)[0]
    fixed = parse_path(prefix.rstrip(".[")) if prefix.strip(".[") else ()
    if "*" in pattern and prefix and not prefix.endswith((".", "[")):
        fixed = fixed[:-1]  # a partial name: `projects.ci*`
    if not fixed or (fixed[0] == "documents" and len(fixed) < 2):
        return True
    if fixed[0] == "documents":
        return fixed[1] == recorder.document_id
    related = RELATED.get(str(fixed[2])) if len(fixed) > 2 else None  # as acceptance's `concerns`
    return recorder.speaks_of(fixed) or (related is not None
                                         and recorder.speaks_of(fixed[:2] + (related,)))
