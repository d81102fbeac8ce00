"""Deliverable -> `.docx` bytes, through docxtpl and the one Jinja environment.

Rendering happens in memory; the bytes are made reproducible here (core
properties from the document, fixed zip entry times) so that the same content
and templates always give the same file. After rendering, the XML is scanned for
leftover template syntax, which would otherwise reach an evaluator unnoticed.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import replace
import io
import re
import zipfile
from pathlib import Path

import jinja2

from generator.documents import Deliverable, rich_paragraphs
from generator.prose import NUMBER
from generator.errors import DocumentError, Finding
from generator.rendering.package import checked_bytes, open_package
from generator.sandbox import budget
from generator.templating import EmptyValue, describe_undefined, is_inside, template_line

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class RenderProblem(Exception):
    """Rendering one deliverable failed; carries the finding."""

    def __init__(self, finding: Finding):
        super().__init__(finding.message)
        self.finding = finding


def render_docx(deliverable: Deliverable, templates_dir: Path, env: jinja2.Environment,
                draft: bool = False) -> bytes:
    """The finished `.docx` of one deliverable, as bytes; a draft is stamped BOZZA on every page."""
    from docxtpl import DocxTemplate  # ~100 ms to import: only commands that render pay it

    template_path = templates_dir / deliverable.template
    shown = str(template_path)
    if not is_inside(template_path, templates_dir):
        raise RenderProblem(Finding(
            f"{shown} leads outside the templates folder {templates_dir}", file=shown,
            rule="template", hint="templates must be files of the templates folder, not links"))
    try:
        template = DocxTemplate(io.BytesIO(checked_bytes(template_path, env.limits, shown)))
        template.init_docx()
    except DocumentError as error:
        raise RenderProblem(Finding(str(error.message), file=shown, rule="template",
                                    hint="open and re-save it in Word or LibreOffice as .docx")) from error
    except Exception as error:  # a damaged .docx: zip or XML errors from python-docx
        raise RenderProblem(Finding(
            f"{shown} cannot be read as a Word document: {error}", file=shown, rule="template",
            hint="open and re-save it in Word or LibreOffice as .docx")) from error
    try:
        if draft:
            stamp_draft(template.docx)  # before rendering: docxtpl replaces header parts
        rich_paragraphs(deliverable.context)
        with budget(env.limits):
            template.render(deliverable.context, jinja_env=env)
    except Exception as error:  # noqa: BLE001 - every failure of the template is the author's
        finding = _render_finding(error, template_path, deliverable, env)
        raise RenderProblem(_placed(finding, error, template)) from error
    document = template.docx
    numbered = [(p.text, p.list_id) for p in deliverable.context["body"] if p.style == NUMBER]
    restart_numbering(document, numbered)
    _set_properties(document, deliverable)
    buffer = io.BytesIO()
    document.save(buffer)
    data = reproducible_zip(buffer.getvalue())
    leftovers = leftover_tags(data)
    if leftovers:
        raise RenderProblem(Finding(
            f"{shown}: template syntax left in document {deliverable.id!r}: {leftovers[0]}",
            file=shown, rule="rendered-output",
            hint="a tag is misspelled or split (for example '{ {'); retype it in Word"))
    return data


def _render_finding(error: Exception, template_path: Path, deliverable: Deliverable,
                    env: jinja2.Environment) -> Finding:
    """What went wrong in a Word template, in the author's terms."""
    shown = str(template_path)
    if isinstance(error, EmptyValue):
        with budget(env.limits):
            empty = _empty_expressions(template_path, deliverable.context, env)
        return Finding(
            f"{shown} prints an empty value (None) in document {deliverable.id!r}"
            + (f": {', '.join(empty)}" if empty else ""), file=shown, rule="template",
            hint="give the field a value in the content, or wrap it in {% if ... %} in the template")
    if isinstance(error, jinja2.UndefinedError):
        return Finding(f"{shown}: {describe_undefined(error)} (document {deliverable.id!r})",
                       file=shown, rule="template",
                       hint="the template asks for a value the content does not have: "
                            + _tags_mentioning(template_path, error))
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


def _placed(finding: Finding, error: Exception, template) -> Finding:
    """The finding at the paragraph of the template where the error arose.

    docxtpl puts each `<w:p` on a line of its own before rendering, so the Jinja
    line of the error, less the line of the XML prolog, is the paragraph's number.
    """
    line = getattr(error, "lineno", None) or template_line(error)
    part = getattr(getattr(template, "current_rendering_part", None), "partname", None)
    if not line or part is None:
        return finding
    where = f" ({str(part).lstrip('/')}, paragraph {max(line - 1, 1)})"
    return replace(finding, line=max(line - 1, 1), message=finding.message + where)


