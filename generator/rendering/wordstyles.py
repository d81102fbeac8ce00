"""What Word's formatting says about a paragraph or a run, resolved for the HTML preview.

Direct properties (`w:pPr`, `w:rPr`) and styles through `w:basedOn` (each resolved once),
and the numbering of lists: each level's format and start, and the counters Word keeps
per list and level. Values are read as numbers or checked colours, never as text that
could reach the page as markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document
    from docx.oxml.xmlchemy import BaseOxmlElement

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_ALIGN = {"both": "justify", "distribute": "justify", "center": "center", "right": "right",
          "end": "right", "left": "left", "start": "left"}
HEX = re.compile(r"[0-9A-Fa-f]{6}")
_HIGHLIGHT = {"yellow": "#ff0", "green": "#0f0", "cyan": "#0ff", "magenta": "#f0f",
              "lightGray": "#d3d3d3", "red": "#f66", "blue": "#99f"}


def w(tag: str) -> str:
    """Clark name of a `w:` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def val(element: Any, tag: str, attribute: str = "val") -> str | None:
    found = element.find(w(tag)) if element is not None else None
    return None if found is None else found.get(w(attribute))


def on(element: Any, tag: str) -> bool | None:
    """A toggle property (`w:b`, `w:i`...): True, False, or None when not set."""
    found = element.find(w(tag)) if element is not None else None
    if found is None:
        return None
    return found.get(w("val"), "true") not in ("0", "false", "off", "none")


def pt(twips: str | None) -> float | None:
    try:
        return round(int(twips) / 20, 1) if twips is not None else None
    except ValueError:
        return None


def paragraph_properties(ppr: Any) -> dict:
    """What a `w:pPr` sets: align, before, after, indent, first (pt), num (id, level), outline,
    contextual (no spacing between paragraphs of one style)."""
    if ppr is None:
        return {}
    props: dict[str, Any] = {}
    spacing, ind = ppr.find(w("spacing")), ppr.find(w("ind"))
    if (jc := val(ppr, "jc")) in _ALIGN:
        props["align"] = _ALIGN[jc]
    if spacing is not None:
        for key in ("before", "after"):
            if (value := pt(spacing.get(w(key)))) is not None:
                props[key] = value
    if ind is not None:
        if (left := pt(ind.get(w("left")) or ind.get(w("start")))) is not None:
            props["indent"] = left
        first = pt(ind.get(w("firstLine")))
        hanging = pt(ind.get(w("hanging")))
        if first is not None or hanging is not None:
            props["first"] = first if first is not None else -(hanging or 0)
    num = ppr.find(w("numPr"))
    if num is not None and val(num, "numId") is not None:
        props["num"] = (val(num, "numId"), int(val(num, "ilvl") or 0))
    if (contextual := on(ppr, "contextualSpacing")) is not None:
        props["contextual"] = contextual
    if (outline := val(ppr, "outlineLvl")) is not None and outline.isdigit():
        props["outline"] = int(outline)
    return props


def run_properties(rpr: Any) -> dict:
    """What a `w:rPr` sets: bold, italic, underline, strike, caps, size (pt), colour..."""
    if rpr is None:
        return {}
    props: dict[str, Any] = {}
    for key, tag in (("bold", "b"), ("italic", "i"), ("strike", "strike"), ("caps", "caps"),
                     ("small_caps", "smallCaps"), ("hidden", "vanish")):
        if (value := on(rpr, tag)) is not None:
            props[key] = value
    if (underline := val(rpr, "u")) is not None:
        props["underline"] = underline != "none"
    if (size := val(rpr, "sz")) is not None and size.isdigit():
        props["size"] = int(size) / 2
    if (color := val(rpr, "color")) is not None and HEX.fullmatch(color):
        props["color"] = f"#{color}"
    if (align := val(rpr, "vertAlign")) in ("superscript", "subscript"):
        props["vertical"] = align
    if (mark := val(rpr, "highlight")) in _HIGHLIGHT:
        props["highlight"] = _HIGHLIGHT[mark]
    return props


