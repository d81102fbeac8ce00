"""The metadata of Allegato 5 written into a PDF/A's XMP, as PDF/A allows it.

LibreOffice writes the XMP packet of each PDF/A (pdfaid, dc:title, dc:creator...). The
metadata of the AgID guidelines (generator/context/metadata.py, one line each) are added as
properties of a namespace of our own, with the description PDF/A requires of any namespace
it does not predefine (the `pdfaExtension` schema of ISO 19005-2, 6.6.2.3), in an
incremental update of the file: LibreOffice's bytes stay as they are, and the new packet,
unfiltered, replaces the catalog's /Metadata. Signing afterwards (PAdES, CAdES) keeps it.
"""

from __future__ import annotations

import io
from typing import cast

from pypdf.generic import DictionaryObject, StreamObject

from generator.messages import _

NAMESPACE = "urn:fsegen:ns:agid-allegato5:1.0/"
"""The namespace of the properties (fsegen's own: AgID publishes no XMP namespace for them)."""
PREFIX = "agid"
SCHEMA = "Metadati del documento informatico (Linee guida AgID, Allegato 5)"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
EXTENSION = {"pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
             "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
             "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#"}
PADDING = (b" " * 99 + b"\n") * 20
"""Room to edit the packet in place, as XMP writers leave it."""


def _packet(xmp: bytes, lines: dict[str, str]) -> bytes:
    """LibreOffice's XMP packet with the properties and their PDF/A description added."""
    from lxml import etree

    body = xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")]
    root = etree.fromstring(body)
    rdf = root.find(f"{{{RDF}}}RDF")
    if rdf is None:
        raise ValueError(_("an XMP packet without rdf:RDF"))
    for old in rdf.findall(f"{{{RDF}}}Description"):  # a packet we wrote before: written anew
        if any(str(c.tag).startswith(f"{{{NAMESPACE}") for c in old) or \
                old.find(f"{{{EXTENSION['pdfaExtension']}}}schemas") is not None:
            rdf.remove(old)
    about = f"{{{RDF}}}about"
    values = etree.SubElement(rdf, f"{{{RDF}}}Description", {about: ""}, nsmap={PREFIX: NAMESPACE})
    for name, value in lines.items():
        etree.SubElement(values, f"{{{NAMESPACE}}}{name}").text = value
    described = etree.SubElement(rdf, f"{{{RDF}}}Description", {about: ""}, nsmap=EXTENSION)

    def child(parent, namespace: str, name: str, text: str | None = None):
        uri = EXTENSION.get(namespace, namespace)
        element = etree.SubElement(parent, f"{{{uri}}}{name}")
        element.text = text
        return element

    schema = child(child(child(described, "pdfaExtension", "schemas"), RDF, "Bag"), RDF, "li")
    schema.set(f"{{{RDF}}}parseType", "Resource")
    child(schema, "pdfaSchema", "schema", SCHEMA)
    child(schema, "pdfaSchema", "namespaceURI", NAMESPACE)
    child(schema, "pdfaSchema", "prefix", PREFIX)
    properties = child(child(schema, "pdfaSchema", "property"), RDF, "Seq")
    for name in lines:
        item = child(properties, RDF, "li")
        item.set(f"{{{RDF}}}parseType", "Resource")
        child(item, "pdfaProperty", "name", name)
        child(item, "pdfaProperty", "valueType", "Text")
        child(item, "pdfaProperty", "category", "external")
        child(item, "pdfaProperty", "description", f"{name} (Allegato 5)")
    text = etree.tostring(root, encoding="UTF-8")
    return (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + text + b"\n" + PADDING
            + b'<?xpacket end="w"?>')


def with_metadata(pdf: bytes, lines: dict[str, str]) -> bytes:
    """`pdf` with `lines` (name -> text) in its XMP, added as an incremental update."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    catalog = cast(DictionaryObject, PdfReader(io.BytesIO(pdf)).trailer["/Root"])
    old = cast(StreamObject, catalog["/Metadata"].get_object()).get_data() if "/Metadata" in catalog else None
    if old is None:
        return pdf  # not LibreOffice's PDF/A: nothing to add to
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    stream = DecodedStreamObject()
    stream.set_data(_packet(old, lines))
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_metadata(pdf: bytes) -> dict[str, str]:
    """The properties of our namespace in the PDF's XMP, as elements (as `with_metadata` writes
    them) or as attributes (as pyHanko writes the packet again when it signs)."""
    from lxml import etree
    from pypdf import PdfReader

    catalog = cast(DictionaryObject, PdfReader(io.BytesIO(pdf)).trailer["/Root"])
    if "/Metadata" not in catalog:
        return {}
    xmp = cast(StreamObject, catalog["/Metadata"].get_object()).get_data()
    root = etree.fromstring(xmp[xmp.index(b"<x:xmpmeta"):xmp.index(b"</x:xmpmeta>") + 12])
    found: dict[str, str] = {}
    mark = f"{{{NAMESPACE}}}"
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.startswith(mark):
            found[element.tag[len(mark):]] = element.text or ""
        found |= {key[len(mark):]: value for key, value in element.attrib.items() if key.startswith(mark)}
    return found


def keep_prefix() -> None:
    """Have lxml (pyHanko writes the packet again with it when it signs) write our namespace
    with the prefix its PDF/A description declares, not `ns0`."""
    from lxml import etree

    etree.register_namespace(PREFIX, NAMESPACE)
