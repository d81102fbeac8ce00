"""The preview's pages as HTML: the index of the deliverables and a deliverable's page.

Every text that comes from the content, the templates or a finding is escaped here
(the document itself arrives escaped from generator/rendering/html.py). The part of a
page that changes with each build is `<main id="live" data-generation="N">`: the
script swaps it when a newer build is announced.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from generator.errors import ERROR, WARNING, Finding
from generator.serve.preview import Page, Preview

FindingLink = Callable[[Finding], str | None]


@dataclass(frozen=True)
class Good:
    """The last rendering of a deliverable that built, and when."""

    page: Page
    at: float
    generation: int


@dataclass(frozen=True)
class View:
    """What the pages show: the latest build and the last good rendering of each deliverable."""

    generation: int
    preview: Preview
    good: dict[str, Good]
    order: tuple[str, ...]
    at: float

    @property
    def has_errors(self) -> bool:
        return self.preview.failed or any(f.severity == ERROR for f in self.preview.findings)

    def title(self, output_id: str) -> str | None:
        page = self.preview.pages.get(output_id) or (self.good[output_id].page
                                                     if output_id in self.good else None)
        return page.title if page is not None else None


def layout(title: str, programme: str, body: str) -> str:
    """A whole page around its live part."""
    return ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · fsegen</title>"
            '<link rel="stylesheet" href="/_/fsegen.css"><script src="/_/fsegen.js" defer></script>'
            '</head><body><header class="bar"><a class="home" href="/">fsegen serve</a>'
            f'<span class="crumb">{escape(programme)}</span>'
            '<span id="live-state" class="state">connecting…</span></header>'
            f"{body}</body></html>")


def _clock(when: float) -> str:
    return dt.datetime.fromtimestamp(when).strftime("%H:%M:%S")


def counts(errors: int, warnings: int) -> str:
    parts = []
    for number, kind in ((errors, ERROR), (warnings, WARNING)):
        if number:
            parts.append(f'<span class="count {kind}">{number} {kind}{"s" if number > 1 else ""}</span>')
    return " ".join(parts) or '<span class="count none">no findings</span>'


def findings_list(items: list[tuple[int, Finding]], link: FindingLink, shown: set[str]) -> str:
    """Findings, each with file:line (a link that opens the editor), message, hint and field."""
    if not items:
        return '<p class="note">Nothing to report.</p>'
    out = ['<ul class="findings">']
    for number, finding in items:
        where = escape(finding.location() or "(the whole programme)")
        href = link(finding)
        where = f'<a class="where" href="{escape(href)}">{where}</a>' if href else \
            f'<span class="where">{where}</span>'
        hint = f'<p class="hint">{escape(finding.hint)}</p>' if finding.hint else ""
        field = f" · <code>{escape(finding.path)}</code>" if finding.path else ""
        show = (f' · <button type="button" data-show="f{number}">show in the page</button>'
                if f"f{number}" in shown else "")
        out.append(f'<li class="finding {escape(finding.severity)}" id="f{number}">'
                   f'<span class="severity">{escape(finding.severity)}</span>{where}'
                   f'<p class="message">{escape(finding.message)}</p>{hint}'
                   f'<span class="meta">{escape(finding.rule)}{field}{show}</span></li>')
    return "".join(out) + "</ul>"


def index_page(view: View, link: FindingLink) -> str:
    """Every deliverable with its status and counts, then the programme's own findings."""
    preview = view.preview
    rows = []
    for output_id in view.order:
        page = preview.pages.get(output_id) or (view.good[output_id].page if output_id in view.good
                                                else None)
        title, status = (page.title, page.status) if page is not None else (output_id, "bozza")
        found = counts(page.errors, page.warnings) if page is not None and output_id in preview.pages \
            else "not rebuilt"
        rows.append(
            f'<tr data-id="{escape(output_id)}"><td><a href="/d/{escape(output_id)}">'
            f"{escape(title)}</a></td><td><code>{escape(output_id)}.docx</code></td>"
            f'<td><span class="status {escape(status)}">{escape(status)}</span></td><td>{found}</td></tr>')
    failure = (_failure(view, "The content does not build now", None)
               + f'<div class="failure">{findings_list(preview.general, link, set())}</div>'
               if preview.failed else "")
    general = "" if preview.failed else (
        '<section class="programme"><h2>The whole programme</h2>'
        f"{findings_list(preview.general, link, set())}</section>")
    body = (f'<main id="live" data-generation="{view.generation}"><div class="toolbar">'
            f"<h1>{escape(preview.programme or 'Deliverables')}</h1></div>"
            f'<p class="note">{len(view.order)} deliverables; {_built(view)}.</p>{failure}'
            '<table class="deliverables"><thead><tr><th>Deliverable</th><th>File</th><th>Status</th>'
            f'<th>Findings</th></tr></thead><tbody>{"".join(rows)}</tbody></table>{general}</main>')
    return layout("Deliverables", preview.programme, body)


def _built(view: View) -> str:
    preview = view.preview
    state = "failed" if preview.failed else "built"
    return f"{state} at {_clock(view.at)} in {preview.seconds:.1f} s"