def css(props: dict) -> str:
    """Inline CSS for paragraph and run properties (numbers only: nothing of the text)."""
    rules = []
    for key, template in (("align", "text-align:{}"), ("before", "margin-top:{}pt"),
                          ("after", "margin-bottom:{}pt"), ("indent", "margin-left:{}pt"),
                          ("first", "text-indent:{}pt"), ("size", "font-size:{}pt"),
                          ("color", "color:{}"), ("highlight", "background:{}")):
        if props.get(key) is not None:
            rules.append(template.format(props[key]))
    for key, on, off in (("bold", "font-weight:700", "font-weight:400"),
                         ("italic", "font-style:italic", "font-style:normal"),
                         ("caps", "text-transform:uppercase", "text-transform:none"),
                         ("small_caps", "font-variant:small-caps", "font-variant:normal")):
        if props.get(key) is not None:
            rules.append(on if props[key] else off)
    lines = [name for key, name in (("underline", "underline"), ("strike", "line-through"))
             if props.get(key)]
    if lines:
        rules.append("text-decoration:" + " ".join(lines))
    return ";".join(rules)


class Styles:
    """Paragraph, character and table styles, resolved through `w:basedOn` once each."""

    def __init__(self, document: Document):
        root = document.styles.element
        self._by_id = {s.get(w("styleId")): s for s in root.findall(w("style"))}
        self.default = next((s.get(w("styleId")) for s in root.findall(w("style"))
                             if s.get(w("type")) == "paragraph"
                             and s.get(w("default")) in ("1", "true")), None)
        defaults = root.find(w("docDefaults"))
        self.base_run = run_properties(defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
                                       if defaults is not None else None)
        self._cache: dict[str | None, tuple[dict, dict, str, Any]] = {}

    def resolve(self, style_id: str | None) -> tuple[dict, dict, str, Any]:
        """(paragraph properties, run properties, name, table borders) of a style."""
        if style_id not in self._cache:
            chain: list[BaseOxmlElement] = []
            seen, current = set(), style_id
            while current in self._by_id and current not in seen and len(chain) < 20:
                seen.add(current)
                chain.append(self._by_id[current])
                current = val(self._by_id[current], "basedOn")
            ppr, rpr, borders = {}, {}, None
            for style in reversed(chain):
                ppr.update(paragraph_properties(style.find(w("pPr"))))
                rpr.update(run_properties(style.find(w("rPr"))))
                found = style.find(f"{w('tblPr')}/{w('tblBorders')}")
                borders = found if found is not None else borders
            name = (val(chain[0], "name") or "") if chain else ""
            self._cache[style_id] = (ppr, rpr, name, borders)
        return self._cache[style_id]


class Numbering:
    """Each list's levels (format, start) and Word's counters, per list and level."""

    def __init__(self, document: Document):
        self.levels: dict[tuple[str, int], tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        abstracts = {a.get(w("abstractNumId")): a for a in (root.findall(w("abstractNum"))
                                                             if root is not None else [])}
        for num in root.findall(w("num")) if root is not None else []:
            abstract = abstracts.get(val(num, "abstractNumId"))
            overrides = {o.get(w("ilvl")): val(o, "startOverride")
                         for o in num.findall(w("lvlOverride"))}
            for level in abstract.findall(w("lvl")) if abstract is not None else []:
                ilvl = level.get(w("ilvl")) or "0"
                start = overrides.get(ilvl) or val(level, "start") or "1"
                self.levels[(num.get(w("numId")), int(ilvl))] = (
                    val(level, "numFmt") or "decimal", int(start) if start.isdigit() else 1)
        self.counters: dict[str, dict[int, int]] = {}

    def next(self, num_id: str, ilvl: int) -> tuple[str, int]:
        """The item's format and number; deeper levels of the list start again."""
        fmt, start = self.levels.get((num_id, ilvl), ("decimal", 1))
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, start - 1) + 1
        for deeper in [level for level in counts if level > ilvl]:
            del counts[deeper]
        return fmt, counts[ilvl]
