"""A Word template evaluated as the build renders it, without building the Word file.

`fsegen check` must meet what `fsegen build` meets: the same errors, with the same text, file
and paragraph, and the same text for the rules to read. So it evaluates the very sources
docxtpl renders (generator/rendering/wordparts.py), in the same sandboxed environment, with
the same context (each paragraph's runs as Word XML, the charts as places for a drawing),
and reads what they print with the same reader (generator/rendering/printed.py). What goes
wrong is worded here for both: a build that fails evaluates the template again to say why,
so that the finding is this module's whichever command meets it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace

import jinja2

from generator.context.documents import Deliverable
from generator.context.drawings import Drawing, attach_drawer
from generator.context.funding import drawings_of
from generator.errors import Finding, TemplateError
from generator.messages import _
from generator.rendering.marks import list_mark, origin_mark
from generator.rendering.printed import part_lines
from generator.rendering.wordparts import Part, word_parts
from generator.templating.empty import EmptyValue, collecting_empty
from generator.templating.environment import describe_undefined, template_line
from generator.templating.prose import NUMBER, Paragraph
from generator.templating.templates import WordTemplate

LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_UNESCAPED = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
"""docxtpl's way to print a tag's braces literally, undone after rendering (as it does)."""
NO_DRAWING = '</w:t></w:r><w:r><w:t xml:space="preserve">'
"""Where a picture is drawn, without its drawing: the runs around it, as docxtpl leaves them."""


class RichRuns:
    """A paragraph's runs as Word XML, printed by `{{r para.rich }}` (the XML docxtpl's
    RichText makes, with the marks of its list and of its origin)."""

    def __init__(self, xml: str):
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


def attach_word_context(deliverable: Deliverable, draw: Callable[[Drawing], str]) -> list[Paragraph]:
    """What a Word template sees besides the context: each paragraph's runs as Word XML
    (`para.rich`), numbered ones marked with their list, every one with its origin, and the
    pictures (the EU emblem, the report's charts) drawn by `draw`. Returns the paragraphs in
    the order of their marks."""
    context = deliverable.context
    marked: list[Paragraph] = []
    for paragraph in list(context.body) + [p for s in context.sections for p in s.body]:
        xml = "".join(_run(run.text, run.bold, run.italic) for run in paragraph.runs)
        if paragraph.style == NUMBER:
            xml = list_mark(paragraph.list_id) + xml
        # only the Word template sees `rich` (prose does not: it is no field of Paragraph)
        paragraph.rich = RichRuns(origin_mark(len(marked)) + xml)  # type: ignore[attr-defined]
        marked.append(paragraph)
    for drawing in drawings_of(context):
        attach_drawer(drawing, draw)
    return marked


def detach_drawers(deliverable: Deliverable) -> None:
    """The pictures forget their drawer: it holds the Word document being rendered, and the
    report and the emblem are shared by every context made from the deliverable's (it would
    keep every rendered deliverable in memory for the rest of the run)."""
    for drawing in drawings_of(deliverable.context):
        attach_drawer(drawing, None)


def _run(text: str, bold: bool, italic: bool) -> str:
    properties = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    return ("<w:r>" + (f"<w:rPr>{properties}</w:rPr>" if properties else "")
            + f'<w:t xml:space="preserve">{html.escape(text)}</w:t></w:r>')


def evaluate_word(deliverable: Deliverable, template: WordTemplate, env: jinja2.Environment,
                  stamped: bool) -> str:
    """What the template prints for this deliverable, as the rules read it. Raises
    TemplateError with the finding a build would give (every empty tag named at once). Runs
    within the budget of the deliverable the caller opened (generator/pipeline/produce.py)."""
    attach_word_context(deliverable, lambda chart: NO_DRAWING)
    names = deliverable.context.names()
    rendered: list[tuple[str, str]] = []
    empty: list[tuple[Part, str, int]] = []
    for part in word_parts(template, stamped):
        try:
            with collecting_empty() as found:
                output = env.from_string(part.source).render(names)
        except Exception as error:  # noqa: BLE001 - every failure of the template is the author's
            raise TemplateError([word_finding(error, template, deliverable, part)]) from error
        empty += [(part, expression, line) for expression, line in found]
        if part.xml:
            rendered.append((part.name, unescaped(output)))
    if empty:
        raise TemplateError([empty_finding(template, deliverable, empty)])
    return printed(rendered, template, deliverable)


def unescaped(xml: str) -> str:
    for escaped, tag in _UNESCAPED:
        xml = xml.replace(escaped, tag)
    return xml


def printed(rendered: list[tuple[str, str]], template: WordTemplate, deliverable: Deliverable) -> str:
    """What the rendered parts print, as the rules read it; template syntax left in a part (a
    misspelt or split tag) is refused."""
    lines = []
    for name, xml in rendered:
        found_lines = part_lines(xml)
        lines += found_lines
        text = " ".join(found_lines)
        found = LEFTOVER.search(text)
        if found:
            snippet = text[max(found.start() - 30, 0):found.end() + 30]
            raise TemplateError([Finding(
                _("{shown}: template syntax left in document {id!r}: {name}: ...{snippet}...",
                  shown=template.shown, id=deliverable.id, name=name, snippet=snippet),
                file=template.shown, rule="rendered-output",
                hint=_("a tag is misspelled or split (for example '{{ {{'); retype it in Word"))])
    return "\n".join(lines) + "\n" if lines else ""


def empty_finding(template: WordTemplate, deliverable: Deliverable,
                  empty: list[tuple[Part, str, int]]) -> Finding:
    """One finding naming every tag that printed None, each at its part and paragraph."""
    shown = ", ".join(dict.fromkeys(f"{{{{ {expression} }}}} ({_where(part, line)})"
                                    for part, expression, line in empty))
    first = empty[0]
    return Finding(_("{template} prints an empty value (None) in document {id!r}: {tags}",
                     template=template.shown, id=deliverable.id, tags=shown),
                   file=template.shown, line=_paragraph(first[0], first[2]),
                   rule="template",
                   hint=_("a fact the content does not have: give it a value in the content (until then "
                          "a draft, fsegen build --draft, prints \"—\" for it), or wrap it in {{% if ... "
                          "%}} in the template"))


def word_finding(error: BaseException, template: WordTemplate, deliverable: Deliverable,
                 part: Part | None) -> Finding:
    """What went wrong in a Word template, in the author's terms, at its part and paragraph."""
    shown = template.shown
    if isinstance(error, EmptyValue):
        return empty_finding(template, deliverable, [(part or Part("", ""), error.expression,
                                                      error.lineno or 0)])
    if isinstance(error, jinja2.UndefinedError):
        finding = Finding(_("{shown}: {problem} (document {id!r})", shown=shown,
                            problem=describe_undefined(error), id=deliverable.id),
                          file=shown, rule="template",
                          hint=_("the template asks for a value the content does not have: {tags}",
                                 tags=_tags_mentioning(template, error)))
    elif isinstance(error, jinja2.TemplateSyntaxError):
        finding = Finding(_("{shown}: template syntax: {message}", shown=shown, message=error.message),
                          file=shown, rule="template",
                          hint=_("check the {{{{ }}}} and {{% %}} tags near: {place}",
                                 place=_near(part, error.lineno)))
    elif isinstance(error, jinja2.TemplateError):
        finding = Finding(_("{shown}: {problem} (document {id!r})", shown=shown,
                            problem=describe_undefined(error), id=deliverable.id),
                          file=shown, rule="template", hint=_("check the filters and values the template "
                                                              "uses"))
    else:
        finding = Finding(_("{shown}: an expression failed while rendering document {id!r}: {name}: "
                            "{error}", shown=shown, id=deliverable.id, name=type(error).__name__,
                            error=str(error)), file=shown, rule="template",
                          hint=_("check the filters and arithmetic the template applies to this content"))
    line = getattr(error, "lineno", None) or template_line(error)
    if not line or part is None:
        return finding
    return replace(finding, line=_paragraph(part, line),
                   message=f"{finding.message} ({_where(part, line)})")


