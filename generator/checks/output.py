"""Rules on the rendered deliverables themselves."""

from __future__ import annotations

import re

from generator.checks.common import Rendered
from generator.errors import Finding
from generator.model import Content
from generator.sources import SourceMap

EMPTY = re.compile(r"\bNone\b|\bnan\b|\bundefined\b")


def rendered_output(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A built deliverable has no leftover template syntax, no "None" and no empty table cell.

    (Leftover `{{ }}`/`{% %}` is caught while rendering each file, under this rule's id.)

    Example: templates/formulario-candidatura.docx: 'None' in deliverable formulario-candidatura: "Codice
        fiscale: None"
    Fix: give the field a value in the content, or guard it in the template with {% if %}.
    """
    findings = []
    for item in rendered:
        where = ("documents", item.document_id)
        for line in item.text.splitlines():
            if EMPTY.search(line):
                findings.append(sources.finding(
                    where, f"empty value in {item.id}: {line.strip()[:80]!r}",
                    "give the field a value in the content, or guard it with {% if %}"))
            cells = [c.strip() for c in line.split(" | ")] if " | " in line else []
            if cells and any(c == "" for c in cells):
                findings.append(sources.finding(
                    where, f"empty table cell in {item.id}: {line.strip()[:80]!r}",
                    "fill the fact in the content, or print a dash for an unknown one"))
    return findings


def replaced_leads(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """A replaced lead body is never named as lead in a document dated after its substitution.

    Example: documents.scheda-progetto: Azienda Sole del Legnanese is named as lead in
        scheda-progetto-work-in-progress (20/07/2020), after its substitution
    Fix: name the current lead (`lead:` of the project); the former one may only appear as replaced.
    """
    findings = []
    for project_id, project in content.projects.items():
        for former in project.former_leads:
            org = content.organisations.get(former.organisation)
            if org is None or former.replaced_on is None:
                continue
            names = [n for n in (org.name, org.short_name) if n]
            for item in rendered:
                if item.document.date < former.replaced_on:
                    continue
                for line in item.text.splitlines():
                    if "capofila" not in line.lower() or "sostituit" in line.lower():
                        continue
                    if any(name in line for name in names):
                        findings.append(sources.finding(
                            ("documents", item.document_id),
                            f"{org.name} is named as lead in {item.id}, dated after its "
                            f"substitution on {former.replaced_on:%d/%m/%Y}",
                            f"name the current lead of {project_id!r} instead"))
    return findings
