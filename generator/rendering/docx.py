"""Deliverable + Word template -> `.docx` bytes (and its text), through docxtpl.

Rendering happens in memory, in the sandboxed environment. The document docxtpl
has just rendered is read once, before it is saved: for leftover template syntax
(which would otherwise reach an evaluator), for its text (what output rules,
diffs and Markdown use) and, where asked, its Markdown. The bytes are made
reproducible (core properties from the document, fixed zip entry times), so the
same content and templates always give the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

import jinja2

from generator.documents import Deliverable
from generator.errors import Finding, TemplateError
from generator.prose import NUMBER
from generator.rendering import origins
from generator.rendering.charts import attach_charts
from generator.rendering.numbering import mark, restart_numbering
from generator.rendering.text import document_markdown, document_text
from generator.sandbox import budget
from generator.templates import WordTemplate
from generator.templating import EmptyValue, describe_undefined, template_line

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
DRAFT_STAMP = "BOZZA - documento non valido per la presentazione"


@dataclass(frozen=True)
class RenderedDocx:
    """One rendered deliverable: its file, and its text as readers of a diff see it."""

    data: bytes
    text: str
    markdown: str | None = None
    document: Any = field(default=None, repr=False, compare=False)
    """The python-docx document that was saved (what the live preview shows as HTML)."""
    origins: dict = field(default_factory=dict, repr=False, compare=False)
    """Its paragraph elements -> the content paragraphs (prose.Paragraph) they render."""


def render_docx(deliverable: Deliverable, template: WordTemplate, env: jinja2.Environment, *,
                draft: bool = False, markdown: bool = False) -> RenderedDocx:
    """The finished `.docx` of one deliverable; a draft is stamped BOZZA on every page.
    Raises TemplateError with the finding (file, paragraph, what, hint)."""
    from docxtpl import DocxTemplate  # ~100 ms to import: only commands that render pay it

    try:
        docx_template = DocxTemplate(io.BytesIO(template.data))
        docx_template.init_docx()
    except Exception as error:  # noqa: BLE001 - a damaged .docx: zip or XML errors of python-docx
        raise TemplateError([Finding(
            f"{template.shown} cannot be read as a Word document: {error}", file=template.shown,
            rule="template", hint="open and re-save it in Word or LibreOffice as .docx")]) from error
    try:
        if draft:
            stamp_draft(docx_template.docx)  # before rendering: docxtpl replaces header parts
        marked = _attach_rich_text(deliverable)
        attach_charts(deliverable.context, docx_template)
        with budget(env.limits):
            docx_template.render(deliverable.context.names(), jinja_env=env)
    except Exception as error:  # noqa: BLE001 - every failure of the template is the author's
        finding = _render_finding(error, template, deliverable, env)
        raise TemplateError([_placed(finding, error, docx_template)]) from error
    document = docx_template.docx
    found = origins.take_marks(document, marked)
    restart_numbering(document)
    _refuse_leftovers(document, template, deliverable)
    _set_properties(document, deliverable)
    text = document_text(document)  # the document in memory: no re-parse of the saved bytes
    as_markdown = document_markdown(document) if markdown else None
    return RenderedDocx(docx_bytes(document), text, as_markdown, document, found)


def _attach_rich_text(deliverable: Deliverable) -> list:
    """Each paragraph's Word runs (`{{r para.rich }}`), numbered ones marked with their list,
    every one marked with its origin; returns the paragraphs in the order of their marks."""
    from docxtpl import RichText

    context = deliverable.context
    marked = []
    for paragraph in list(context.body) + [p for s in context.sections for p in s.body]:
        rich = RichText()
        for run in paragraph.runs:
            rich.add(run.text, bold=run.bold, italic=run.italic)
        if paragraph.style == NUMBER:
            rich.xml = mark(paragraph.list_id) + rich.xml
        rich.xml = origins.mark(len(marked)) + rich.xml
        marked.append(paragraph)
        paragraph.rich = rich  # type: ignore[attr-defined]
    return marked


def _render_finding(error: Exception, template: WordTemplate, deliverable: Deliverable,
                    env: jinja2.Environment) -> Finding:
    """What went wrong in a Word template, in the author's terms."""
    shown = template.shown
    if isinstance(error, EmptyValue):
        with budget(env.limits):
            empty = _empty_expressions(template, deliverable, env)
        return Finding(
            f"{shown} prints an empty value (None) in document {deliverable.id!r}"
            + (f": {', '.join(empty)}" if empty else ""), file=shown, rule="template",
            hint="a fact the content does not have: give it a value in the content (until then a "
                 "draft, fsegen build --draft, prints \"—\" for it), or wrap it in {% if ... %} "
                 "in the template")
    if isinstance(error, jinja2.UndefinedError):
        return Finding(f"{shown}: {describe_undefined(error)} (document {deliverable.id!r})",
                       file=shown, rule="template",
                       hint="the template asks for a value the content does not have: "
                            + _tags_mentioning(template, error))
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Finding(f"{shown}: template syntax: {error.message}", file=shown, rule="template",
                       hint="check the {{ }} and {% %} tags near: "
                            + " / ".join(getattr(error, "docx_context", []) or []).strip()[:200])
    if isinstance(error, jinja2.TemplateError):
        return Finding(f"{shown}: {describe_undefined(error)} (document {deliverable.id!r})",
                       file=shown, rule="template", hint="check the filters and values the template uses")
    return Finding(f"{shown}: an expression failed while rendering document {deliverable.id!r}: "
                   f"{type(error).__name__}: {error}", file=shown, rule="template",
                   hint="check the filters and arithmetic the template applies to this content")


