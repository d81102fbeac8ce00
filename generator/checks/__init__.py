"""Consistency rules: plain functions in a plain list.

A rule reads the model and the source map, never a file: `(content, sources)` for
content rules, plus the templates' facts for template rules, plus the rendered
deliverables for output rules. Each returns findings. A rule's id, severity and
docstring are its documentation: the first line says what it checks, then
`Example:` (a finding) and `Fix:` lines; docs/reference/rules.md is generated from them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from generator.checks import (
    asof,
    budgets,
    call,
    claims,
    counts,
    dates,
    glossary,
    identifiers,
    indicators,
    monitoring,
    names,
    output,
    partnership,
    placeholders,
    projects,
    readiness,
    references,
    reports,
    requests,
    signatories,
    template_fields,
    templates,
    territory,
    timeline,
    visibility,
    wording,
)
from generator.checks.common import Rendered
from generator.errors import ERROR, WARNING, Finding
from generator.model import Content
from generator.sources import SourceMap
from generator.templating.templates import TemplateSet

__all__ = ["RULES", "Rendered", "Rule", "rules_table", "run_output_rules", "run_rules"]


@dataclass(frozen=True)
class Rule:
    """A registered rule: id, usual severity, stage (content, templates, output), the function."""

    id: str
    check: Callable[..., list[Finding]]
    stage: str = "content"
    severity: str = ERROR

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip()

    def doc_part(self, label: str) -> str:
        """The `Example:` or `Fix:` line of the docstring."""
        match = re.search(rf"^\s*{label}:\s*(.+?)(?=\n\s*\n|\n\s*[A-Z][a-z]+:|\Z)", self.doc,
                          re.MULTILINE | re.DOTALL)
        return " ".join(match.group(1).split()) if match else ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""


RULES: list[Rule] = [
    Rule("references", references.unresolved_references),
    Rule("templates", templates.templates, "templates"),
    Rule("template-fields", template_fields.template_fields, "templates"),
    Rule("outputs", references.one_output_per_path),
    Rule("item-texts", references.item_texts),
    Rule("identifiers", identifiers.identifiers),
    Rule("coverage", territory.coverage),
    Rule("counts", counts.counts),
    Rule("dates", dates.dates),
    Rule("lead-substitutions", dates.lead_substitutions),
    Rule("signatories", signatories.signatories),
    Rule("delegations", signatories.delegations),
    Rule("requests", requests.requests),
    Rule("one-name", names.one_name),
    Rule("articles", names.articles, severity=WARNING),
    Rule("call-projects", call.call_projects),
    Rule("call-contribution", call.call_contribution),
    Rule("call-partnership", partnership.call_partnership),
    Rule("call-dates", call.call_dates),
    Rule("typed-dates", dates.typed_dates),
    Rule("call-budgets", call.call_budgets),
    Rule("call-recipients", projects.call_recipients),
    Rule("call-duration", projects.call_duration),
    Rule("evaluations", projects.evaluations),
    Rule("roles", partnership.roles),
    Rule("kinds", partnership.kinds, severity=WARNING),
    Rule("budgets", budgets.budgets),
    Rule("glossary", glossary.acronyms),
    Rule("placeholders", placeholders.placeholders, severity=WARNING),
    Rule("monitoring-dates", monitoring.monitoring_dates),
    Rule("monitoring-spending", monitoring.monitoring_spending),
    Rule("monitoring-totals", monitoring.monitoring_totals),
    Rule("monitoring-coverage", monitoring.monitoring_coverage, severity=WARNING),
    Rule("monitoring-counts", monitoring.monitoring_counts),
    Rule("report-percentages", monitoring.typed_percentages),
    Rule("indicator-codes", indicators.indicator_codes),
    Rule("indicator-breakdowns", indicators.indicator_breakdowns),
    Rule("indicator-subsets", indicators.indicator_subsets),
    Rule("personal-data", indicators.personal_data),
    Rule("report-narrative", reports.report_narrative, severity=WARNING),
    Rule("claim-budgets", claims.claim_budgets),
    Rule("claim-periods", claims.claim_periods),
    Rule("simplified-costs", claims.simplified_costs),
    Rule("rendered-output", output.rendered_output, "output"),
    Rule("replaced-leads", output.replaced_leads, "output"),
    Rule("unshown-facts", wording.unshown_facts, "output"),
    Rule("typography", wording.typography, "output", WARNING),
    Rule("bare-names", wording.bare_names, "output", WARNING),
    Rule("one-wording", wording.one_wording, "output", WARNING),
    # The life of a programme: dated facts, deliverables true to their date, statuses.
    Rule("timeline", timeline.timeline),
    Rule("status", readiness.status),
    Rule("as-of", asof.as_of, "output"),
    Rule("renamed-bodies", output.renamed_bodies, "output"),
    Rule("definitivo", readiness.definitivo, "output"),
    # The EU's support, acknowledged on every deliverable of a funded operation.
    Rule("eu-visibility", visibility.eu_visibility, "output"),
]


def run_rules(content: Content, sources: SourceMap, found: TemplateSet) -> list[Finding]:
    """Every content and template rule's findings, stamped with the rule's id."""
    findings = []
    for registered in RULES:
        if registered.stage == "content":
            findings += [replace(f, rule=registered.id) for f in registered.check(content, sources)]
        elif registered.stage == "templates":
            findings += [replace(f, rule=registered.id)
                         for f in registered.check(content, sources, found)]
    return findings


def run_output_rules(content: Content, sources: SourceMap, rendered: list[Rendered]) -> list[Finding]:
    """Every output rule's findings over the rendered deliverables."""
    return [replace(f, rule=r.id) for r in RULES if r.stage == "output"
            for f in r.check(content, sources, rendered)]


def rules_table() -> str:
    """The Markdown table of rules (docs/reference/rules.md), generated from the rules' docstrings."""
    rows = ["| rule | checks | example finding | how to fix |", "|---|---|---|---|"]
    for registered in RULES:
        cells = [f"`{registered.id}`", registered.summary, registered.doc_part("Example"),
                 registered.doc_part("Fix")]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)
