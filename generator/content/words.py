"""Field paths as the words an officer knows: `organisations.cmm.fiscal_code` is "codice
fiscale di Città Metropolitana di Milano".

The content's keys are English and stay so (they are what the YAML is written with); a
reader of the English interface reads the path as written, a reader of another language
reads the field's name in that language (generator/content/labels.py) and the item by the
name the content gives it (its short name, or its name or title when short, else its id).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.content.labels import ELEMENT_LABELS, LABELS
from generator.messages import ENGLISH, Language, Message, _, ngettext
from generator.model import Content
from generator.sources import KeyPath, format_path, parse_path

SHORT = 40
"""Longest name or title shown for an item; a longer one gives way to the item's id."""
PLACEHOLDER = "DA COMPILARE"


def _owner(collection: str, field: Message | None, names: list[str]) -> Message | None:
    """The field of one or more items of `collection` ("codice fiscale di Comune di Melzo"), or
    the items themselves when no field is named ("ambito Rho")."""
    count, shown = len(names), enumeration(names)
    if field is None:
        return _bare(collection, count, shown)
    owners: dict[str, Callable[[], Message]] = {
        "organisations": lambda: _("{field} of {names}", field=field, names=shown),
        "people": lambda: _("{field} of {names}", field=field, names=shown),
        "districts": lambda: ngettext("{field} of district {names}", "{field} of districts {names}",
                                      count, field=field, names=shown),
        "projects": lambda: ngettext("{field} of project {names}", "{field} of projects {names}",
                                     count, field=field, names=shown),
        "documents": lambda: ngettext("{field} of document {names}", "{field} of documents {names}",
                                      count, field=field, names=shown),
        "measures": lambda: ngettext("{field} of measure {names}", "{field} of measures {names}",
                                     count, field=field, names=shown),
        "events": lambda: ngettext("{field} of event {names}", "{field} of events {names}",
                                   count, field=field, names=shown),
        "networks": lambda: ngettext("{field} of network {names}", "{field} of networks {names}",
                                     count, field=field, names=shown),
        "indicators": lambda: ngettext("{field} of indicator {names}", "{field} of indicators {names}",
                                       count, field=field, names=shown),
        "periods": lambda: ngettext("{field} of period {names}", "{field} of periods {names}",
                                    count, field=field, names=shown),
        "glossary": lambda: ngettext("acronym {names}", "acronyms {names}", count, names=shown),
        "monitoring": lambda: ngettext("{field} of the monitoring of period {names}",
                                       "{field} of the monitoring of periods {names}",
                                       count, field=field, names=shown),
        "synergies": lambda: ngettext("{field} of synergy {names}", "{field} of synergies {names}",
                                      count, field=field, names=shown),
        "accept": lambda: ngettext("{field} of acknowledgement {names}",
                                   "{field} of acknowledgements {names}", count, field=field, names=shown),
    }
    made = owners.get(collection)
    return made() if made is not None else None


