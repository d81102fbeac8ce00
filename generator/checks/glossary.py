"""Acronyms used in prose are explained in the glossary."""

from __future__ import annotations

import re

from generator.checks.common import prose_blocks, typed_text
from generator.errors import Finding
from generator.messages import _
from generator.model import Content
from generator.sources import SourceMap

ACRONYM = re.compile(r"\b(?:[A-Z]{2,}[a-z]?|[A-Z][a-z][A-Z])\b")
ROMAN = re.compile(r"^[IVXLC]+$")


def acronyms(content: Content, sources: SourceMap) -> list[Finding]:
    """Every acronym typed in prose (ASST, DUL, RdC...) is in the glossary.

    Example: documents.integrazione-allegato-1.sections[0].body[0]: acronym 'ASST' is not in the glossary
    Fix: add it to `glossary:` (content/glossary.yaml) with its meaning.
    """
    known = {key for key in content.glossary}
    findings = []
    reported: set[tuple[str, str]] = set()
    for doc_id, path, source in prose_blocks(content):
        typed = typed_text(source)
        for match in ACRONYM.finditer(typed):
            word = match.group()
            if word in known or ROMAN.match(word) or _in_capitals(typed, match):
                continue
            if (doc_id, word) in reported:
                continue
            reported.add((doc_id, word))
            findings.append(sources.finding_in_text(
                path, source, match.start(), _("acronym {word!r} is not in the glossary", word=word),
                _("add `{word}: <meaning>` to `glossary:`", word=word)))
    return findings


def _in_capitals(text: str, match: re.Match) -> bool:
    """Part of a run of capitalised words (a title typed in capitals), not an acronym."""
    before = text[:match.start()].split()[-1:]
    after = text[match.end():].split()[:1]
    neighbours = [w for w in before + after if re.sub(r"\W", "", w)]
    return any(re.sub(r"\W", "", w).isupper() and len(re.sub(r"\W", "", w)) > 1 for w in neighbours)
