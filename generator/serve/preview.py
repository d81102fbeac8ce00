"""The live preview's build: every deliverable rendered in memory, as HTML, with its findings.

The pipeline's `render_all`, lenient: for someone writing rather than handing in, every
deliverable that can render does and nothing stops at an error, but the judgement is the
pipeline's own (the same rules, statuses and acknowledgements as `fsegen check`, so the
preview counts what check counts). Each
deliverable's page is HTML made from the very Word document that `fsegen build`
saves (generator/rendering/html.py), its paragraphs carrying where they came from
(content file and line, from the marks of generator/rendering/origins.py) and the
findings that concern them. A deliverable that cannot render this time has no HTML,
only its findings; content that cannot load gives no page at all, only findings.

A finding concerns a deliverable when its field path is in the deliverable's document
(`documents.<id>...`, less those naming another output of the same document), in the
item a per-item deliverable is about (`projects.<id>...`), or in a paragraph the
deliverable shows; the rest concern the whole programme. Library code: nothing here
prints or serves.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import ERROR, WARNING, Finding, FsegenError
from generator.folders import Folders
from generator.limits import Limits
from generator.model import instances, output_ids
from generator.pipeline import Memory, Options, render_all
from generator.rendering.html import document_html
from generator.sources import KeyPath, SourceMap, format_path

Link = Callable[[str, int | None], str | None]
"""(content file as shown, line) -> an address that opens it in an editor, or None."""


@dataclass(frozen=True)
class Page:
    """One deliverable as the preview shows it."""

    id: str
    document_id: str
    title: str
    template: str
    status: str
    html: str | None
    """The document as HTML; None when it did not render this time."""
    findings: tuple[tuple[int, Finding], ...] = ()
    """The findings that concern it, with their number in the build (a paragraph's
    `data-findings` names them `f<number>`)."""

    def count(self, severity: str) -> int:
        return sum(1 for _, finding in self.findings if finding.severity == severity)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)


@dataclass
class Preview:
    """One build of the preview."""

    pages: dict[str, Page] = field(default_factory=dict)
    """Every deliverable the content defines, in order (none when it cannot load)."""
    general: list[tuple[int, Finding]] = field(default_factory=list)
    """Findings that concern no single deliverable."""
    findings: list[Finding] = field(default_factory=list)
    """Every finding of the build, acknowledged warnings set apart (as `fsegen check`)."""
    acknowledged: int = 0
    """Warnings acknowledged by `accept:` entries."""
    failed: bool = False
    """The content could not be built at all: only `findings`."""
    programme: str = ""
    seconds: float = 0.0
    content: Any = None
    """The content it was built from (field paths are named after its items); None when it
    could not load."""


class Previewer:
    """Builds previews of one programme, again and again, keeping what does not change: the
    sandboxed environment while the templates' Jinja sources are the same, and each deliverable
    nothing of which changed since the last build (generator/pipeline/resident.py)."""

    def __init__(self, folders: Folders, link: Link | None = None, limits: Limits = Limits()):
        self.folders, self.limits = folders, limits
        self.link = link or (lambda file, line: None)
        self.memory = Memory()
        self.pages: dict[str, _Made] = {}
        """Each page's HTML as last made (made again only when what it shows changed)."""

    def build(self) -> Preview:
        """A preview of the content as it is now; problems are findings, never exceptions
        (a bug of fsegen's own still raises)."""
        started = time.monotonic()
        try:
            preview = self._build()
        except FsegenError as error:
            preview = Preview(findings=error.findings or [Finding(error.message, rule="build")],
                              failed=True)
            preview.general = list(enumerate(preview.findings))
        preview.seconds = time.monotonic() - started
        return preview

    def _build(self) -> Preview:
        outcome = render_all(self.folders, Options(lenient=True, limits=self.limits), keep=True,
                             memory=self.memory)
        assert outcome.content is not None and outcome.sources is not None
        rendered = {output_id: product.rendered for output_id, product in outcome.products.items()}
        assembly = _Assembly(outcome.content, outcome.sources, outcome.findings, self.link, self.pages)
        preview = assembly.preview(rendered, outcome.failed, outcome.statuses)
        preview.acknowledged = len(outcome.accepted)
        return preview


