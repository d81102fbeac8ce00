"""The EU's support as a template sees it: `funding.emblem` and `funding.statement`.

Every deliverable of an operation the EU funds carries the Union's emblem with the statement
of its period beside it (generator/model/funding.py has the rules and the wording). The
templates place them at the top of the first page:

    {%p if funding %}
    {{ funding.emblem }} {{ funding.statement }}
    {%p endif %}

`funding` is false when the EU does not fund the call. Everything is read through the call's
view when the template asks, so each deliverable's record says it read them: the
`eu-visibility` rule (generator/checks/visibility.py) judges from that record and from the
printed text that the deliverable carries both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.context.drawings import Drawing
from generator.context.views import View
from generator.model import Call
from generator.templating.recording import current

EMBLEM_READ = ("call", "visibility", "emblem")
"""The read a deliverable records when its template places the emblem (the eu-visibility rule
of generator/checks/visibility.py looks for it)."""

EMBLEM_ALT = "Emblema dell'Unione europea"


class Emblem(Drawing):
    """The Union's emblem (twelve gold stars on a blue flag), drawn by fsegen where a Word
    template prints `{{ funding.emblem }}`, with its alternative text."""

    what = "the EU emblem"
    where = "{{ funding.emblem }}"

    def __init__(self) -> None:
        super().__init__("emblem", "Emblema dell'Unione europea", EMBLEM_ALT, ())

    def __html__(self) -> str:
        recorder = current()
        if recorder is not None and recorder.document_id:
            recorder.read(EMBLEM_READ)
        return super().__html__()


@dataclass(eq=False)
class Funding:
    """What a template prints to acknowledge the EU's support (false when the EU does not
    fund the call): `.emblem`, `.statement`, `.period`, `.fund`."""

    _call: View[Call] = field(repr=False)
    emblem: Emblem = field(default_factory=Emblem)
    """The Union's emblem, drawn where the Word template prints it."""

    @property
    def statement(self) -> str | None:
        """The statement beside the emblem: "Cofinanziato dall'Unione europea" (2021-2027),
        "Unione europea – Fondo sociale europeo" (2014-2020), or the call's own wording."""
        return self._call.eu_statement

    @property
    def period(self) -> str | None:
        """The programming period (2014-2020 or 2021-2027)."""
        return self._call.period

    @property
    def fund(self) -> str | None:
        """The fund's name in full ("Fondo sociale europeo Plus")."""
        return self._call.fund_name

    def __bool__(self) -> bool:
        return self.statement is not None


def drawings_of(context: Any) -> list[Drawing]:
    """The pictures a deliverable's template may place: the emblem, the report's charts."""
    found: list[Drawing] = []
    funding = getattr(context, "funding", None)
    if funding is not None:
        found.append(funding.emblem)
    report = getattr(context, "report", None)
    if report is not None:
        found += [report.charts.targets, report.charts.spending]
    return found