def _template_text(template_path: Path) -> str:
    """The text of every XML part of a template, tags removed (Jinja tags survive)."""
    with open_package(template_path) as archive:
        return " ".join(
            re.sub(r"<[^>]+>", "", archive.read(n).decode("utf-8", "replace"))
            for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml"))


def _empty_expressions(template_path: Path, context: dict, env: jinja2.Environment) -> list[str]:
    """The template's unguarded `{{ }}` expressions that evaluate to None with this context
    (an expression also tested by an `{% if %}` is taken as guarded)."""
    empty = []
    text = _template_text(template_path)
    guards = " ".join(re.findall(r"\{%[rp]?\s*(?:el)?if\s(.*?)%\}", text))
    for expression in dict.fromkeys(re.findall(r"\{\{[rp]?\s*(.*?)\s*\}\}", text)):
        if expression in guards:
            continue
        try:
            value = env.compile_expression(expression, undefined_to_none=False)(**context)
        except Exception:  # loop variables and the like: not evaluable out of place
            continue
        if value is None:
            empty.append("{{ " + expression + " }}")
    return empty


def _tags_mentioning(template_path: Path, error: Exception) -> str:
    """The template's tags that use the missing name, so the author can find them."""
    match = re.search(r"'([^']+)'$|attribute '([^']+)'", str(error))
    name = next((g for g in (match.groups() if match else ()) if g), None)
    if not name:
        return "see the README for the names every template sees"
    text = _template_text(template_path)
    tags = sorted(set(t for t in re.findall(r"\{[{%].*?[}%]\}", text) if name in t))
    return f"look for {', '.join(tags[:3])}" if tags else f"look for '{name}'"


def restart_numbering(document, numbered: list[tuple[str, int | None]] = ()) -> None:
    """Give each numbered list after the first its own numbering, restarting at 1.

    Paragraphs styled with a numbered list style share one numbering instance, so a
    second list would continue at 6; a new `w:num` with a start override fixes it.
    A list ends where another paragraph comes between, or where the content's next
    paragraph (`numbered`: text and list id, in order) belongs to another list.
    """
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    style_num = _numbered_styles(document)
    if not style_num:
        return
    queue = list(numbered)
    seen: set[str] = set()
    current: dict[str, str] = {}
    previous: tuple[str | None, int | None] | None = None  # (style, list id) of the last paragraph
    for paragraph in document.element.body.iter(qn("w:p")):
        ppr = paragraph.pPr
        style = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else None
        if style not in style_num:
            previous = None
            continue
        text = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
        list_id = queue.pop(0)[1] if queue and queue[0][0] == text else None
        continues = previous is not None and previous[0] == style and (
            list_id is None or previous[1] is None or previous[1] == list_id)
        if not continues:
            current[style] = _new_num(numbering, style_num[style]) if style in seen else style_num[style]
            seen.add(style)
        previous = (style, list_id)
        if current[style] != style_num[style]:
            paragraph.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = int(current[style])
            paragraph.pPr.numPr.get_or_add_ilvl().val = 0


def _numbered_styles(document) -> dict[str, str]:
    """Paragraph style id -> numId, for styles whose numbering is decimal."""
    from docx.oxml.ns import qn

    numbering = document.part.numbering_part.element
    decimal_nums = set()
    for num in numbering.findall(qn("w:num")):
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}")
                if fmt is not None and fmt.get(qn("w:val")) == "decimal":
                    decimal_nums.add(num.get(qn("w:numId")))
    result = {}
    for style in document.styles.element.findall(qn("w:style")):
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and num_id.get(qn("w:val")) in decimal_nums:
            result[style.get(qn("w:styleId"))] = num_id.get(qn("w:val"))
    return result


def _new_num(numbering, base_num_id: str) -> str:
    from docx.oxml.ns import qn

    base = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == base_num_id)
    new_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
    num = copy.deepcopy(base)
    num.set(qn("w:numId"), new_id)
    for override in num.findall(qn("w:lvlOverride")):
        num.remove(override)
    override = num.makeelement(qn("w:lvlOverride"), {qn("w:ilvl"): "0"})
    start = override.makeelement(qn("w:startOverride"), {qn("w:val"): "1"})
    override.append(start)
    num.append(override)
    numbering.append(num)
    return new_id


DRAFT_STAMP = "BOZZA - documento non valido per la presentazione"


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
    author = deliverable.context["promoter"].name
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


def reproducible_zip(data: bytes) -> bytes:
    """The same archive with fixed entry times and attributes, entries in their order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def leftover_tags(data: bytes) -> list[str]:
    """Snippets of text that still hold `{{ }}`, `{% %}` or `{# #}` after rendering."""
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("word/") and name.endswith(".xml")):
                continue
            text = re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
            for match in LEFTOVER.finditer(text):
                start = max(match.start() - 30, 0)
                found.append(f"{name}: ...{text[start:match.end() + 30]}...")
    return found