@dataclass
class _Made:
    """A page's HTML as made from one rendering, and what it depended on besides it."""

    result: Any
    """The rendering (kept, so that the same object is recognised: the resident memory gives
    the same one while nothing it read changed)."""
    findings: tuple[Finding, ...]
    places: dict[tuple[KeyPath, int | None], tuple[str, int] | None]
    """Each source asked for, and the file and line it was at."""
    html: str
    flagged: set[int]


class _Assembly:
    """The pages of one build: each deliverable's HTML, marks and findings."""

    def __init__(self, content: Any, sources: SourceMap, findings: list[Finding], link: Link,
                 made: dict[str, _Made] | None = None):
        self.content, self.sources, self.findings, self.link = content, sources, findings, link
        self.outputs = output_ids(content)
        self.made = made if made is not None else {}

    def preview(self, rendered: dict, failures: dict, statuses: dict[str, str]) -> Preview:
        preview = Preview(findings=self.findings, programme=self.content.programme.title,
                          content=self.content)
        claimed: set[int] = set()
        for doc_id, outs in self.outputs.items():
            document = self.content.documents[doc_id]
            for output_id in outs:
                page = self.page(doc_id, document, output_id, rendered.get(output_id),
                                 failures.get(output_id, []), statuses.get(doc_id, "bozza"))
                claimed |= {number for number, _ in page.findings}
                preview.pages[output_id] = page
        preview.general = [(n, f) for n, f in enumerate(self.findings) if n not in claimed]
        return preview

    def page(self, doc_id: str, document: Any, output_id: str, result: Any, failed: list[Finding],
             status: str) -> Page:
        item_path = self.item_path(document, doc_id, output_id)
        html, flagged = self.html(output_id, document, doc_id, result)
        mine = {n for n, f in enumerate(self.findings)
                if f in failed or self.concerns(f, doc_id, output_id, item_path)}
        ordered = sorted(mine | flagged, key=lambda n: (
            self.findings[n].severity != ERROR, self.findings[n].file or "", self.findings[n].line or 0))
        title = document.title
        if item_path:
            title += f" - {self.item_title(item_path)}"
        return Page(output_id, doc_id, title, document.template, status, html,
                    tuple((n, self.findings[n]) for n in ordered))

    def html(self, output_id: str, document: Any, doc_id: str, result: Any) -> tuple[str | None, set[int]]:
        """A page's HTML and the findings its paragraphs flag: as last made when it shows the
        same rendering, the same findings, and its sources at the same lines."""
        if result is None:
            self.made.pop(output_id, None)
            return None, set()
        made = self.made.get(output_id)
        if made is not None and made.result is result and made.findings == tuple(self.findings) \
                and all(self.where(*asked) == at for asked, at in made.places.items()):
            return made.html, made.flagged
        marks = _Marks(self, document, doc_id, result.origins)
        html = document_html(result.document, marks)
        self.made[output_id] = _Made(result, tuple(self.findings), marks.places, html, marks.flagged)
        return html, marks.flagged

    def item_path(self, document: Any, doc_id: str, output_id: str) -> KeyPath:
        """The content path of the item of a per-item file (`('projects', 'ciao', 'partners', 0)`)."""
        if document.for_each is None:
            return ()
        suffix = output_id[len(doc_id) + 1:]
        return next((i.path for i in instances(self.content, document) if i.suffix == suffix), ())

    def item_title(self, path: KeyPath) -> str:
        """The item's title or name; for a partner, its project's title and its body's name."""
        def named(item: Any, fallback: object) -> str:
            return str(getattr(item, "title", None) or getattr(item, "name", None) or fallback)

        item = getattr(self.content, str(path[0])).get(str(path[1]))
        if len(path) == 4:  # a partner of a project
            partner = item.partners[int(path[3])]
            body = self.content.organisations.get(partner.organisation)
            return f"{named(item, path[1])} - {named(body, partner.organisation)}"
        return named(item, path[1])

    def concerns(self, finding: Finding, doc_id: str, output_id: str, item_path: KeyPath) -> bool:
        path = finding.path or ""
        if item_path and _under(path, format_path(item_path)):
            return True
        if not _under(path, format_path(("documents", doc_id))):
            return False
        others = [o for o in self.outputs[doc_id] if o != output_id and _names(finding.message, o)]
        return _names(finding.message, output_id) or not others

    def where(self, path: KeyPath, line: int | None = None) -> tuple[str, int] | None:
        """The file and line of a paragraph's source (a prose block's line plus its own)."""
        position = self.sources.locate(path)
        if position is None:
            return None
        offset = 0 if line is None else (1 if position.style in ("|", ">") else 0) + line
        return position.file, position.line + offset


