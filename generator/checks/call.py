"""The call's own rules, kept as data in `call.rules`: one rule per requirement."""

from __future__ import annotations

import datetime as dt

from generator.errors import WARNING, Finding
from generator.formatting import amount, short_date
from generator.model import CallRules, Content, Project
from generator.sources import SourceMap


def call_projects(content: Content, sources: SourceMap) -> list[Finding]:
    """The programme has as many projects as the call allows.

    Example: projects: the programme has 7 projects; the call allows 2 to 6
    Fix: add or merge projects to fit the call, or correct `call.rules` if it was copied wrong.
    """
    rules = content.call.rules
    if rules is None:
        return [sources.finding(("call",), "the call's rules are not recorded: nothing to check "
                                "the programme against", "add `rules:` to the call (projects, "
                                "maximum contribution...)", severity=WARNING)]
    count, low, high = len(content.projects), rules.min_projects, rules.max_projects
    if (low is None or count >= low) and (high is None or count <= high):
        return []
    extra = list(content.projects)[high] if high is not None and count > high else None
    return [sources.finding(("projects", extra) if extra else ("projects",),
                            f"the programme has {count} projects; the call allows "
                            f"{low if low is not None else 0} to {high if high is not None else 'any'}",
                            "add or merge projects to fit the call")]


def call_contribution(content: Content, sources: SourceMap) -> list[Finding]:
    """The projects ask for no more public contribution than the call's maximum for the area.

    Example: call.rules.max_contribution: the projects ask for 1.800.000,00 € of public contribution, more
        than the area's maximum of 1.700.000,00 €
    Fix: reduce the projects' `public_contribution` to fit; a warning names the projects with no budget yet.
    """
    rules = content.call.rules
    if rules is None or rules.max_contribution is None:
        return []
    budgets = [p.budget for p in content.projects.values() if p.budget is not None]
    findings = []
    if len(budgets) < len(content.projects):
        findings.append(sources.finding(
            ("projects",), f"{len(content.projects) - len(budgets)} project(s) have no budget: the "
                           "public contribution cannot be checked against the call's maximum",
            "add `budget:` to every project", severity=WARNING))
    total = sum((b.public_contribution for b in budgets), 0)
    if total > rules.max_contribution:
        findings.append(sources.finding(
            ("call", "rules", "max_contribution"),
            f"the projects ask for {amount(total)} of public contribution, more than the "
            f"area's maximum of {amount(rules.max_contribution)}",
            "reduce the projects' `public_contribution` to fit"))
    return findings


def call_partnership(content: Content, sources: SourceMap) -> list[Finding]:
    """Each project's lead and partnership meet the call: lead kinds, accreditations, Third Sector.

    Example: projects.ciao.partners: no partner of 'ciao' is accredited for servizi al lavoro
    Fix: add the partner the call requires, or correct the partners' `accreditations`; a warning names a
        partnership not recorded yet.
    """
    rules = content.call.rules
    if rules is None:
        return []
    findings = []
    for project_id, project in content.projects.items():
        lead = content.organisations.get(project.lead)
        if lead is None:
            continue
        if rules.lead_kinds and lead.kind not in rules.lead_kinds:
            findings.append(sources.finding(
                ("projects", project_id, "lead"),
                f"the lead {lead.name} is a {lead.kind}; the call wants one of: "
                f"{', '.join(rules.lead_kinds)}",
                "choose a lead of an admitted kind, or correct the lead's `kind`"))
        findings += _partnership(content, sources, project_id, project, rules)
    return findings


def _partnership(content: Content, sources: SourceMap, project_id: str, project: Project,
                 rules: CallRules) -> list[Finding]:
    """Errors for each partnership requirement a recorded partnership misses."""
    requirements = [f"a partner accredited for {a}" for a in rules.required_accreditations]
    if rules.third_sector_min_years is not None:
        requirements.append(f"a Third Sector partner with {rules.third_sector_min_years} years "
                            "of experience")
    if requirements and not project.partners:
        return [sources.finding(
            ("projects", project_id), f"the partnership of {project_id!r} is not recorded: the "
                                      f"call's requirements ({'; '.join(requirements)}) cannot be checked",
            "add `partners:` (organisation and role) to the project", severity=WARNING)]
    path = ("projects", project_id, "partners")
    ids = [project.lead] + [p.organisation for p in project.partners]
    bodies = [content.organisations[o] for o in ids if o in content.organisations]
    findings = [sources.finding(path, f"no partner of {project_id!r} is accredited for {accreditation}",
                                f"add an accredited partner, with `accreditations: [{accreditation}]`")
                for accreditation in rules.required_accreditations
                if not any(accreditation in b.accreditations for b in bodies)]
    years = rules.third_sector_min_years
    if years is None:
        return findings
    reference = content.call.deadline or content.call.published
    third = [b for b in bodies if b.third_sector_since is not None]
    if not third or reference is None:
        findings.append(sources.finding(
            path, f"no Third Sector partner of {project_id!r} has its experience recorded",
            "give the Third Sector partner `third_sector_since: YYYY-MM-DD`"))
    elif not any(_years(b.third_sector_since, reference) >= years for b in third):
        findings.append(sources.finding(
            path, f"the Third Sector partners of {project_id!r} have less than {years} years "
                  f"of experience at {short_date(reference)}",
            f"the call requires a partner with at least {years} years of experience"))
    return findings


def call_dates(content: Content, sources: SourceMap) -> list[Finding]:
    """The candidacy form is dated within the call: after its publication, by its deadline.

    Example: documents.formulario-candidatura.date: the form is dated 10/03/2020, after the call's deadline
        09/03/2020
    Fix: correct the form's date, or the call's `published`/`deadline` if they were copied wrong.
    """
    call = content.call
    findings = []
    for doc_id, form in content.documents.items():
        if form.kind != "formulario":
            continue
        if call.deadline and form.date > call.deadline:
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                f"the form is dated {short_date(form.date)}, after the call's deadline "
                f"{short_date(call.deadline)}", "the programme must be submitted by the deadline"))
        if call.published and form.date < call.published:
            findings.append(sources.finding(
                ("documents", doc_id, "date"),
                f"the form is dated {short_date(form.date)}, before the call was published "
                f"({short_date(call.published)})", "check the form's date"))
    return findings


def _years(since: dt.date, at: dt.date) -> int:
    return at.year - since.year - ((at.month, at.day) < (since.month, since.day))
