"""A Word template's Jinja exactly as docxtpl renders it, part by part, kept between runs.

docxtpl does not render a template's XML as stored: it first patches it (joins tags that
Word split across runs, turns `{%p %}`, `{%tr %}` and `{{r }}` into plain tags around the
paragraph, row or run they stand in) and puts every paragraph on a line of its own. Then
Jinja renders the result. Evaluating that very source, in the same environment and with the
same context, meets the same errors on the same lines as the build, without building a Word
file: this is how `fsegen check` judges a template as `fsegen build` does.

The patched source depends only on the template's bytes, whether it is stamped BOZZA (the
stamp is a paragraph in each header, put there before rendering) and docxtpl's version, so
it is kept as JSON in the user's cache (generator/templating/memo.py); docxtpl is imported only to make
it once.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass

from generator.templating.memo import remembered
from generator.templating.templates import WordTemplate

_PARAGRAPH = re.compile(r"<w:p([ >])")
PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
"""The core properties docxtpl renders as templates, in its order."""


@dataclass(frozen=True)
class Part:
    """One source docxtpl renders: an XML part of the package, or a core property."""

    name: str
    """`word/document.xml`, `word/header1.xml`..., or `docProps/core.xml (title)`."""
    source: str
    """The Jinja source, as docxtpl gives it to the environment."""
    xml: bool = True
    """False for a core property (plain text, no paragraphs)."""


def word_parts(template: WordTemplate, stamped: bool) -> tuple[Part, ...]:
    """The sources docxtpl renders for `template` (stamped BOZZA or not), in its order: the body,
    the headers, the footers, the core properties, the footnotes."""
    key = json.dumps([hashlib.sha256(template.data).hexdigest(), stamped])
    return remembered("word-parts", key, lambda: _patched(template.data, stamped),
                      lambda parts: [[p.name, p.source, p.xml] for p in parts],
                      lambda data: tuple(Part(str(n), str(s), bool(x)) for n, s, x in data))


def paragraphed(xml: str) -> str:
    """What docxtpl's `render_xml_part` does before rendering: a line per paragraph."""
    return _PARAGRAPH.sub(r"\n<w:p\1", xml)


def _patched(data: bytes, stamped: bool) -> tuple[Part, ...]:
    from docxtpl import DocxTemplate  # only when the template (or docxtpl) changed

    from generator.rendering.docx import stamp_draft

    template = DocxTemplate(io.BytesIO(data))
    template.render_init()
    if stamped:
        stamp_draft(template.docx)
    parts = [Part(_name(template.docx._part), paragraphed(template.patch_xml(template.get_xml())))]
    for uri in (template.HEADER_URI, template.FOOTER_URI):
        for _, part in template.get_headers_footers(uri):
            parts.append(Part(_name(part), paragraphed(template.patch_xml(template.get_part_xml(part)))))
    properties = template.docx.core_properties
    parts += [Part(f"docProps/core.xml ({name})", getattr(properties, name) or "", xml=False)
              for name in PROPERTIES]
    for part in template.docx.part.package.parts:
        if part.content_type.endswith(".wordprocessingml.footnotes+xml"):
            blob = part.blob.decode("utf-8") if isinstance(part.blob, bytes) else part.blob
            parts.append(Part(_name(part), paragraphed(template.patch_xml(blob))))
    return tuple(parts)


def _name(part: object) -> str:
    return str(getattr(part, "partname", "")).lstrip("/")