class _Marks:
    """The attributes of each paragraph of a page: where it came from, which findings
    concern it (those it flags are gathered in `flagged`)."""

    def __init__(self, assembly: _Assembly, document: Any, doc_id: str, origins: dict):
        self.assembly, self.origins = assembly, origins
        self.titles = {" ".join(section.title.split()).casefold():
                       ("documents", doc_id, "sections", number, "title")
                       for number, section in enumerate(document.sections)}
        self.flagged: set[int] = set()
        self.places: dict[tuple[KeyPath, int | None], tuple[str, int] | None] = {}

    def __call__(self, element: Any) -> dict[str, str] | None:
        paragraph = self.origins.get(element)
        if paragraph is not None and paragraph.source:
            paths, line = paragraph.source, paragraph.line
        else:
            text = " ".join("".join(t.text or "" for t in element.iter(_T)).split()).casefold()
            if text not in self.titles:
                return None
            paths, line = (self.titles[text],), None
        attrs = self.place(paths[0], line, "source")
        if len(paths) > 1:
            attrs |= self.place(paths[1], None, "item")
        attrs["data-path"] = " ".join(format_path(p) for p in paths)
        hits = [n for n, f in enumerate(self.assembly.findings) if _overlaps(f.path, paths)]
        if hits:
            self.flagged |= set(hits)
            worst = ERROR if any(self.assembly.findings[n].severity == ERROR for n in hits) else WARNING
            attrs["class"] = f"flagged {worst}"
            attrs["data-findings"] = " ".join(f"f{n}" for n in hits)
        return attrs

    def place(self, path: KeyPath, line: int | None, name: str) -> dict[str, str]:
        where = self.places[(path, line)] = self.assembly.where(path, line)
        if where is None:
            return {}
        attrs = {f"data-{name}": f"{where[0]}:{where[1]}"}
        href = self.assembly.link(*where)
        if href:
            attrs[f"data-{name}-href"] = href
        return attrs


_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"


def _under(path: str, prefix: str) -> bool:
    """Whether the field path `path` is `prefix` or inside it."""
    return path == prefix or (path.startswith(prefix) and path[len(prefix)] in ".[")


def _overlaps(path: str | None, sources: tuple) -> bool:
    """Whether a finding at `path` concerns a paragraph from `sources`: the finding is inside
    one of them (a field of the listed item), or one of them is inside a block or section
    the finding names (never a whole document)."""
    if not path:
        return False
    for source in sources:
        shown = format_path(source)
        if _under(path, shown) and (source[0] != "documents" or len(source) >= 4):
            return True
        if _under(shown, path) and (path.count(".") + path.count("[")) >= 3:
            return True
    return False


def _names(message: str, output_id: str) -> bool:
    """Whether a message names an output id as a whole word (not the start of a longer id)."""
    return re.search(rf"(?<![\w-]){re.escape(output_id)}(?![\w-])", message) is not None
