"""Indicators follow the regulation of the call's period; participants' data stay aggregate.

The common indicators and what their regulation fixes are data
(generator/model/common_indicators.py): the codes of the call's programming period, the
breakdowns of every figure on participants, indicators that count a subset of another's
participants and indicators a participant is counted in at most one of. A person's codice
fiscale is personal data: it belongs only to a person the deliverables name (a signatory),
never to monitoring figures, prose or anything else in the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from stdnum.it import codicefiscale

from generator.errors import Finding
from generator.messages import Message, _
from generator.model import Content
from generator.model.common_indicators import CATALOGUES, Catalogue, catalogue, period_of
from generator.sources import KeyPath, SourceMap
from generator.templating.filters.formatting import grouped

COMMON_CODE = re.compile(r"^(?:CO\d{2}|CR\d{2}|EEC[OR]\d{2})$", re.IGNORECASE)
"""What a common indicator's code looks like, in either period."""

SAME_INDICATOR = {"EECO02": "CO01", "EECO03": "CO02", "EECO04": "CO03", "EECO05": "CO05",
                  "EECO12": "CO16", "EECO16": "CO18", "EECO17": "CO19", "EECR02": "CR02",
                  "EECR03": "CR03", "EECR04": "CR04", "EECR05": "CR06", "EECR06": "CR07"}
"""Indicators of 2021-2027 that count what one of 2014-2020 counted (either way round)."""
SAME_INDICATOR |= {old: new for new, old in SAME_INDICATOR.items()}

DIMENSIONS = {"gender": _("gender"), "age": _("age band"), "status": _("status at entry")}
"""The breakdowns of a figure on participants, as a message names them."""

PERSON_CODE = re.compile(r"(?<![A-Z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}"
                         r"[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Z0-9])", re.IGNORECASE)
"""A person's codice fiscale (16 characters, the digits possibly replaced in a homocode)."""


def _period(content: Content) -> Catalogue | None:
    return catalogue(content.call.period)


def indicator_codes(content: Content, sources: SourceMap) -> list[Finding]:
    """A common indicator's code is one of the call's programming period, with its kind.

    Example: indicators.occupati.code: EECR04 is a common indicator of 2021-2027 (Regolamento
        (UE) 2021/1057), but the call is of 2014-2020
    Fix: use the code of the period's Annex (here CR04, Regolamento (UE) n. 1304/2013, Allegato I),
        or leave the code out for an indicator of the programme's own.
    """
    findings = []
    own = _period(content)
    for indicator_id, indicator in content.indicators.items():
        code = indicator.code
        if code is None or not COMMON_CODE.match(code):
            continue
        where = ("indicators", indicator_id, "code")
        period = period_of(code)
        if period is None:
            findings.append(sources.finding(where, _("{code} is not a common indicator of the ESF "
                                                     "(2014-2020) nor of the ESF+ (2021-2027)", code=code),
                                            _known(own)))
            continue
        if own is not None and period != own.period:
            same = SAME_INDICATOR.get(code)
            hint = (_("use {code} ({name}), its code in {source}", code=same, name=own.name(same),
                      source=own.source) if same else
                    _("use a code of {source}, or leave the code out for an indicator of the programme's "
                      "own", source=own.source))
            regulation = CATALOGUES[period].source.split(",")[0]
            findings.append(sources.finding(where, _("{code} is a common indicator of {period} "
                                                     "({regulation}), but the call is of {own}", code=code,
                                                     period=period, regulation=regulation, own=own.period),
                                            hint))
            continue
        kind = CATALOGUES[period].indicators[code].kind
        if indicator.kind != kind:
            findings.append(sources.finding(("indicators", indicator_id, "kind"),
                                            _("{code} is an indicator of {kind}, not of {declared}",
                                              code=code, kind=kind, declared=indicator.kind),
                                            _("write `kind: {kind}`", kind=kind)))
    return findings


def _known(own: Catalogue | None) -> Message:
    if own is None:
        return _("the call's period is not known: CO01-CO23 and CR01-CR09 (2014-2020), "
                 "EECO01-EECR06 (2021-2027)")
    codes = list(own.indicators)
    return _("the codes of {period} are {first}...{last} ({source})", period=own.period, first=codes[0],
             last=codes[-1], source=own.source)


