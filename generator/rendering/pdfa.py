"""Read what a PDF says about itself: its PDF/A and PDF/UA identification and its fonts.

Kept apart from the conversion so that signing, `verify` and the tests can check a
PDF without LibreOffice.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import cast

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator.errors import OutputError
from generator.messages import _

PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID_NS = "http://www.aiim.org/pdfua/ns/id/"


def pdfa_identification(pdf: Path | bytes) -> tuple[str | None, str | None]:
    """(part, conformance) from the XMP metadata; (None, None) if not PDF/A.

    `pdf` is a path or the file's bytes (a signed file is checked in memory).
    Reads the raw metadata stream so both the element form
    (`<pdfaid:part>2</pdfaid:part>`) and the attribute form
    (`pdfaid:part="2"`) are recognised.
    """
    found = _xmp_values(pdf, PDFAID_NS, "pdfaid", ("part", "conformance"))
    return found["part"], found["conformance"]


def pdfua_identification(pdf: Path | bytes) -> str | None:
    """The PDF/UA part the XMP metadata claims (`pdfuaid:part`, "1"), or None."""
    return _xmp_values(pdf, PDFUAID_NS, "pdfuaid", ("part",))["part"]


def _xmp_values(pdf: Path | bytes, namespace: str, prefix: str, keys: tuple[str, ...]
                ) -> dict[str, str | None]:
    """The values of `keys` in `namespace` in the PDF's XMP metadata (None where absent)."""
    in_memory = isinstance(pdf, (bytes, bytearray))
    try:
        reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, (bytes, bytearray)) else str(pdf))
        metadata = cast(DictionaryObject, reader.trailer["/Root"]).get("/Metadata")  # the catalog
        if metadata is None:
            return dict.fromkeys(keys)
        raw = metadata.get_object().get_data()
    except Exception as exc:  # pypdf raises many types for broken files
        where = "PDF data" if in_memory else str(pdf)
        raise OutputError(_("{where}: cannot read PDF metadata: {error}", where=where,
                            error=str(exc))) from exc
    try:
        root = ET.fromstring(raw.strip(b"\x00 \t\r\n"))
    except ET.ParseError:
        return _by_regex(raw, prefix, keys)
    found: dict[str, str] = {}
    for element in root.iter():
        for key in keys:
            qname = f"{{{namespace}}}{key}"
            if element.tag == qname and element.text and element.text.strip():
                found.setdefault(key, element.text.strip())
            elif qname in element.attrib:
                found.setdefault(key, element.attrib[qname].strip())
    return {key: found.get(key) for key in keys}


def embedded_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """Every font the pages use, with whether its program is embedded.

    PDF/A requires embedding; a font LibreOffice could not find would show
    up here as not embedded (or as an unexpected substitute name).
    """
    reader = PdfReader(str(pdf))
    fonts: dict[tuple[str, bool], None] = {}  # ordered set
    seen: set[int] = set()
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), fonts, seen)
    return list(fonts)


def _by_regex(raw: bytes, prefix: str, keys: tuple[str, ...]) -> dict[str, str | None]:
    """Fallback for XMP packets that are not well-formed XML."""
    text = raw.decode("utf-8", "replace")
    values: dict[str, str | None] = {}
    for key in keys:
        match = re.search(
            rf"{prefix}:{key}\s*(?:>\s*([^<\s]+)\s*<|=\s*[\"']([^\"']+)[\"'])", text
        )
        values[key] = (match.group(1) or match.group(2)) if match else None
    return values


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _collect_fonts(resources, fonts: dict, seen: set[int]) -> None:
    """Walk /Font entries of a resource dict, recursing into form XObjects."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject):
        return
    font_dict = _resolve(resources.get("/Font"))
    if isinstance(font_dict, DictionaryObject):
        for ref in font_dict.values():
            font = _resolve(ref)
            if isinstance(font, DictionaryObject):
                fonts[_font_entry(font)] = None
                if font.get("/Subtype") == "/Type3":
                    _collect_fonts(font.get("/Resources"), fonts, seen)
    xobjects = _resolve(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for ref in xobjects.values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            xobject = _resolve(ref)
            if isinstance(xobject, DictionaryObject) and xobject.get("/Subtype") == "/Form":
                _collect_fonts(xobject.get("/Resources"), fonts, seen)


def _font_entry(font: DictionaryObject) -> tuple[str, bool]:
    """(BaseFont name, embedded?) for a simple, composite or Type3 font."""
    name = str(font.get("/BaseFont", font.get("/Name", "?"))).lstrip("/")
    if font.get("/Subtype") == "/Type3":
        return name, True  # glyphs are content streams inside the PDF
    descriptor = _resolve(font.get("/FontDescriptor"))
    if descriptor is None and font.get("/Subtype") == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        if isinstance(descendants, ArrayObject) and descendants:
            descriptor = _resolve(_resolve(descendants[0]).get("/FontDescriptor"))
    embedded = isinstance(descriptor, DictionaryObject) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    return name, embedded
