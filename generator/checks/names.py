"""One organisation, one name."""

from __future__ import annotations

import re

from generator.errors import Finding
from generator.model import Content
from generator.sources import SourceMap


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
                f"same {label} as organisations.{first[0]} ({first[1]!r} / {shown!r})",
                f"keep one entry and refer to it everywhere as {first[0]!r}"))
    return findings
