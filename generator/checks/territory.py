"""The projects cover the territory as the call wants: each district once, at least once, or freely."""

from __future__ import annotations

from generator.errors import Finding
from generator.messages import _
from generator.model import Content
from generator.sources import SourceMap


def coverage(content: Content, sources: SourceMap) -> list[Finding]:
    """Every district is covered as the call's `coverage` says (exactly-one, at-least-one, none).

    In exactly one project by default; in at least one when thematic projects may overlap;
    freely with `none`. A project with `whole_territory: true` covers every district.

    Example: districts.rho: district 'Rho' is in no project: the territory is not fully covered
    Fix: add the district to the `districts:` of the project that covers it, or remove it from the
        territory; under `exactly-one`, a district listed by two projects must be left in one (or the
        call's `rules.coverage` is `at-least-one`, if thematic projects may overlap).
    """
    rules = content.call.rules
    mode = rules.coverage if rules is not None else "exactly-one"
    if mode == "none" or not content.projects:
        return []
    findings = []
    owners: dict[str, list[str]] = {district_id: [] for district_id in content.districts}
    for project_id, project in content.projects.items():
        covered = list(content.districts) if project.whole_territory else project.districts
        for index, district_id in enumerate(covered):
            earlier = owners.setdefault(district_id, [])
            if earlier and mode == "exactly-one":
                path = ("projects", project_id, "whole_territory") if project.whole_territory \
                    else ("projects", project_id, "districts", index)
                findings.append(sources.finding(
                    path, _("district {district!r} is covered twice: by {first!r} and by {second!r}",
                            district=district_id, first=earlier[0], second=project_id),
                    _("leave each district in one project only, or set the call's `rules.coverage: "
                      "at-least-one` if its projects may overlap")))
            earlier.append(project_id)
    for district_id, district in content.districts.items():
        if not owners[district_id]:
            findings.append(sources.finding(
                ("districts", district_id),
                _("district {name!r} is in no project: the territory is not fully covered",
                  name=district.name),
                _("add it to the `districts:` of the project that covers it")))
    return findings
