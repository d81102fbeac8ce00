"""Messages in the reader's language: English source text, gettext catalogues for the others.

Library code never prints and does not know who reads: it marks each message with `_()`, or
`ngettext()` when a count decides the noun, and gets a `Message`: the English text (what logs,
JSON reports and tests read) that remembers its msgid and its values. Whoever shows it, the
command line or the preview, translates it with the `Language` chosen at the top
(`language(code).text(message)`): the catalogue's text, each value that is itself a Message
translated in turn. Anything else is shown as it is.

The catalogues are gettext's, made with Babel's tools from the English source strings
(docs/explanation/messages.md): `generator/locale/it/LC_MESSAGES/fsegen.po`, compiled to the
`.mo` installed with the package. `N_()` marks a string for the catalogue where it is written
and translates nothing (a table of field names, read later). This module imports nothing of
ours: every layer may mark its messages.
"""

from __future__ import annotations

import functools
import gettext
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DOMAIN = "fsegen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
"""Where the compiled catalogues are: <language>/LC_MESSAGES/fsegen.mo."""
ENGLISH = "en"
LANGUAGES = {"en": "English", "it": "italiano"}
"""The languages of the interface: English (the source) and those with a catalogue."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""Where gettext reads the reader's language, in its order."""


class Message(str):
    """English text that remembers how it was made, so that it can be shown in another language.

    It is a `str` (the English), so it goes wherever text goes; what is made from it by `+`,
    slicing or an f-string is plain text again, in English only: compose messages with `_()`,
    passing the parts as values."""

    msgid: str
    plural: str | None
    number: int | None
    """The count that chooses between singular and plural (`str.count` is the method)."""
    values: dict[str, Any]

    def __new__(cls, msgid: str, values: Mapping[str, Any] | None = None, plural: str | None = None,
                number: int | None = None) -> Message:
        values = dict(values or {})
        english = plural if plural is not None and number != 1 else msgid
        self = super().__new__(cls, english.format(**values))  # `{{` for a brace of the text
        self.msgid, self.plural, self.number, self.values = msgid, plural, number, values
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # across processes: a Message stays one
        return (Message, (self.msgid, self.values, self.plural, self.number))

    def dump(self) -> dict[str, Any]:
        """As JSON (a cache keeps it so): msgid, plural, count and values, nested."""
        return {"msgid": self.msgid, "plural": self.plural, "count": self.number,
                "values": {k: v.dump() if isinstance(v, Message) else _plain(v)
                           for k, v in self.values.items()}}

    @classmethod
    def load(cls, data: Any) -> Any:
        """What `dump` made, again (anything else is returned as it is)."""
        if not isinstance(data, dict) or "msgid" not in data:
            return data
        values = {k: cls.load(v) for k, v in data.get("values", {}).items()}
        return cls(data["msgid"], values, data.get("plural"), data.get("count"))


def _plain(value: Any) -> Any:
    """A value as JSON keeps it: text, a number, true/false or null as they are; a path or any
    other object as its text."""
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


class Joined:
    """Parts shown one after the other (`a; b; c`), each in the reader's language: a value of a
    message made of messages."""

    def __init__(self, parts: Sequence[Any], separator: str = ", "):
        self.parts, self.separator = tuple(parts), separator

    def __str__(self) -> str:
        return self.separator.join(str(part) for part in self.parts)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def shown_in(self, language: Language) -> str:
        return self.separator.join(language.text(part) for part in self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Joined) and (self.parts, self.separator) == (other.parts, other.separator)

    def __hash__(self) -> int:
        return hash((self.parts, self.separator))


def _(msgid: str, /, **values: Any) -> Message:
    """`msgid` (English, with `{name}` fields; `{{` for a brace of the text) with its values:
    translated when shown."""
    return Message(msgid, values)


def chained(parts: Sequence[Any], conjunction: str = "and") -> Message:
    """`a and b and c` (or `a or b`, `a nor b`), each part translated when shown."""
    result: Any = parts[0]
    for part in parts[1:]:
        result = (_("{first} or {second}", first=result, second=part) if conjunction == "or" else
                  _("{first} nor {second}", first=result, second=part) if conjunction == "nor" else
                  _("{first} and {second}", first=result, second=part))
    return result if isinstance(result, Message) else _("{text}", text=result)


def said(error: BaseException) -> str:
    """What an exception says: its message when it was raised with one (translated when shown),
    else its text."""
    return error.args[0] if error.args and isinstance(error.args[0], Message) else str(error)


def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> Message:
    """The singular or plural form for `count` (passed to the text as `{count}` too)."""
    return Message(singular, {"count": count, **values}, plural, count)


def N_(msgid: str) -> str:
    """`msgid`, marked for the catalogue and left in English: translate it where it is shown,
    with `Language.gettext`."""
    return msgid


class Language:
    """One language of the interface: its code, and its catalogue (English has none)."""

    def __init__(self, code: str, translations: gettext.NullTranslations):
        self.code, self.translations = code, translations

    def __repr__(self) -> str:
        return f"Language({self.code!r})"

    def gettext(self, msgid: str) -> str:
        return self.translations.gettext(msgid)

    def text(self, value: Any) -> str:
        """`value` as this language shows it: a Message translated (its values too), a value that
        knows how each language shows it (`shown_in(language)`: Joined parts, a field's path)
        shown so, anything else as text."""
        if _shows_itself(value):
            return value.shown_in(self)
        if not isinstance(value, Message):
            return "" if value is None else str(value)
        if value.plural is not None:
            template = self.translations.ngettext(value.msgid, value.plural, value.number or 0)
        else:
            template = self.translations.gettext(value.msgid)
        shown = {k: self.text(v) if isinstance(v, Message) or _shows_itself(v) else _readable(v)
                 for k, v in value.values.items()}
        try:
            return template.format(**shown)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English stands
            return str(value)

    def optional(self, value: Any) -> str | None:
        """`text(value)`, keeping None (a finding with no hint)."""
        return None if value is None else self.text(value)


def _shows_itself(value: Any) -> bool:
    """Whether `value` knows how each language shows it (asked of its type: an undefined
    template name raises on any attribute)."""
    return callable(getattr(type(value), "shown_in", None))


def _readable(value: Any) -> Any:
    """`value`, or its repr when it cannot be read as text (an undefined template name raises
    when printed): a message never fails to show."""
    try:
        str(value)
    except Exception:  # noqa: BLE001 - whatever a value raises, the message stands
        return repr(value)
    return value


@functools.cache
def language(code: str = ENGLISH) -> Language:
    """The language `code` ("it", "it_IT.UTF-8", "en"...): its catalogue, or English when it has
    none."""
    short = normal(code)
    if short == ENGLISH:
        return Language(ENGLISH, gettext.NullTranslations())
    try:
        catalogue: gettext.NullTranslations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[short])
    except OSError:  # no catalogue for it
        return Language(ENGLISH, gettext.NullTranslations())
    return Language(short, catalogue)


def normal(code: str | None) -> str:
    """"it" from "it_IT.UTF-8", "it-IT" or "IT"; English for C, POSIX, empty or unknown."""
    short = (code or "").split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return short if short in LANGUAGES else ENGLISH


def from_locale(environ: Mapping[str, str] | None = None) -> str:
    """The reader's language as gettext finds it (LANGUAGE, LC_ALL, LC_MESSAGES, LANG): the
    first one of ours in LANGUAGE's list (`it:en`), else English."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if not value:
            continue
        for code in value.split(":"):
            if normal(code) != ENGLISH or code.lower().startswith("en"):
                return normal(code)
        if variable != "LANGUAGE":
            return ENGLISH
    return ENGLISH