def indicator_breakdowns(content: Content, sources: SourceMap) -> list[Finding]:
    """A breakdown of a value (gender, age, status) has the period's categories and adds up to it.

    Example: monitoring.s1.ciao.breakdowns.partecipanti.gender: women and men add up to 27, but
        28 participants are reported
    Fix: import the participants' sheet again (the breakdowns are computed from it); by hand,
        make each breakdown add up to the value of the period.
    """
    findings = []
    own = _period(content)
    for period_id, by_project in content.monitoring.items():
        for project_id, record in by_project.items():
            for indicator_id, breakdown in record.breakdowns.items():
                where: KeyPath = ("monitoring", period_id, project_id, "breakdowns", indicator_id)
                value = record.achieved.get(indicator_id)
                if value is None:
                    findings.append(sources.finding(where, _("a breakdown of {indicator} but no value of it "
                                                             "in the period", indicator=indicator_id),
                                                    _("import the sheet again")))
                    continue
                for dimension, categories in (("gender", own and own.genders),
                                              ("age", own and [b.id for b in own.ages]),
                                              ("status", own and own.statuses)):
                    counts: dict[str, Decimal] = getattr(breakdown, dimension)
                    if not counts:
                        continue
                    unknown = [c for c in counts if categories and c not in categories]
                    if unknown:
                        findings.append(sources.finding(
                            (*where, dimension, unknown[0]),
                            _("{category!r} is not a category of {dimension} in {period}",
                              category=unknown[0], dimension=DIMENSIONS[dimension], period=own.period)
                            if own else _("{category!r} is not a known category", category=unknown[0]),
                            _("the categories are: {categories}", categories=", ".join(categories or []))))
                    summed = sum(counts.values(), Decimal(0))
                    if summed != value:
                        findings.append(sources.finding(
                            (*where, dimension),
                            _("the breakdown by {dimension} adds up to {sum}, but the value of {indicator} "
                              "in the period is {value}", dimension=DIMENSIONS[dimension],
                              sum=grouped(summed), indicator=indicator_id, value=grouped(value)),
                            _("import the participants' sheet again")))
    return findings


def indicator_subsets(content: Content, sources: SourceMap) -> list[Finding]:
    """A common indicator counts no more than the one it is part of; exclusive ones, no more together.

    Example: monitoring.s1.ciao.achieved.disoccupati-lunga-durata: 12 long-term unemployed (CO02)
        but 9 unemployed (CO01)
    Fix: the long-term unemployed are counted among the unemployed (Annex I of the period's
        regulation); correct the sheet and import it again.
    """
    own = _period(content)
    if own is None:
        return []
    by_code = {i.code: i_id for i_id, i in content.indicators.items() if i.code in own.indicators}
    findings = []
    for period_id, by_project in content.monitoring.items():
        for project_id, record in by_project.items():
            values = record.achieved
            for code, indicator_id in by_code.items():
                whole = own.indicators[code].within
                whole_id = by_code.get(whole) if whole else None
                if whole_id is None or indicator_id not in values or whole_id not in values:
                    continue
                if values[indicator_id] > values[whole_id]:
                    findings.append(sources.finding(
                        ("monitoring", period_id, project_id, "achieved", indicator_id),
                        _("{count} counted as {code} but only {whole_count} as {whole}, which includes them",
                          count=grouped(values[indicator_id]), code=code,
                          whole_count=grouped(values[whole_id]), whole=whole),
                        _("{code} counts a subset of the participants of {whole} ({source})", code=code,
                          whole=whole, source=own.source)))
            findings += _exclusive(content, sources, own, by_code, period_id, project_id, values)
    return findings


def _exclusive(content: Content, sources: SourceMap, own: Catalogue, by_code: dict[str, str],
               period_id: str, project_id: str, values: dict[str, Decimal]) -> list[Finding]:
    """Indicators a participant is in one of at most: their sum never exceeds the indicator
    they are all part of."""
    findings = []
    for group in own.exclusive:
        ids = [by_code[c] for c in group if by_code.get(c) in values]
        parents = {content.indicators[i].part_of for i in ids}
        if len(ids) < 2 or len(parents) != 1 or None in parents:
            continue
        parent = next(iter(parents))
        if parent in values and sum(values[i] for i in ids) > values[parent]:
            summed = sum((values[i] for i in ids), Decimal(0))
            findings.append(sources.finding(
                ("monitoring", period_id, project_id, "achieved", ids[-1]),
                _("{codes} count {sum} participants, more than the {whole_count} of {whole}",
                  codes=" + ".join(content.indicators[i].code or i for i in ids), sum=grouped(summed),
                  whole_count=grouped(values[parent]), whole=parent),
                _("a participant is counted in one of {codes} at most ({source})", codes=", ".join(group),
                  source=own.source_of(group))))
    return findings


def personal_data(content: Content, sources: SourceMap) -> list[Finding]:
    """No person's codice fiscale in the content but as the `fiscal_code` of a person it names.

    Example: monitoring.s1.ciao.source.sheet: holds a person's codice fiscale (RSSMRA80A01F205X)
    Fix: monitoring figures are aggregates: import the participants' sheet with
        `fsegen import monitoring`, which keeps no name nor codice fiscale; elsewhere, remove it.
    """
    findings = []
    for path, text in _strings(content.model_dump(mode="python"), ()):
        if len(path) == 3 and path[0] == "people" and path[2] == "fiscal_code":
            continue  # the signatory's own, declared as such (checked by `identifiers`)
        for match in PERSON_CODE.finditer(text):
            if codicefiscale.is_valid(match.group()):
                masked = match.group()[:3].upper() + "*" * 13
                findings.append(sources.finding(
                    path, _("holds a person's codice fiscale ({masked}): personal data does not belong in "
                            "the content", masked=masked),
                    _("monitoring figures are imported as totals (fsegen import monitoring keeps no name nor "
                      "codice fiscale); a signatory's goes in `people: ... fiscal_code`")))
    return findings


def _strings(value: Any, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                yield from _strings(key, path)
            yield from _strings(item, (*path, key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))