def _paragraph(part: Part, line: int) -> int:
    """docxtpl puts each paragraph on a line of its own after the part's opening tag, so line
    N of a part's source is its paragraph N - 1."""
    return max(line - 1, 1) if part.xml else line


def _where(part: Part, line: int) -> str:
    return f"{part.name}, paragraph {_paragraph(part, line)}" if part.xml else part.name


def _near(part: Part | None, line: int | None) -> str:
    """The text of the lines around a syntax error, markup removed (as docxtpl shows them)."""
    if part is None or not line:
        return ""
    start = max(line - 4, 0)
    lines = [re.sub(r"<[^>]+>", "", text) for text in part.source.splitlines()[start:start + 7]]
    return " / ".join(lines).strip()[:200]


def _tags_mentioning(template: WordTemplate, error: BaseException) -> str:
    """The template's tags that use the missing name, so the author can find them."""
    match = re.search(r"'([^']+)'$|attribute '([^']+)'", str(error))
    name = next((g for g in (match.groups() if match else ()) if g), None)
    if not name:
        return "see docs/reference/context.md for the names every template sees"
    tags = sorted(set(t for t in re.findall(r"\{[{%].*?[}%]\}", template.text) if name in t))
    return f"look for {', '.join(tags[:3])}" if tags else f"look for '{name}'"