def enumeration(names: list[str]) -> Message:
    """`A, B and C`."""
    if len(names) < 2:
        return _("{names}", names="".join(names))
    return _("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])


def _bare(collection: str, count: int, shown: Message) -> Message | None:
    """The items of `collection` themselves: "ambito Rho", "progetti ciao, in-lav"."""
    items: dict[str, Callable[[], Message]] = {
        "organisations": lambda: _("{names}", names=shown),
        "people": lambda: _("{names}", names=shown),
        "districts": lambda: ngettext("district {names}", "districts {names}", count, names=shown),
        "projects": lambda: ngettext("project {names}", "projects {names}", count, names=shown),
        "documents": lambda: ngettext("document {names}", "documents {names}", count, names=shown),
        "measures": lambda: ngettext("measure {names}", "measures {names}", count, names=shown),
        "events": lambda: ngettext("event {names}", "events {names}", count, names=shown),
        "networks": lambda: ngettext("network {names}", "networks {names}", count, names=shown),
        "indicators": lambda: ngettext("indicator {names}", "indicators {names}", count, names=shown),
        "periods": lambda: ngettext("period {names}", "periods {names}", count, names=shown),
        "glossary": lambda: ngettext("acronym {names}", "acronyms {names}", count, names=shown),
        "monitoring": lambda: ngettext("the monitoring of period {names}",
                                       "the monitoring of periods {names}", count, names=shown),
        "synergies": lambda: ngettext("synergy {names}", "synergies {names}", count, names=shown),
        "accept": lambda: ngettext("acknowledgement {names}", "acknowledgements {names}", count,
                                   names=shown),
    }
    made = items.get(collection)
    return made() if made is not None else None


BY_ID = {"projects", "documents", "glossary", "monitoring"}
"""Collections whose items an officer knows by their id: a project's and a document's id name
their files (scheda-progetto-ciao.docx), an acronym is its own name."""


def item_name(content: Content | None, collection: str, key: str | int) -> str:
    """How an officer names an item: its short name, or its name or title when short, else
    its id (a list's item by its number)."""
    if isinstance(key, int):
        return str(key + 1)
    if collection in BY_ID:
        return str(key)
    item: Any = getattr(content, collection, {}).get(key) if content is not None else None
    if not isinstance(getattr(content, collection, None), dict):
        item = None
    for attribute in ("short_name", "name", "title"):
        name = getattr(item, attribute, None)
        if isinstance(name, str) and name.strip() and len(name) <= SHORT and PLACEHOLDER not in name:
            return name.strip()
    return str(key)


KEY = "key"
"""What follows a mapping's key in the path of an error about the key itself (pydantic's
`[key]`, as parse_path reads it)."""


def field_words(parts: KeyPath) -> Message | None:
    """The fields of `parts` (after the item), innermost first: "paragraph 1 (section 3)"."""
    named: list[Message] = []
    for index, part in enumerate(parts):
        if isinstance(part, int) or part == KEY or (index and parts[index - 1] == "for_item"):
            continue
        following = parts[index + 1] if index + 1 < len(parts) else None
        after = parts[index + 2] if index + 2 < len(parts) else None
        label = LABELS.get(part, part.replace("_", " "))
        field = _(label)
        if following is not None and after == KEY:  # the key itself (`2021:` where text is due)
            named.append(_("the item id {key}", key=following) if part == "for_item"
                         else _("the key {key} of {label}", key=following, label=field))
        elif part == "for_item" and following is not None:  # a file's own text: by item id
            named.append(_("paragraph {number} for {item}", number=after + 1, item=following)
                         if isinstance(after, int) else _("the text for {item}", item=following))
        elif isinstance(following, int):
            element = _(ELEMENT_LABELS.get(part, label))
            named.append(_("{label} {number}", label=element, number=following + 1))
        else:
            named.append(field)
    if not named:
        return None
    inner, outer = named[-1], named[:-1]
    if not outer:
        return inner
    return _("{inner} ({outer})", inner=inner, outer=_list(outer))


def _list(parts: list[Message]) -> Message:
    joined = parts[0]
    for part in parts[1:]:
        joined = _("{first}, {second}", first=joined, second=part)
    return joined


def spoken(path: str | KeyPath, content: Content | None = None) -> Message:
    """`path` in words: the field, then whose it is."""
    parts = parse_path(path) if isinstance(path, str) else tuple(path)
    return spoken_many([parts], content)[0] if parts else _("the whole programme")


def spoken_many(paths: list[KeyPath], content: Content | None = None) -> list[Message]:
    """The paths in words, those that differ only in their item said once
    ("codice fiscale di AFOL, ATS Milano")."""
    groups: dict[tuple, list[Any]] = {}
    for parts in paths:
        head = parts[0] if parts else ""
        keyed = head in _COLLECTIONS and len(parts) > 1
        key = (head, parts[2:]) if keyed else (parts, None)
        groups.setdefault(key, []).append(parts[1] if keyed else None)
    shown = []
    for (head, tail), keys in groups.items():
        if tail is None:
            shown.append(_single(head))
            continue
        names = [item_name(content, head, k) for k in keys]
        if head == "monitoring" and tail:  # period, then project
            names = [f"{n} ({item_name(content, 'projects', tail[0])})" for n in names]
            tail = tail[1:]
        owner = _owner(head, field_words(tail), names)
        shown.append(owner if owner is not None else _(format_path((head, *keys, *tail))))
    return shown


def _single(parts: KeyPath) -> Message:
    """A path under the programme or the call, or of no known collection."""
    head, rest = (parts[0], parts[1:]) if parts else ("", ())
    field = field_words(rest)
    if head == "programme":
        return _("{field} of the programme", field=field) if field else _("the programme")
    if head == "call":
        return _("{field} of the call", field=field) if field else _("the call")
    return field_words(parts) or _("the whole programme")


_COLLECTIONS = {"organisations", "people", "districts", "projects", "documents", "measures", "events",
                "networks", "indicators", "periods", "glossary", "monitoring", "synergies", "accept"}


class EnglishOnly(str):
    """Text of a message that only the English reader is shown (an English docstring): the
    others read the field in words, which says it."""

    def shown_in(self, language: Language) -> str:
        return str(self) if language.code == ENGLISH else ""


class FieldPath:
    """A field's path as a value of a message: as written for the English reader
    (`organisations.cmm.fiscal_code`), in words for the others."""

    def __init__(self, path: str, words: Message):
        self.path, self.words = path, words

    def __str__(self) -> str:
        return self.path

    def __format__(self, spec: str) -> str:
        return format(self.path, spec)

    def shown_in(self, language: Language) -> str:
        return self.path if language.code == ENGLISH else language.text(self.words)


def field_path(path: KeyPath, content: Content | None = None) -> FieldPath:
    """`path` as a value of a message (FieldPath), named after the items of `content`."""
    return FieldPath(format_path(path), spoken(path, content))


class Words:
    """How one reader is shown field paths: as written (English, whose words they are), or in
    words of the reader's language."""

    def __init__(self, language: Language, content: Content | None = None):
        self.language, self.content = language, content
        self.spoken = language.code != ENGLISH

    def __call__(self, path: str) -> str:
        return self.language.text(spoken(path, self.content)) if self.spoken else path

    def many(self, paths: list[KeyPath]) -> list[str]:
        """Several paths, those that differ only in their item's id said once:
        `districts.{rho,garbagnate}.health_authority`, or "ATS degli ambiti Rho, Garbagnate"."""
        if self.spoken:
            return [self.language.text(m) for m in spoken_many(paths, self.content)]
        return compact([format_path(p) for p in paths])


def compact(items: list[str]) -> list[str]:
    """Items that differ only in their second part (an id), once:
    `districts.{rho,garbagnate}.health_authority`."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in dict.fromkeys(items):
        parts = item.split(".", 2)
        if len(parts) >= 2 and parts[1] and not any(c in parts[1] for c in ' "[('):
            groups.setdefault((parts[0], parts[2] if len(parts) == 3 else ""), []).append(parts[1])
        else:
            groups.setdefault((item, "\0"), [])
    shown = []
    for (head, tail), ids in groups.items():
        if tail == "\0":
            shown.append(head)
            continue
        middle = ids[0] if len(ids) == 1 else "{" + ",".join(ids) + "}"
        shown.append(f"{head}.{middle}" + (f".{tail}" if tail else ""))
    return shown
