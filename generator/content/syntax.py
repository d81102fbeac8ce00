"""What a problem of a YAML file means to the person who typed it: the hint a syntax error
needs (read from the problem and from the line it is on), the names of invisible characters,
why a date does not exist. No YAML library here: the loader passes what the parser said.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from typing import Any

from generator.errors import Finding
from generator.messages import Message, _

CHARACTER_NAMES = {
    0x00: "NULL", 0x08: "BACKSPACE", 0x09: "TAB",
    0x0B: "VERTICAL TAB (Word's manual line break, Shift+Enter)",
    0x0C: "FORM FEED (Word's page break)", 0x1B: "ESCAPE", 0x7F: "DELETE",
    0xFEFF: "BYTE ORDER MARK", 0xFFFE: "NONCHARACTER", 0xFFFF: "NONCHARACTER",
}
def character_finding(text: str, index: int, shown: str) -> Finding:
    """A finding naming an invisible character, with its line and column."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Finding(_("the file contains the invisible character {character}",
                     character=describe_character(text[index])),
                   file=shown, line=line, column=column,
                   hint=_("delete it (it often comes with text pasted from Word or a PDF)"))


def describe_character(character: str) -> str:
    """U+000B VERTICAL TAB (...): a control character named, since Unicode gives them no name."""
    code = ord(character)
    name = CHARACTER_NAMES.get(code) or unicodedata.name(character, "CONTROL CHARACTER")
    return f"U+{code:04X} {name}"


def yaml_hint(problem: str, text: str, mark: Any) -> Message:
    """What to do about a YAML syntax error, read from the problem and from the line it is on:
    a value with ': ' in it and a key indented too deep give the same problem, not the same fix."""
    lines = text.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else ""
    character = text[mark.index] if mark is not None and mark.index < len(text) else ""
    column = mark.column if mark is not None else 0
    if "alias" in problem:
        return _("anchors and aliases (&name, *name, <<) are not supported in content")
    if "nesting" in problem:
        return _("content needs a few levels only: check the indentation")
    if character == "\t" or "\t" in line[:len(line) - len(line.lstrip())] or "tab" in problem:
        return _("indent with spaces, not tabs")
    if "end of stream" in problem and "quoted" in problem:
        return _("the quote opened here is never closed: close it at the end of the value, or write "
                 "the text as a block with |")
    if "mapping values" in problem:
        key = re.match(r"\s*(?:- )?([^:#]+?):(\s|$)", line)
        if key is not None and column > key.end(1):
            return _("a value containing ': ' must be quoted, or written as a block with |")
        return _("this key is indented deeper than the key above it, so YAML reads it as part of that "
                 "value: align `{key}:` with the keys around it", key=key.group(1).strip() if key else "")
    if line.lstrip().startswith("- ") and "expected" in problem:
        return _("a list item where a key was expected: put the list under a key of its own "
                 "(`priorities:`), its `- ` items indented below it")
    if "expected" in problem:
        return _("the indentation of this line does not match the lines above it: the keys of one "
                 "mapping start in the same column")
    if character in "@`%|>":
        return _("a value cannot start with {character}: quote it", character=character)
    return _("check the indentation and quoting around this line")


def why_not_a_date(text: str, error: Exception) -> Message:
    match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        return _("{problem}", problem=str(error))
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return _("there is no month {month}", month=month)
    return _("{month} {year} has {days} days", month=MONTHS[month - 1], year=year,
             days=calendar.monthrange(year, month)[1])


MONTHS = (_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"),
          _("August"), _("September"), _("October"), _("November"), _("December"))
