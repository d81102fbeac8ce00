"""The projects cover the territory: every district in exactly one project."""

from __future__ import annotations

from generator.errors import Finding
from generator.model import Content
from generator.sources import SourceMap


def coverage(content: Content, sources: SourceMap) -> list[Finding]:
    """Every district (ambito) of the territory is in exactly one project.

    Example: districts.rho: district 'Rho' is in no project
    Fix: add the district to the `districts:` of the project that covers it, or remove
    it from the territory; a district listed by two projects must be left in one.
    """
    findings = []
    owner: dict[str, str] = {}
    for project_id, project in content.projects.items():
        for index, district_id in enumerate(project.districts):
            if district_id in owner:
                findings.append(sources.finding(
                    ("projects", project_id, "districts", index),
                    f"district {district_id!r} is covered twice: by {owner[district_id]!r} "
                    f"and by {project_id!r}",
                    "leave each district in one project only"))
            else:
                owner[district_id] = project_id
    for district_id, district in content.districts.items():
        if district_id not in owner and content.projects:
            findings.append(sources.finding(
                ("districts", district_id),
                f"district {district.name!r} is in no project: the territory is not fully covered",
                "add it to the `districts:` of the project that covers it"))
    return findings
