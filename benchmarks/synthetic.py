"""Synthetic programmes of N projects, in two shapes, for benchmarks.

`programme` (the benchmark's first shape): each project has its own district and a lead body
with a valid partita IVA; the documents are the example's annex, form and one sheet per
project. `realistic` (the second): the same, plus what a programme after the grant holds:
two partners per project, targets, monitoring figures for two periods, the example's
progress reports with their charts (one for the programme, one per project) and a letter
per project. So the numbers measure what a regional call (84 projects) or a national
programme (thousands of operations) would cost.

Usage: python benchmarks/synthetic.py N FOLDER [realistic]
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml
from stdnum import luhn

REPO = Path(__file__).resolve().parents[1]


def vat(number: int) -> str:
    """A valid partita IVA: seven digits, an office code (001), the check digit."""
    body = f"{number:07d}001"
    return body + luhn.calc_check_digit(body)


def programme(folder: Path, projects: int) -> Path:
    """Write a programme of `projects` projects into `folder` (content/ and templates/)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", folder / "templates", dirs_exist_ok=True)
    content = folder / "content"
    shutil.copytree(REPO / "content", content, dirs_exist_ok=True)
    shutil.rmtree(content / "monitoring", ignore_errors=True)
    for report in (content / "documents").glob("relazione-*.yaml"):
        report.unlink()
    text = (content / "programme.yaml").read_text(encoding="utf-8")
    text = text.replace("max_projects: 6", f"max_projects: {max(projects, 6)}")
    text = text.replace("max_contribution: 1700000", f"max_contribution: {340000 * projects}")
    (content / "programme.yaml").write_text(text, encoding="utf-8")
    (content / "territory.yaml").write_text(_districts(projects), encoding="utf-8")
    (content / "projects.yaml").write_text(_projects(projects), encoding="utf-8")
    (content / "leads.yaml").write_text(_leads(projects), encoding="utf-8")
    return folder


def _districts(count: int) -> str:
    lines = ["districts:"]
    for i in range(count):
        lines += [f"  d{i}:", f"    name: Ambito numero {i + 1}"]
    return "\n".join(lines) + "\n"


def _leads(count: int) -> str:
    lines = ["organisations:"]
    for i in range(count):
        lines += [f"  lead-{i}:", f"    name: Azienda Speciale Consortile n. {i + 1}",
                  "    kind: azienda speciale consortile", f"    vat_number: '{vat(i + 1)}'"]
    return "\n".join(lines) + "\n"


def _projects(count: int, after_grant: bool = False) -> str:
    lines = ["projects:"]
    for i in range(count):
        lines += [f"  p{i}:", f"    title: Progetto territoriale numero {i + 1}",
                  f"    districts: [d{i}]", f"    lead: lead-{i}"]
        if not after_grant:
            lines += ["    budget:", "      illustrative: true", "      public_contribution: 340000",
                      "      lines:", "        - item: Personale", "          amount: 120000",
                      "        - item: Percorsi personalizzati", "          amount: 280000"]
            continue
        lines += ["    start: 2020-10-01", "    end: 2022-09-30", "    partners:"]
        lines += [f"      - organisation: partner-{i}-{j}\n        role: {role}"
                  for j, role in ((1, "formazione"), (2, "servizi al lavoro"))]
        lines += ["    targets:"] + [f"      {k}: {v}" for k, v in TARGETS.items()]
        lines += ["    budget:", "      illustrative: true", "      public_contribution: 340000",
                  "      lines:"]
        lines += [f"        - item: {item}\n          amount: {amount}" for item, amount in LINES]
    return "\n".join(lines) + "\n"


def realistic(folder: Path, projects: int) -> Path:
    """`programme`, with partners, targets, monitoring, progress reports and letters."""
    programme(folder, projects)
    content = folder / "content"
    for report in (REPO / "content" / "documents").glob("relazione-*.yaml"):
        (content / "documents" / report.name).write_text(_own_texts(report, projects), encoding="utf-8")
    (content / "projects.yaml").write_text(_projects(projects, after_grant=True), encoding="utf-8")
    (content / "partners.yaml").write_text(_partners(projects), encoding="utf-8")
    (content / "monitoring").mkdir(exist_ok=True)
    (content / "monitoring" / "monitoraggio.yaml").write_text(_monitoring(projects), encoding="utf-8")
    (content / "documents" / "lettera-progetto.yaml").write_text(LETTER, encoding="utf-8")
    (content / "accept.yaml").write_text(ACCEPTED, encoding="utf-8")
    return folder


def _own_texts(report: Path, count: int) -> str:
    """The example's report, each section's text of one project's own (`for_item`) written for
    every project of the synthetic programme, as an office writes one for each."""
    document = yaml.safe_load(report.read_text(encoding="utf-8"))
    for section in document["sections"]:
        if section.get("for_item"):
            texts = list(section["for_item"].values())
            section["for_item"] = {f"p{i}": list(texts[i % len(texts)]) for i in range(count)}
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


LINES = (("Personale e coordinamento", 120000), ("Percorsi personalizzati di inclusione attiva", 180000),
         ("Servizi al lavoro e tirocini", 80000), ("Comunicazione e valutazione", 20000))
TARGETS = {"partecipanti": 90, "progetti-personalizzati": 70, "tirocini": 40, "occupati": 18}
ACCEPTED = """\
accept:
  - rule: signatories
    path: documents.*.signatory
    reason: si firma come nell'esempio
    who: benchmark
    date: 2026-11-25
"""
LETTER = """\
kind: lettera
for_each: projects
title: Lettera al capofila
template: lettera-trasmissione.docx
subject: Avvio delle attività del progetto
place: Milano
date: 2021-10-29
addressees:
  - organisation: lead-0
    office: Direzione
signatory:
  person: parravicini
  capacity: Per il Legale Rappresentante
  on_behalf_of: cmm
sections:
  - title: AVVIO
    body:
      - |
        Si comunica al capofila {{ project.lead.name }} l'avvio del progetto
        **{{ project.title }}**.
"""


def _partners(count: int) -> str:
    lines = ["organisations:"]
    for i in range(count):
        for j in (1, 2):
            lines += [f"  partner-{i}-{j}:", f"    name: Cooperativa Sociale Partner {i + 1}.{j}",
                      "    kind: cooperativa sociale", f"    vat_number: '{vat(100000 + 2 * i + j)}'",
                      "    accreditations: [formazione, servizi al lavoro]",
                      "    third_sector_since: 2004-03-15"]
    return "\n".join(lines) + "\n"


def _monitoring(count: int) -> str:
    lines = ["monitoring:"]
    for period, date, share in (("s1", "2021-04-15", 0.2), ("s2", "2021-10-15", 0.25)):
        lines.append(f"  {period}:")
        for i in range(count):
            lines += [f"    p{i}:", "      source:", "        file: monitoraggio.xlsx",
                      f"        row: {i + 4}", f"        date: {date}", "        illustrative: true",
                      "      achieved:"]
            lines += [f"        {k}: {int(v * share)}" for k, v in TARGETS.items()]
            lines += ["      spent:"] + [f'        "{item}": {int(amount * share)}' for item, amount in LINES]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    make = realistic if sys.argv[3:] == ["realistic"] else programme
    print(make(Path(sys.argv[2]), int(sys.argv[1])))
