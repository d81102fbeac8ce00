"""Small WordprocessingML helpers for code that edits a python-docx tree in place.

Word refuses (with a repair prompt) children in the wrong order and ids that point
nowhere, so elements are created in schema order, and content copied from another
file brings its list definitions and its links or images along.
"""

from __future__ import annotations

import copy
import io

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
R_PREFIX = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def w(tag: str) -> str:
    """Clark name of a `w:` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def signature(element) -> tuple:
    """A hashable picture of an element, free of namespace declarations (None: empty)."""
    if element is None:
        return ()
    children = tuple(signature(c) for c in element if isinstance(c.tag, str))
    return element.tag, tuple(sorted(element.attrib.items())), element.text or "", children


def insert_before(parent, element, tags: tuple) -> None:
    """Append `element`, but ahead of the first child with one of `tags` (schema order)."""
    following = next((c for c in parent if c.tag in tags), None)
    if following is not None:
        following.addprevious(element)
    else:
        parent.append(element)


def child(parent, tag: str, before: tuple | None = None):
    """`parent`'s `w:tag` child; if missing, created ahead of any `before` child (or first)."""
    if (found := parent.find(w(tag))) is None:
        found = OxmlElement(f"w:{tag}")
        if before is None:
            parent.insert(0, found)
        else:
            insert_before(parent, found, before)
    return found


def text(value: str, tag: str = "t"):
    """A `w:t` (or `w:delText`) that keeps its leading and trailing blanks."""
    element = OxmlElement(f"w:{tag}")
    element.text = value
    element.set(XML_SPACE, "preserve")
    return element


def carry_relationships(element, old_part, new_part) -> list[str]:
    """Point the `r:id`s (links, images) of `element`, copied from `old_part`, at the same
    targets in `new_part`; returns the ids it could not carry (other kinds of part)."""
    lost = []
    for node in element.iter():
        for name, rid in node.attrib.items():
            if name.startswith(R_PREFIX):
                rel = old_part.rels.get(rid)
                if rel is not None and rel.is_external:
                    node.set(name, new_part.relate_to(rel.target_ref, rel.reltype,
                                                         is_external=True))
                elif rel is not None and rel.reltype == RT.IMAGE:
                    image = io.BytesIO(rel.target_part.blob)
                    node.set(name, new_part.get_or_add_image(image)[0])
                else:
                    lost.append(rid)
    return lost


def carry_lists(old_doc, new_doc) -> bool:
    """Copy into `new_doc` the list definitions (`w:num`, `w:abstractNum`) of `old_doc`
    that its body uses but lacks; False if it needs some but has no numbering part."""
    new_numbering, old_numbering = _numbering(new_doc), _numbering(old_doc)
    used = {e.get(w("val")) for e in new_doc.element.body.iter(w("numId"))}
    missing = used - {n.get(w("numId")) for n in _all(new_numbering, "num")} - {"0", None}
    if not missing or new_numbering is None:
        return not missing
    abstracts = {a.get(w("abstractNumId")): a for a in _all(old_numbering, "abstractNum")}
    known = {a.get(w("abstractNumId")) for a in _all(new_numbering, "abstractNum")}
    for num in [n for n in _all(old_numbering, "num") if n.get(w("numId")) in missing]:
        abstract_id = num.find(w("abstractNumId")).get(w("val"))
        if abstract_id not in known and abstract_id in abstracts:
            insert_before(new_numbering, copy.deepcopy(abstracts[abstract_id]), (w("num"),))
            known.add(abstract_id)
        insert_before(new_numbering, copy.deepcopy(num), (w("numIdMacAtCleanup"),))
    return True


def _numbering(doc):
    """The numbering.xml root of a document, or None if it has none."""
    try:
        return doc.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def _all(root, tag: str) -> list:
    return [] if root is None else root.findall(w(tag))
