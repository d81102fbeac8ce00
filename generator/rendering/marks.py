"""The hidden bookmarks rendering puts in a paragraph's runs and takes out after rendering.

Numbered paragraphs carry their list's mark (numbering.py restarts each list at 1), and every
content paragraph the mark of its origin (origins.py: the preview shows where it came from).
They are plain XML text, made without a Word library, so evaluating a template (what
`fsegen check` does) prints the same runs as rendering it.
"""

from __future__ import annotations

LIST_MARK = "_fsegen_list_"
ORIGIN_MARK = "_fsegen_origin_"


def list_mark(list_id: int | None) -> str:
    """The XML that marks a paragraph as an item of list `list_id` (put inside its runs)."""
    if list_id is None:
        return ""
    return _bookmark(f"{LIST_MARK}{list_id}")


def origin_mark(index: int) -> str:
    """The XML that marks a paragraph as the content's paragraph number `index`."""
    return _bookmark(f"{ORIGIN_MARK}{index}")


def _bookmark(name: str) -> str:
    return f'<w:bookmarkStart w:id="0" w:name="{name}"/><w:bookmarkEnd w:id="0"/>'