def _placed(finding: Finding, error: Exception, docx_template) -> Finding:
    """The finding at the paragraph of the template where the error arose.

    docxtpl puts each `<w:p` on a line of its own before rendering, so the Jinja
    line of the error, less the line of the XML prolog, is the paragraph's number.
    """
    line = getattr(error, "lineno", None) or template_line(error)
    part = getattr(getattr(docx_template, "current_rendering_part", None), "partname", None)
    if not line or part is None:
        return finding
    where = f" ({str(part).lstrip('/')}, paragraph {max(line - 1, 1)})"
    return replace(finding, line=max(line - 1, 1), message=finding.message + where)


def _empty_expressions(template: WordTemplate, deliverable: Deliverable,
                       env: jinja2.Environment) -> list[str]:
    """The template's unguarded `{{ }}` expressions that evaluate to None with this context
    (an expression also tested by an `{% if %}` is taken as guarded)."""
    empty = []
    guards = " ".join(re.findall(r"\{%[rp]?\s*(?:el)?if\s(.*?)%\}", template.text))
    names = deliverable.context.names()
    for expression in dict.fromkeys(re.findall(r"\{\{[rp]?\s*(.*?)\s*\}\}", template.text)):
        if expression in guards:
            continue
        try:
            value = env.compile_expression(expression, undefined_to_none=False)(**names)
        except Exception:  # noqa: BLE001 - loop variables and the like: not evaluable out of place
            continue
        if value is None:
            empty.append("{{ " + expression + " }}")
    return empty


def _tags_mentioning(template: WordTemplate, error: Exception) -> str:
    """The template's tags that use the missing name, so the author can find them."""
    match = re.search(r"'([^']+)'$|attribute '([^']+)'", str(error))
    name = next((g for g in (match.groups() if match else ()) if g), None)
    if not name:
        return "see the README for the names every template sees"
    tags = sorted(set(t for t in re.findall(r"\{[{%].*?[}%]\}", template.text) if name in t))
    return f"look for {', '.join(tags[:3])}" if tags else f"look for '{name}'"


def _refuse_leftovers(document, template: WordTemplate, deliverable: Deliverable) -> None:
    """Template syntax left in the rendered body, headers or footers: a misspelled tag."""
    parts = [document.part] + [rel.target_part for rel in document.part.rels.values()
                               if rel.reltype.endswith(("/header", "/footer"))]
    for part in parts:
        text = "".join(node.text or "" for node in part.element.iter() if node.tag.endswith("}t"))
        found = LEFTOVER.search(text)
        if found:
            snippet = text[max(found.start() - 30, 0):found.end() + 30]
            raise TemplateError([Finding(
                f"{template.shown}: template syntax left in document {deliverable.id!r}: "
                f"{str(part.partname).lstrip('/')}: ...{snippet}...", file=template.shown,
                rule="rendered-output",
                hint="a tag is misspelled or split (for example '{ {'); retype it in Word")])


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
    props.language = "it-IT"
    props.keywords = deliverable.id
    props.comments = "Generato con fsegen dal contenuto del programma"


class _FixedEntries:
    """python-docx's writer of package members, with fixed times and attributes: the
    archive is written once, reproducibly (no save-then-rezip)."""

    def __init__(self, target: zipfile.ZipFile):
        self.target = target

    def write(self, name: Any, blob: bytes) -> None:
        entry = zipfile.ZipInfo(getattr(name, "membername", name), date_time=ZIP_EPOCH)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        entry.create_system = 3
        self.target.writestr(entry, blob)


def docx_bytes(document: Any) -> bytes:
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
        PackageWriter._write_parts(writer, parts)
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
