"""Deliverable + Word template -> `.docx` bytes (and its text), through docxtpl.

Rendering happens in memory, in the sandboxed environment. What docxtpl renders of
each part is kept: the rules read it as `fsegen check` reads its own evaluation of the
same sources (generator/rendering/evaluation.py), and leftover template syntax is sought
there. The document is read once, before it is saved, for its text (what diffs, the
archive of sent documents and Markdown use) and, where asked, its Markdown. The bytes are made
reproducible (core properties from the document, fixed zip entry times), so the
same content and templates always give the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2

from generator.context.documents import Deliverable
from generator.errors import Finding, TemplateError
from generator.messages import _
from generator.rendering import origins
from generator.rendering.charts import chart_drawer
from generator.rendering.evaluation import (
    attach_word_context,
    detach_drawers,
    evaluate_word,
    printed,
    word_finding,
)
from generator.rendering.finishing import declare_language, release_table_ends
from generator.rendering.numbering import restart_numbering
from generator.rendering.text import document_markdown, document_text
from generator.templating.templates import WordTemplate

if TYPE_CHECKING:
    from docx.document import Document

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
DRAFT_STAMP = "BOZZA - documento non valido per la presentazione"


@dataclass(frozen=True)
class RenderedDocx:
    """One rendered deliverable: its file, and its text as readers of a diff see it."""

    data: bytes
    text: str | None
    """None when not asked for (only a sent deliverable's is compared, and a diff's)."""
    markdown: str | None = None
    document: Document | None = field(default=None, repr=False, compare=False)
    """The python-docx document that was saved (what the live preview shows as HTML)."""
    origins: dict = field(default_factory=dict, repr=False, compare=False)
    """Its paragraph elements -> the content paragraphs (prose.Paragraph) they render."""
    printed: str = ""
    """What the template printed, as the rules read it (generator/rendering/printed.py)."""


def render_docx(deliverable: Deliverable, template: WordTemplate, env: jinja2.Environment, *,
                draft: bool = False, markdown: bool = False, text: bool = True) -> RenderedDocx:
    """The finished `.docx` of one deliverable; a draft is stamped BOZZA on every page;
    `text`: its text read back too (a third of the rendering of a long document).
    Raises TemplateError with the finding (file, paragraph, what, hint): the one `fsegen check`
    gives (generator/rendering/evaluation.py)."""
    docx_template = _open(template)
    rendered: list[tuple[str, str]] = []
    docx_template.rendered = rendered
    try:
        if draft:
            stamp_draft(docx_template.docx)  # before rendering: docxtpl replaces header parts
        marked = attach_word_context(deliverable, chart_drawer(docx_template))
        docx_template.render(deliverable.context.names(), jinja_env=env)
    except Exception as error:  # noqa: BLE001 - every failure of the template is the author's
        raise TemplateError(_why(error, deliverable, template, env, draft)) from error
    finally:  # a drawer holds the whole rendering: none may outlive it (the report is shared)
        detach_drawers(deliverable)
    text_printed = printed(rendered, template, deliverable)
    document = docx_template.docx
    found = origins.take_marks(document, marked)
    restart_numbering(document)
    release_table_ends(document)
    declare_language(document)
    _set_properties(document, deliverable)
    read = document_text(document) if text else None  # the document in memory, not its bytes
    as_markdown = document_markdown(document, deliverable.id) if markdown else None
    return RenderedDocx(docx_bytes(document), read, as_markdown, document, found, text_printed)


_PATCHED: dict[str, str] = {}
"""A template part's XML -> docxtpl's patched Jinja source of it."""


def _open(template: WordTemplate) -> Any:
    """The template as a docxtpl document that keeps what each part rendered."""
    from docxtpl import DocxTemplate  # ~100 ms to import: only commands that render pay it

    class Keeping(DocxTemplate):
        rendered: list[tuple[str, str]]

        def patch_xml(self, src_xml: str) -> str:
            """docxtpl's patching, once per part of a template in a run (every deliverable of a
            document gives it the same XML; it was a sixth of a build)."""
            patched = _PATCHED.get(src_xml)
            if patched is None:
                if len(_PATCHED) >= 64:
                    _PATCHED.clear()
                patched = _PATCHED[src_xml] = super().patch_xml(src_xml)
            return patched

        def render_xml_part(self, src_xml: str, part: Any, context: Any, jinja_env: Any = None) -> str:
            xml = super().render_xml_part(src_xml, part, context, jinja_env)
            self.rendered.append((str(part.partname).lstrip("/"), xml))
            return xml

    try:
        docx_template = Keeping(io.BytesIO(template.data))
        docx_template.init_docx()
    except Exception as error:  # noqa: BLE001 - a damaged .docx: zip or XML errors of python-docx
        raise TemplateError([Finding(
            _("{shown} cannot be read as a Word document: {error}", shown=template.shown,
              error=str(error)), file=template.shown,
            rule="template", hint=_("open and re-save it in Word or LibreOffice as .docx"))]) from error
    return docx_template


def _why(error: Exception, deliverable: Deliverable, template: WordTemplate, env: jinja2.Environment,
         draft: bool) -> list[Finding]:
    """The findings of a failed rendering: those of evaluating the template as `fsegen check`
    does (the same text, file and paragraph), or, for a failure of docxtpl's own, its error."""
    try:
        evaluate_word(deliverable, template, env, draft)
    except TemplateError as found:
        return found.findings
    return [word_finding(error, template, deliverable, None)]


