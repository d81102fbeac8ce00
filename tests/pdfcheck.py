"""What a built PDF says of itself and how its pages are laid out, read from the file: the
accessibility of its structure (pypdf) and the boxes of its text, pictures and rules
(pdfplumber, on pdfminer). Shared by the tests of the accessible PDF and of the page layout."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from generator.rendering.pdfa import pdfa_identification, pdfua_identification

CM = 72 / 2.54


@dataclass
class Structure:
    """The accessibility of a PDF, as its catalog, metadata and structure tree say it."""

    pdfa: tuple[str | None, str | None]
    pdfua: str | None
    lang: str | None
    marked: bool
    display_title: bool
    title: str
    tags: collections.Counter = field(default_factory=collections.Counter)
    figures: list[tuple[str, list[float]]] = field(default_factory=list)
    """Each Figure element's alternative text and box (x0, y0, x1, y1, PDF user space)."""
    images: int = 0
    """How many times the pages draw an image."""


def structure(path: Path) -> Structure:
    reader = PdfReader(str(path))
    root = reader.trailer["/Root"]
    preferences = root.get("/ViewerPreferences", DictionaryObject())
    found = Structure(pdfa_identification(path), pdfua_identification(path), root.get("/Lang"),
                      bool(root.get("/MarkInfo", {}).get("/Marked")),
                      bool(preferences.get("/DisplayDocTitle")), str(reader.metadata.title or ""))
    tree = root.get("/StructTreeRoot")
    if tree is not None:
        _walk(tree.get_object(), found)
    for page in reader.pages:
        contents = page.get_contents()
        found.images += contents.get_data().count(b" Do") if contents is not None else 0
    return found


def _walk(element, found: Structure) -> None:
    element = element.get_object()
    if not isinstance(element, DictionaryObject):
        return
    kind = element.get("/S")
    if kind is not None:
        found.tags[str(kind)] += 1
    if kind == "/Figure":
        layout = element.get("/A")
        box = layout.get_object().get("/BBox") if layout is not None else None
        found.figures.append((str(element.get("/Alt") or ""), [float(v) for v in box or []]))
    kids = element.get("/K")
    for kid in kids if isinstance(kids, ArrayObject) else [kids] if kids is not None else []:
        if not isinstance(kid, int):
            _walk(kid, found)


@dataclass
class Page:
    number: int
    fill: float
    """How much of the text area the body uses, from its first object to its last (0 to 1)."""
    overlaps: list[str]
    """Text or rules drawn over a picture: what and where."""


def pages(path: Path, bottom_margin: float = 2.5 * CM) -> list[Page]:
    """Each page's fill and what is drawn over its pictures. The header (artifacts at the top
    of the page, the same on every page) is not the body; nor are the table rules of a page
    when nothing else is there."""
    result = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            header = max([c["bottom"] for c in page.chars if c.get("tag") == "Artifact"
                          and c["top"] < page.height / 6] or [0.0])
            body = [c for c in page.chars if c.get("tag") != "Artifact" and c["top"] >= header]
            boxes = [(o["top"], o["bottom"]) for o in body + page.images + page.rects + page.lines
                     if o["top"] >= header - 1]
            area = page.height - bottom_margin - header
            fill = (max(b for _, b in boxes) - min(t for t, _ in boxes)) / area if body else 0.0
            result.append(Page(number, fill, _over_pictures(page)))
    return result


def _over_pictures(page) -> list[str]:
    found = []
    for image in page.images:
        x0, top, x1, bottom = image["x0"] + 0.1, image["top"] + 0.1, image["x1"] - 0.1, image["bottom"] - 0.1
        for char in page.chars:
            if char["x0"] < x1 and char["x1"] > x0 and char["top"] < bottom and char["bottom"] > top:
                found.append(f"text {char['text']!r} at {char['x0']:.0f},{char['top']:.0f} over the "
                             f"picture at {x0:.0f},{top:.0f}")
        for rule in page.rects + page.lines:  # a rule's stroke reaches half its width around it
            half = (rule.get("linewidth") or 0) / 2
            if rule["x0"] - half < x1 and rule["x1"] + half > x0 and rule["top"] - half < bottom \
                    and rule["bottom"] + half > top:
                found.append(f"a rule at {rule['x0']:.0f},{rule['top']:.0f} over the picture at "
                             f"{x0:.0f},{top:.0f}")
    return found
