"""What no built deliverable may say: Italian a reviewer would correct, and the tool's own words.

A helper for the tests that read deliverables back (not a test module).
"""

from __future__ import annotations

import re

MISTAKES = {
    "uno before a plural": r"\buno (?:ambiti|progetti|distretti|comuni|enti|partner|reti|misure)\b",
    "1 before a plural": r"\b1 (?:reti|progetti|ambiti|comuni|mesi|destinatari|misure|enti)\b",
    "il before 8 or 11": r"\b(?:il|del|dal|al|nel) (?:8|11)\b",
    "l' before the first": r"\b[lL]'1\b",
    "a doubled full stop": r"(?<!\.)\.\.(?!\.)",
    "nested round brackets": r"\([^()]*\(",
    "di before an article": r"\bdi (?:il|lo|la|i|gli|le) ",
    "a preposition before a name's own article": r"\b(?:del|dal|al|nel|sul|della|dalla) (?:L'|Il |La |Lo )",
    "A CURA DI before a body": r"A CURA DI ",
    "a doubled label": r"PROGRAMMA: PROGRAMMA",
    "the degree-less ordinal": "\u00ba",
}
"""Name -> pattern of a mistake of Italian the grammar filters exist to prevent."""

TOOL_WORDS = ["nel contenuto", "il contenuto", "contenuto del Programma", "non riporta ancora",
              "non è ancora definito", "fsegen", "YAML", "content/", "None", "TODO", "{{", "{%",
              "Importi illustrativi:"]
"""The tool's own wording: every sentence for a missing fact is the office's (phrases.jinja)."""


def problems(text: str) -> list[str]:
    """Each mistake or tool word found in `text`, with the words around it."""
    found = []
    for name, pattern in MISTAKES.items():
        for match in re.finditer(pattern, text):
            found.append(f"{name}: ...{text[max(match.start() - 30, 0):match.end() + 30]}...")
    found += [f"tool wording {word!r}" for word in TOOL_WORDS if word in text]
    return found
