"""How the rules on dated facts scale with the number of projects and deliverables.

A regional call has up to 84 projects, a national programme thousands, each with its own
project sheet. This builds a synthetic programme of N projects, each with a dated
substitution of its lead and a renamed lead body, and N project sheets (40 lines of text
each, naming the lead), and times the output rules `replaced-leads`, `renamed-bodies` and
`as-of` on them, next to the `replaced-leads` rule as it was before (one pass over every
deliverable per former lead: quadratic; not run above N = 2000, where it takes minutes).

    python benchmarks/rules_scale.py            # N = 84, 500, 2000
    python benchmarks/rules_scale.py 84 4000

Each new rule is timed (CPU time of this process) as the best of three runs; the old one once.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from generator.checks.asof import as_of
from generator.checks.common import Rendered
from generator.checks.output import renamed_bodies, replaced_leads
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.recording import Recorder

DAY = dt.date(2021, 3, 1)


def programme(n: int) -> Content:
    organisations = {"promoter": {"name": "Regione", "kind": "regione"}}
    projects = {}
    for i in range(n):
        organisations[f"old{i}"] = {"name": f"Consorzio Vecchio {i}", "kind": "consorzio"}
        organisations[f"new{i}"] = {"name": f"Azienda Nuova {i}", "kind": "azienda speciale",
                                    "former_names": [{"name": f"Azienda Prima {i}",
                                                      "renamed_on": "2020-01-01"}]}
        projects[f"p{i}"] = {"title": f"Progetto {i}", "districts": [f"d{i}"], "lead": f"new{i}",
                             "former_leads": [{"organisation": f"old{i}", "replaced_on": "2020-06-15"}]}
    return Content.model_validate({
        "programme": {"title": "Programma", "promoter": "promoter", "network": "Rete",
                      "territory": "regione"},
        "call": {"kind": "avviso", "title": "Avviso", "operational_programme": "PR FSE+",
                 "fund": "FSE+", "axis": "Priorità 3"},
        "organisations": organisations, "projects": projects,
        "districts": {f"d{i}": {"name": f"Ambito {i}"} for i in range(n)},
        "documents": {"scheda": {"kind": "scheda", "for_each": "projects", "title": "Scheda",
                                 "template": "scheda.docx", "place": "Roma", "date": DAY.isoformat(),
                                 "integrates": "formulario"},
                      "formulario": {"kind": "formulario", "title": "Formulario",
                                     "template": "formulario.docx", "place": "Roma",
                                     "date": "2020-03-01"}}})


def sheets(content: Content) -> list[Rendered]:
    document = content.documents["scheda"]
    rendered = []
    for i, project_id in enumerate(content.projects):
        lines = [f"Riga {k} del progetto {i}: testo senza enti." for k in range(38)]
        lines.append(f"Ente capofila inizialmente identificato in Consorzio Vecchio {i} e sostituito "
                     f"con Azienda Nuova {i}.")
        lines.append(f"Ente capofila | Azienda Nuova {i}")
        reads = Recorder("scheda")
        for field in ("lead", "former_leads", "title"):
            reads.read(("projects", project_id, field))
        reads.read(("organisations", f"new{i}", "name"))
        rendered.append(Rendered(f"scheda-{project_id}", "scheda", document, "\n".join(lines), reads,
                                 template="templates/scheda.docx", status="bozza"))
    return rendered


def replaced_leads_before(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list:
    """The rule as it was: for each former lead, every line of every deliverable."""
    findings = []
    for project in content.projects.values():
        for former in project.former_leads:
            org = content.organisations.get(former.organisation)
            names = [n for n in (org.name, org.short_name) if n]
            for item in rendered:
                if item.document.date < former.replaced_on:
                    continue
                for line in item.text.splitlines():
                    if "capofila" not in line.lower() or "sostituit" in line.lower():
                        continue
                    if any(name in line for name in names):
                        findings.append(line)
    return findings


def timed(rule, content, rendered, repeat: int = 3) -> tuple[float, int]:
    """The best of `repeat` runs (the machine may be busy with other work)."""
    best, found = float("inf"), []
    for _ in range(repeat if rule is not replaced_leads_before else 1):
        start = time.process_time()
        found = rule(content, SourceMap(), rendered)
        best = min(best, time.process_time() - start)
    return best, len(found)


def main(sizes: list[int]) -> None:
    print(f"{'N':>6} {'replaced-leads':>15} {'renamed-bodies':>15} {'as-of':>8} {'before':>9}")
    for n in sizes:
        content = programme(n)
        rendered = sheets(content)
        rules = [replaced_leads, renamed_bodies, as_of] + ([replaced_leads_before] if n <= 2000 else [])
        times = [timed(rule, content, rendered) for rule in rules]
        assert all(count == 0 for _, count in times), times
        print(f"{n:>6} " + " ".join(f"{seconds:>{w}.3f}s" for (seconds, _), w in
                                    zip(times, (14, 14, 7, 8))) + ("" if n <= 2000 else "  (too slow)"))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [84, 500, 2000])
