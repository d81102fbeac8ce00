"""Who takes part, and how: partnerships against the call, roles, kinds of body."""

from __future__ import annotations

import datetime as dt
import difflib

from generator.errors import WARNING, Finding, did_you_mean
from generator.messages import Joined, Message, _, chained, ngettext
from generator.model import (
    KINDS,
    LEAD,
    PARTICIPATIONS,
    CallRules,
    Content,
    Organisation,
    PartnershipRequirement,
    Project,
)
from generator.sources import SourceMap
from generator.templating.filters.formatting import short_date


def call_partnership(content: Content, sources: SourceMap) -> list[Finding]:
    """Each project's lead and partnership meet the call: lead, composition, accreditations, Third Sector.

    The lead's kind and sector; at least N bodies of a kind or sector (counting the roles the
    call names); the accreditations; the years since the Third Sector registration.

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
        findings += _lead(sources, project_id, lead, rules)
        findings += _partnership(content, sources, project_id, project, rules)
    return findings


def _lead(sources: SourceMap, project_id: str, lead: Organisation, rules: CallRules) -> list[Finding]:
    path = ("projects", project_id, "lead")
    if rules.lead_kinds and lead.kind not in rules.lead_kinds:
        return [sources.finding(path, _("the lead {name} is a {kind}; the call wants one of: {kinds}",
                                        name=lead.name, kind=lead.kind, kinds=", ".join(rules.lead_kinds)),
                                _("choose a lead of an admitted kind, or correct the lead's `kind`"))]
    if rules.lead_sectors and lead.known_sector not in rules.lead_sectors:
        wanted = chained(list(rules.lead_sectors), "or")
        message = (_("the lead {name} is {sector}; the call wants a lead that is {sectors}", name=lead.name,
                     sector=lead.known_sector, sectors=wanted) if lead.known_sector else
                   _("the lead {name} is of no known sector; the call wants a lead that is {sectors}",
                     name=lead.name, sectors=wanted))
        return [sources.finding(path, message,
                                _("choose a lead of an admitted sector, or give the lead its `sector`"))]
    return []


def _requirements(rules: CallRules) -> list[Message]:
    requirements = [_("a partner accredited for {accreditation}", accreditation=a)
                    for a in rules.required_accreditations]
    if rules.third_sector_min_years is not None:
        requirements.append(_("a Third Sector partner with {years} years of experience",
                              years=rules.third_sector_min_years))
    return requirements + [_describe(r) for r in rules.partnership]


def _describe(requirement: PartnershipRequirement) -> Message:
    """"at least 1 public body", "at least 2 bodies of kind 'cooperativa sociale'"."""
    count = requirement.min
    if requirement.sector == "pubblico":
        bodies = ngettext("{count} public body", "{count} public bodies", count)
    elif requirement.sector == "privato":
        bodies = ngettext("{count} private body", "{count} private bodies", count)
    elif requirement.sector == "terzo settore":
        bodies = ngettext("{count} Third Sector body", "{count} Third Sector bodies", count)
    else:
        bodies = ngettext("{count} body", "{count} bodies", count)
    if requirement.kind:
        return _("at least {bodies} of kind {kind!r}", bodies=bodies, kind=requirement.kind)
    return _("at least {bodies}", bodies=bodies)


def _partnership(content: Content, sources: SourceMap, project_id: str, project: Project,
                 rules: CallRules) -> list[Finding]:
    """Errors for each partnership requirement a recorded partnership misses."""
    requirements = _requirements(rules)
    if requirements and not project.partners:
        return [sources.finding(
            ("projects", project_id), _("the partnership of {project!r} is not recorded: the call's "
                                        "requirements ({requirements}) cannot be checked",
                                        project=project_id, requirements=Joined(requirements, "; ")),
            _("add `partners:` (organisation and role) to the project"), severity=WARNING)]
    path = ("projects", project_id, "partners")
    ids = [project.lead] + [p.organisation for p in project.partners
                            if p.participation == "partner"]
    bodies = [content.organisations[o] for o in ids if o in content.organisations]
    findings = [sources.finding(path, _("no partner of {project!r} is accredited for {accreditation}",
                                        project=project_id, accreditation=accreditation),
                                _("add an accredited partner, with `accreditations: [{accreditation}]`",
                                  accreditation=accreditation))
                for accreditation in rules.required_accreditations
                if not any(accreditation in b.accredited_for for b in bodies)]
    findings += _composition(content, sources, project_id, project, rules)
    return findings + _third_sector(content, sources, project_id, bodies, rules)


def _composition(content: Content, sources: SourceMap, project_id: str, project: Project,
                 rules: CallRules) -> list[Finding]:
    findings = []
    members = [(LEAD, project.lead)] + [(p.participation, p.organisation) for p in project.partners]
    for index, requirement in enumerate(rules.partnership):
        found = {org_id for role, org_id in members if role in requirement.roles
                 and org_id in content.organisations
                 and (requirement.kind is None or content.organisations[org_id].kind == requirement.kind)
                 and (requirement.sector is None
                      or content.organisations[org_id].known_sector == requirement.sector)}
        if len(found) < requirement.min:
            findings.append(sources.finding(
                ("projects", project_id, "partners"),
                ngettext("the partnership of {project!r} has {count} such body among its {roles} members; "
                         "the call wants {wanted} (call.rules.partnership[{index}])",
                         "the partnership of {project!r} has {count} such bodies among its {roles} members; "
                         "the call wants {wanted} (call.rules.partnership[{index}])", len(found),
                         project=project_id, roles=chained(requirement.roles),
                         wanted=_describe(requirement), index=index),
                _("add the bodies the call requires, or correct their `kind` or `sector`")))
    return findings


def _third_sector(content: Content, sources: SourceMap, project_id: str, bodies: list[Organisation],
                  rules: CallRules) -> list[Finding]:
    years = rules.third_sector_min_years
    if years is None:
        return []
    path = ("projects", project_id, "partners")
    reference = content.call.final_deadline or content.call.published
    third = [b for b in bodies if b.third_sector_date is not None]
    if not third or reference is None:
        return [sources.finding(
            path, _("no Third Sector partner of {project!r} has its registration recorded",
                    project=project_id),
            _("give the Third Sector partner `third_sector: {{registry: RUNTS, since: YYYY-MM-DD}}`"))]
    if not any(_years(since, reference) >= years for b in third if (since := b.third_sector_date)):
        return [sources.finding(
            path, ngettext("the Third Sector partners of {project!r} have less than {count} year of "
                           "registration at {date}",
                           "the Third Sector partners of {project!r} have less than {count} years of "
                           "registration at {date}", years, project=project_id, date=short_date(reference)),
            ngettext("the call requires a partner registered for at least {count} year",
                     "the call requires a partner registered for at least {count} years", years))]
    return []


def _years(since: dt.date, at: dt.date) -> int:
    return at.year - since.year - ((at.month, at.day) < (since.month, since.day))


def roles(content: Content, sources: SourceMap) -> list[Finding]:
    """Each body takes part in a project once, and the referente is not the promoter.

    A way of taking part the phrases do not word is a warning that names the closest.

    Example: projects.sportelli.partners[1].organisation: 'comune-lodi' is already the lead of
        'sportelli': a body takes part in a project once
    Fix: keep one entry per body and project (the lead is not also a partner); leave out `referent:` when
        it is the promoter.
    """
    findings = []
    programme = content.programme
    if programme.referent is not None and programme.referent == programme.promoter:
        findings.append(sources.finding(
            ("programme", "referent"), _("the referente is the promoter itself"),
            _("remove `referent:`: it names a body other than the promoter"), severity=WARNING))
    for project_id, project in content.projects.items():
        seen: dict[str, Message] = {project.lead: _("the lead")}
        for index, partner in enumerate(project.partners):
            path = ("projects", project_id, "partners", index)
            if partner.organisation in seen:
                findings.append(sources.finding(
                    path + ("organisation",), _("{body!r} is already {role} of {project!r}: a body takes "
                                                "part in a project once", body=partner.organisation,
                                                role=seen[partner.organisation], project=project_id),
                    _("keep one entry for the body")))
            seen.setdefault(partner.organisation, _("a {participation}", participation=partner.participation))
            if partner.participation not in PARTICIPATIONS:
                close = difflib.get_close_matches(partner.participation, list(PARTICIPATIONS), n=1)
                findings.append(sources.finding(
                    path + ("participation",), _("{participation!r} is not a way of taking part the rules "
                                                 "know ({known})", participation=partner.participation,
                                                 known=", ".join(PARTICIPATIONS)),
                    did_you_mean(close, _("a word of your own prints as it is; the network_role macro of "
                                          "phrases.jinja words the known ones")),
                    severity=WARNING))
    return findings


def kinds(content: Content, sources: SourceMap) -> list[Finding]:
    """Every body's kind is one the rules know, or the body says its sector.

    Example: organisations.pellicano.kind: 'cooperativa socale' is not a kind the rules know, so its sector
        is unknown (did you mean 'cooperativa sociale'?)
    Fix: use a kind from docs/reference/kinds.md, or add `sector: pubblico | privato | terzo settore`.
    """
    findings = []
    for org_id, organisation in content.organisations.items():
        if organisation.kind in KINDS or organisation.sector is not None:
            continue
        close = difflib.get_close_matches(organisation.kind, list(KINDS), n=1)
        message = _("{kind!r} is not a kind the rules know, so its sector is unknown", kind=organisation.kind)
        if close:
            message = _("{message} (did you mean {close!r}?)", message=message, close=close[0])
        findings.append(sources.finding(
            ("organisations", org_id, "kind"), message,
            _("use a kind from docs/reference/kinds.md, or add `sector:` (pubblico, privato, terzo settore)"),
            severity=WARNING))
    return findings
