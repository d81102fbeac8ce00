"""Which projects work in each district: `covering[d.id]`, computed once per day of a build.

A table of districts that lists, for each, the projects covering it would otherwise filter
every project for every district (districts × projects reads: 2 million at a thousand
projects). The map is computed once, from the projects as they stood on the day, with its
reads in a record of its own; every deliverable that looks at it is told those reads once
(the projects' districts and `whole_territory`, the membership of the projects), so its
cache keys and its lifecycle notes are what filtering the projects itself would give.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from generator.templating.recording import Recorder, current, recording

if TYPE_CHECKING:
    from generator.context.views import Collection, View
    from generator.model import District, Project


class Covering:
    """District id -> the projects that work there (those covering the whole territory too),
    in content order: `{% for p in covering[d.id] %}`; an unknown id has none."""

    def __init__(self, projects: Collection[Project], districts: Collection[District]):
        self._projects = projects
        self._districts = districts
        self._map: dict[str, list[View[Project]]] | None = None
        self._record = Recorder("covering")
        self._told: dict[int, Recorder] = {}
        """The recorders already told the map's reads (held, so that no id is reused)."""

    def __getitem__(self, district: object) -> list[View[Project]]:
        """`covering[d.id]` or `covering[d]`: whatever a template gives is looked up as it is."""
        key: Any = district if isinstance(district, str) else getattr(district, "id", district)
        if self._map is None:
            with recording(self._record):
                self._map = self._compute()
        self._tell(current())
        return list(self._map.get(key, []))

    def _compute(self) -> dict[str, list[View[Project]]]:
        every = [d.id for d in self._districts]
        result: dict[str, list[View[Project]]] = {district_id: [] for district_id in every}
        for project in self._projects:
            covered = every if project.whole_territory else [d.id for d in project.districts]
            for district_id in covered:
                result.setdefault(district_id, []).append(project)
        return result

    def _tell(self, recorder: Recorder | None) -> None:
        """Give `recorder` the reads the map was computed from, once, as read where it is now."""
        if recorder is None or id(recorder) in self._told:
            return
        self._told[id(recorder)] = recorder
        source, where = self._record, recorder.where or ""
        recorder.keys.update(source.keys)
        if not recorder.document_id:
            return
        for path in source.reads:
            recorder.reads.setdefault(path, where)
        for path in source.empty:
            recorder.empty.setdefault(path, where)
        for path in source.illustrative:
            recorder.illustrative.setdefault(path, where)
        for path, anachronism in source.anachronisms.items():
            recorder.anachronisms.setdefault(path, replace(anachronism, where=where))

    def __repr__(self) -> str:
        return "Covering(district id -> projects)"