def stamp_draft(document) -> None:
    """Put the draft stamp at the top of every page header (first-page ones too)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        for header in headers:
            if header.is_linked_to_previous:
                continue  # shows the previous section's header, which is stamped
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            stamp = first.insert_paragraph_before()
            stamp.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = stamp.add_run(DRAFT_STAMP)
            run.bold = True
            run.font.size = Pt(14)
            run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _set_properties(document, deliverable: Deliverable) -> None:
    """Core properties from the document, never from the clock."""
    props = document.core_properties
    when = dt.datetime.combine(deliverable.document.date, dt.time(0, 0))
    author = deliverable.context.promoter.name
    props.title = deliverable.document.title
    props.subject = deliverable.document.subject or deliverable.document.title
    props.author = author
    props.last_modified_by = author
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.keywords = keywords(deliverable)
    props.comments = "Generato con fsegen dal contenuto del programma"


def keywords(deliverable: Deliverable) -> str:
    """The document's keywords, from the content: the fund, the operational programme, the
    programme (or the project) and the deliverable's id, as a PDF shows them (read from the
    model: the deliverable has rendered, this reads nothing on its behalf)."""
    context = deliverable.context
    graph = context.graph
    if graph is None:
        return deliverable.id
    content = graph.content
    call = content.call
    project = content.projects.get(str(context.project.id)) if context.project is not None else None
    words = [call.fund, call.operational_programme,
             content.programme.title if call.programme_level else None,
             project.title if project is not None else None, deliverable.id]
    return "; ".join(dict.fromkeys(str(w) for w in words if w))


class _FixedEntries:
    """python-docx's writer of package members, with fixed times and attributes: the
    archive is written once, reproducibly (no save-then-rezip)."""

    def __init__(self, target: zipfile.ZipFile):
        self.target = target

    def write(self, name: str, blob: bytes) -> None:
        entry = zipfile.ZipInfo(getattr(name, "membername", name), date_time=ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 3
        self.target.writestr(entry, blob)


def docx_bytes(document: Document) -> bytes:
    """The document's package as python-docx saves it (content types, package relations, each
    part and its relations, in that order), written once with fixed entry times."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        writer = _FixedEntries(target)
        PackageWriter._write_content_types_stream(writer, parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        # python-docx types this helper's writer as its own zip writer; ours has its one method
        PackageWriter._write_parts(writer, parts)  # type: ignore[arg-type]
    return out.getvalue()


def reproducible_zip(data: bytes) -> bytes:
    """An archive with fixed entry times and attributes, entries in their order (for files
    saved by other writers: the templates' scripts, openpyxl)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        writer = _FixedEntries(target)
        for info in source.infolist():
            writer.write(info.filename, source.read(info.filename))
    return out.getvalue()
