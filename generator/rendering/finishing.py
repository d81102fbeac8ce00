"""What every rendered Word document gets before it is saved: its language, and table ends
that let the page break.

- **Italian.** The document's default language (`w:lang` of the styles' defaults, and the
  settings' `w:themeFontLang`) is `it-IT`, whatever the template says: Word checks the
  spelling in Italian and the PDF says `/Lang it-IT`, so that screen readers read Italian.
- **Table ends.** A template keeps a short table on one page by keeping each of its rows with
  the next; its last row in the template is often a loop (`{%tr endfor %}`) that disappears
  when rendered, so the real last row would keep with whatever follows, and tables and
  headings would chain into blocks longer than a page (LibreOffice then leaves pages nearly
  blank). The last row of every table keeps with nothing.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

LANGUAGE = "it-IT"


def declare_language(document: Any, language: str = LANGUAGE) -> None:
    """Make `language` the default of the document's styles and settings (and its core
    properties)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    run_defaults = _child(defaults, "w:rPrDefault", first=True)
    properties = _child(run_defaults, "w:rPr", first=True)
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = properties.makeelement(qn("w:lang"), {})
        properties.append(lang)  # the last child of w:rPr in the schema's order
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    settings = document.settings.element
    theme = settings.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), language)
    document.core_properties.language = language


def release_table_ends(document: Any) -> None:
    """The paragraphs of the last row of every table keep with nothing (nested tables too)."""
    for table in document.element.body.iter(qn("w:tbl")):
        rows = table.findall(qn("w:tr"))
        if not rows:
            continue
        for paragraph in rows[-1].iter(qn("w:p")):
            properties = paragraph.find(qn("w:pPr"))
            keep = properties.find(qn("w:keepNext")) if properties is not None else None
            if keep is not None:
                properties.remove(keep)


def _child(parent: Any, tag: str, first: bool = False) -> Any:
    found = parent.find(qn(tag))
    if found is None:
        found = parent.makeelement(qn(tag), {})
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found
