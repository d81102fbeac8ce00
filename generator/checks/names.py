"""One organisation, one name."""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.sources import SourceMap

SAME: dict[str, Callable[..., Message]] = {
    "name": lambda **v: _("same name as {other} ({first!r} / {shown!r})", **v),
    "fiscal code": lambda **v: _("same fiscal code as {other} ({first!r} / {shown!r})", **v),
    "VAT number": lambda **v: _("same VAT number as {other} ({first!r} / {shown!r})", **v),
}


def _key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def one_name(content: Content, sources: SourceMap) -> list[Finding]:
    """The same body is recorded once: no two organisations share a fiscal code, VAT number or name.

    Example: organisations.asc-comuni-insieme: same name as organisations.comuni-insieme ("ASC Comuni
        Insieme" / "Asc Comuni Insieme")
    Fix: keep one of the two entries and point every reference at its id.
    """
    findings = []
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for org_id, org in content.organisations.items():
        keys = [("name", _key(org.name), org.name)]
        keys += [("fiscal code", org.fiscal_code, org.fiscal_code)] if org.fiscal_code else []
        keys += [("VAT number", org.vat_number, org.vat_number)] if org.vat_number else []
        for label, key, shown in keys:
            first = seen.get((label, key))
            if first is None:
                seen[(label, key)] = (org_id, shown)
                continue
            if first[0] == org_id:
                continue
            findings.append(sources.finding(
                ("organisations", org_id),
                SAME[label](other=f"organisations.{first[0]}", first=first[1], shown=shown),
                _("keep one entry and refer to it everywhere as {id!r}", id=first[0])))
    return findings
