"""The call's own rules, kept as data in `call.rules`."""

from __future__ import annotations

import datetime as dt

from generator.checks import rule
from generator.errors import WARNING, Finding
from generator.formatting import amount, short_date
from generator.loading import Loaded


@rule("call-rules")
def call_rules(loaded: Loaded) -> list[Finding]:
    """The programme meets the call: number of projects, public contribution, partnership, deadline.

    Example: projects: the programme has 7 projects; the call allows 2 to 6
    Fix: change the programme to meet the call, or correct `call.rules` if it was copied wrong; a warning names a fact the content does not record yet.
    """
    content = loaded.content
    call = content.call
    rules = call.rules
    findings = []
    source = loaded.sources
    if rules is None:
        return [source.finding(("call",), "the call's rules are not recorded: nothing to check the programme against",
                               "add `rules:` to the call (projects, maximum contribution...)", severity=WARNING)]
    count = len(content.projects)
    low, high = rules.min_projects, rules.max_projects
    if (low is not None and count < low) or (high is not None and count > high):
        extra = list(content.projects)[high] if high is not None and count > high else None
        findings.append(source.finding(
            ("projects", extra) if extra else ("projects",),
            f"the programme has {count} projects; the call allows "
                           f"{low if low is not None else 0} to {high if high is not None else 'any'}",
            "add or merge projects to fit the call"))
    budgets = [p.budget for p in content.projects.values() if p.budget is not None]
    if rules.max_contribution is not None:
        if len(budgets) < count:
            findings.append(source.finding(
                ("projects",), f"{count - len(budgets)} project(s) have no budget: the public "
                               "contribution cannot be checked against the call's maximum",
                "add `budget:` to every project", severity=WARNING))
        total = sum((b.public_contribution for b in budgets), 0)
        if total > rules.max_contribution:
            findings.append(source.finding(
                ("call", "rules", "max_contribution"),
                f"the projects ask for {amount(total)} of public contribution, more than the "
                f"area's maximum of {amount(rules.max_contribution)}",
                "reduce the projects' `public_contribution` to fit"))
    for project_id, project in content.projects.items():
        path = ("projects", project_id)
        lead = content.organisations.get(project.lead)
        if lead is None:
            continue
        if rules.lead_kinds and lead.kind not in rules.lead_kinds:
            findings.append(source.finding(
                path + ("lead",), f"the lead {lead.name} is a {lead.kind}; the call wants one of: "
                                  f"{', '.join(rules.lead_kinds)}",
                "choose a lead of an admitted kind, or correct the lead's `kind`"))
        requirements = [f"a partner accredited for {a}" for a in rules.required_accreditations]
        if rules.third_sector_min_years is not None:
            requirements.append(f"a Third Sector partner with {rules.third_sector_min_years} "
                                "years of experience")
        if requirements and not project.partners:
            findings.append(source.finding(
                path, f"the partnership of {project_id!r} is not recorded: the call's requirements "
                      f"({'; '.join(requirements)}) cannot be checked",
                "add `partners:` (organisation and role) to the project", severity=WARNING))
            continue
        findings += _partnership(loaded, project_id, project, rules)
    forms = [(doc_id, d) for doc_id, d in content.documents.items() if d.kind == "formulario"]
    for doc_id, form in forms:
        if call.deadline and form.date > call.deadline:
            findings.append(source.finding(
                ("documents", doc_id, "date"),
                f"the form is dated {short_date(form.date)}, after the call's deadline "
                f"{short_date(call.deadline)}", "the programme must be submitted by the deadline"))
        if call.published and form.date < call.published:
            findings.append(source.finding(
                ("documents", doc_id, "date"),
                f"the form is dated {short_date(form.date)}, before the call was published "
                f"({short_date(call.published)})", "check the form's date"))
    return findings


def _partnership(loaded: Loaded, project_id: str, project, rules) -> list[Finding]:
    """Errors for each partnership requirement of the call a recorded partnership misses."""
    content = loaded.content
    path = ("projects", project_id, "partners")
    ids = [project.lead] + [p.organisation for p in project.partners]
    bodies = [content.organisations[o] for o in ids if o in content.organisations]
    findings = []
    for accreditation in rules.required_accreditations:
        if not any(accreditation in b.accreditations for b in bodies):
            findings.append(loaded.sources.finding(
                path, f"no partner of {project_id!r} is accredited for {accreditation}",
                f"add an accredited partner, with `accreditations: [{accreditation}]`"))
    years = rules.third_sector_min_years
    if years is not None:
        reference = content.call.deadline or content.call.published
        third = [b for b in bodies if b.third_sector_since is not None]
        if not third or reference is None:
            findings.append(loaded.sources.finding(
                path, f"no Third Sector partner of {project_id!r} has its experience recorded",
                "give the Third Sector partner `third_sector_since: YYYY-MM-DD`"))
        elif not any(_years(b.third_sector_since, reference) >= years for b in third):
            findings.append(loaded.sources.finding(
                path, f"the Third Sector partners of {project_id!r} have less than {years} years "
                      f"of experience at {short_date(reference)}",
                f"the call requires a partner with at least {years} years of experience"))
    return findings


def _years(since: dt.date, at: dt.date) -> int:
    return at.year - since.year - ((at.month, at.day) < (since.month, since.day))
