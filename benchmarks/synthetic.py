"""A synthetic programme of N projects, in the example's shape, for benchmarks.

Each project has its own district and a lead body with a valid partita IVA; the
documents are the example's annex, form and one sheet per project (its progress reports
and their figures, which name the example's projects, are left out), so the numbers
measure what a regional call (84 projects) or a national programme (thousands of
operations) would cost.

Usage: python benchmarks/synthetic.py N FOLDER
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

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


def _projects(count: int) -> str:
    lines = ["projects:"]
    for i in range(count):
        lines += [f"  p{i}:", f"    title: Progetto territoriale numero {i + 1}",
                  f"    districts: [d{i}]", f"    lead: lead-{i}",
                  "    budget:", "      illustrative: true", "      public_contribution: 340000",
                  "      lines:", "        - item: Personale", "          amount: 120000",
                  "        - item: Percorsi personalizzati", "          amount: 280000"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(programme(Path(sys.argv[2]), int(sys.argv[1])))