def _failure(view: View, heading: str, output_id: str | None) -> str:
    good = view.good.get(output_id) if output_id else None
    last = (f' The last good rendering, built at {_clock(good.at)}, '
            f'<a class="last-good" href="/d/{escape(output_id)}/last-good">stays reachable</a>.'
            if good and output_id else "")
    return (f'<div class="failure"><h2>{escape(heading)}</h2><p>Fix the problems below and save: '
            f"the page updates by itself.{last}</p></div>")


def deliverable_page(view: View, output_id: str, link: FindingLink) -> str:
    """The document beside its findings; the findings alone when it does not build now."""
    preview = view.preview
    page = preview.pages.get(output_id)
    title = view.title(output_id) or output_id
    if page is None or page.html is None:
        items = list(page.findings) if page is not None else preview.general
        heading = "This deliverable does not build now" if page is not None else \
            "The content does not build now"
        main = (f"{_failure(view, heading, output_id)}<div class=\"failure\">"
                f"{findings_list(items, link, set())}</div>")
        toolbar = _toolbar(view, output_id, title, page, downloads=False)
    else:
        shown = {name for names in re.findall(r'data-findings="([^"]*)"', page.html)
                 for name in names.split()}
        general = preview.general
        aside = (f"<h2>This deliverable ({len(page.findings)})</h2>"
                 f"{findings_list(list(page.findings), link, shown)}"
                 f"<h2>The whole programme ({len(general)})</h2>{findings_list(general, link, shown)}")
        main = (f'<div class="layout"><section class="sheet" lang="it">{page.html}</section>'
                f'<aside class="findings">{aside}</aside></div>')
        toolbar = _toolbar(view, output_id, title, page, downloads=True)
    body = f'<main id="live" data-generation="{view.generation}">{toolbar}{main}</main>'
    errors = page.errors if page is not None else sum(f.severity == ERROR for f in preview.findings)
    return layout(f"({errors} error{'s' if errors > 1 else ''}) {title}" if errors else title,
                  preview.programme, body)


def _neighbours(view: View, output_id: str) -> str:
    """Links to all the deliverables, and to the one before and after this one."""
    links = ['<a href="/">All deliverables</a>']
    index = view.order.index(output_id) if output_id in view.order else -1
    for step, label in ((-1, "‹ {}"), (1, "{} ›")):
        other = index + step
        if index >= 0 and 0 <= other < len(view.order):
            name = view.order[other]
            links.append(f'<a href="/d/{escape(name)}" title="{escape(view.title(name) or name)}">'
                         f"{escape(label.format(name))}</a>")
    return f'<nav class="neighbours">{" · ".join(links)}</nav>'


def _toolbar(view: View, output_id: str, title: str, page: Page | None, downloads: bool) -> str:
    status = page.status if page is not None else "bozza"
    counts_html = counts(page.errors, page.warnings) if page is not None else ""
    quoted = escape(output_id)
    if downloads:
        buttons = (f'<a class="button" href="/d/{quoted}/docx">Download .docx</a>'
                   f'<a class="button" href="/d/{quoted}/pdf">Download PDF/A</a>')
    else:
        buttons = ('<span class="button disabled">Download .docx</span>'
                   '<span class="button disabled">Download PDF/A</span>')
    note = ("The content has errors: a download is a draft, stamped BOZZA on every page "
            "(as <code>fsegen build --draft</code>). " if view.has_errors and downloads else "")
    return (f'{_neighbours(view, output_id)}<div class="toolbar"><h1 class="title">{escape(title)}</h1>'
            f'<span class="status {escape(status)}">{escape(status)}</span>{counts_html}{buttons}</div>'
            f'<p class="note">{note}<code>{quoted}.docx</code>, {_built(view)}.</p>')


def last_good_page(view: View, output_id: str, link: FindingLink) -> str:
    """The last rendering of a deliverable that built, marked as such."""
    good = view.good[output_id]
    page = good.page
    body = (f'<main class="last-good"><div class="toolbar">'
            f'<h1 class="title">{escape(page.title)}</h1><span class="status">last good rendering</span>'
            f'</div><p class="note">Built at {_clock(good.at)}; the content has changed since. '
            f'<a href="/d/{escape(output_id)}">Back to the current state</a>.</p>'
            f'<div class="layout"><section class="sheet" lang="it">{page.html}</section>'
            f'<aside class="findings"><h2>Its findings then</h2>'
            f"{findings_list(list(page.findings), link, set())}</aside></div></main>")
    return layout(f"{page.title} (last good)", view.preview.programme, body)


def message_page(view: View, title: str, message: str, findings: list[Finding],
                 link: FindingLink) -> str:
    """An error page: a download that could not be built, an unknown deliverable."""
    items = list(enumerate(findings))
    body = (f'<main><div class="failure">'
            f"<h2>{escape(title)}</h2><p>{escape(message)}</p>{findings_list(items, link, set())}"
            '<p><a href="/">All deliverables</a></p></div></main>')
    return layout(title, view.preview.programme, body)
