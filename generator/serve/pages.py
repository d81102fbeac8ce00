"""The preview's pages as HTML: the index of the deliverables and a deliverable's page.

Every text that comes from the content, the templates or a finding is escaped here
(the document itself arrives escaped from generator/rendering/html.py). The part of a
page that changes with each build is `<main id="live" data-generation="N">`: the
script swaps it when a newer build is announced. Every label is in the reader's language
(`Words`: the language of `fsegen serve`, and field paths as that reader says them); the
script's own labels travel in the page (`data-labels` on `<body>`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from generator.content.words import Words
from generator.errors import ERROR, WARNING, Finding
from generator.messages import _, language, ngettext
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


CONNECTING, NO_FINDINGS, NOTHING = _("connecting…"), _("no findings"), _("Nothing to report.")
SHOW, WHOLE, ALL = _("show in the page"), _("The whole programme"), _("All deliverables")
BUILDING, REACHABLE = _("Building the first preview…"), _("stays reachable")
LAST_GOOD, BACK, THEN = _("last good rendering"), _("Back to the current state"), _("Its findings then")
"""Labels of the pages (kept out of the f-strings, where Babel's extraction cannot see them)."""

SCRIPT_LABELS = {"ok": _("live"), "busy": _("rebuilding…"), "down": _("disconnected"),
                 "failed": _("update failed")}
"""What the script says of the connection, by state."""


def english() -> Words:
    return Words(language())


def layout(title: str, programme: str, body: str, words: Words | None = None) -> str:
    """A whole page around its live part."""
    say = (words or english()).language
    labels = escape(json.dumps({k: say.text(v) for k, v in SCRIPT_LABELS.items()}, ensure_ascii=False))
    return (f'<!doctype html><html lang="{say.code}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)} · fsegen</title>"
            '<link rel="stylesheet" href="/_/fsegen.css"><script src="/_/fsegen.js" defer></script>'
            f'</head><body data-labels="{labels}"><header class="bar">'
            '<a class="home" href="/">fsegen serve</a>'
            f'<span class="crumb">{escape(programme)}</span>'
            f'<span id="live-state" class="state">{escape(say.text(CONNECTING))}</span></header>'
            f"{body}</body></html>")


def _clock(when: float) -> str:
    return dt.datetime.fromtimestamp(when).strftime("%H:%M:%S")


def counts(errors: int, warnings: int, words: Words | None = None) -> str:
    say = (words or english()).language.text
    parts = []
    for number, kind in ((errors, ERROR), (warnings, WARNING)):
        if number:
            text = say(ngettext("{count} error", "{count} errors", number) if kind == ERROR else
                       ngettext("{count} warning", "{count} warnings", number))
            parts.append(f'<span class="count {kind}">{escape(text)}</span>')
    return " ".join(parts) or f'<span class="count none">{escape(say(NO_FINDINGS))}</span>'


SEVERITIES = {ERROR: _("error"), WARNING: _("warning")}


def findings_list(items: list[tuple[int, Finding]], link: FindingLink, shown: set[str],
                  words: Words | None = None) -> str:
    """Findings, each with file:line (a link that opens the editor), message, hint and field."""
    words = words or english()
    say = words.language.text
    if not items:
        return f'<p class="note">{escape(say(NOTHING))}</p>'
    out = ['<ul class="findings">']
    for number, finding in items:
        where = escape(finding.location() or say(_("(the whole programme)")))
        href = link(finding)
        where = f'<a class="where" href="{escape(href)}">{where}</a>' if href else \
            f'<span class="where">{where}</span>'
        hint = f'<p class="hint">{escape(say(finding.hint))}</p>' if finding.hint else ""
        field = (f' · <code title="{escape(finding.path)}">{escape(words(finding.path))}</code>'
                 if finding.path else "")
        show = (f' · <button type="button" data-show="f{number}">{escape(say(SHOW))}'
                "</button>" if f"f{number}" in shown else "")
        severity = say(SEVERITIES.get(finding.severity, finding.severity))
        out.append(f'<li class="finding {escape(finding.severity)}" id="f{number}">'
                   f'<span class="severity">{escape(severity)}</span>{where}'
                   f'<p class="message">{escape(say(finding.message))}</p>{hint}'
                   f'<span class="meta">{escape(finding.rule)}{field}{show}</span></li>')
    return "".join(out) + "</ul>"


def index_page(view: View, link: FindingLink, words: Words | None = None) -> str:
    """Every deliverable with its status and counts, then the programme's own findings."""
    words = words or english()
    say = words.language.text
    preview = view.preview
    rows = []
    for output_id in view.order:
        page = preview.pages.get(output_id) or (view.good[output_id].page if output_id in view.good
                                                else None)
        title, status = (page.title, page.status) if page is not None else (output_id, "bozza")
        found = counts(page.errors, page.warnings, words) if page is not None and output_id in preview.pages \
            else escape(say(_("not rebuilt")))
        rows.append(
            f'<tr data-id="{escape(output_id)}"><td><a href="/d/{escape(output_id)}">'
            f"{escape(title)}</a></td><td><code>{escape(output_id)}.docx</code></td>"
            f'<td><span class="status {escape(status)}">{escape(status)}</span></td><td>{found}</td></tr>')
    failure = (_failure(view, _("The content does not build now"), None, words)
               + f'<div class="failure">{findings_list(preview.general, link, set(), words)}</div>'
               if preview.failed else "")
    general = "" if preview.failed else (
        f'<section class="programme"><h2>{escape(say(WHOLE))}</h2>'
        f"{findings_list(preview.general, link, set(), words)}</section>")
    heads = "".join(f"<th>{escape(say(head))}</th>"
                    for head in (_("Deliverable"), _("File"), _("Status"), _("Findings")))
    note = say(ngettext("{count} deliverable; {built}.", "{count} deliverables; {built}.", len(view.order),
                        built=_built(view)))
    body = (f'<main id="live" data-generation="{view.generation}"><div class="toolbar">'
            f"<h1>{escape(preview.programme or say(_('Deliverables')))}</h1></div>"
            f'<p class="note">{escape(note)}</p>{failure}'
            f'<table class="deliverables"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table>{general}</main>")
    return layout(say(_("Deliverables")), preview.programme, body, words)


def building_page(view: View, words: Words | None = None) -> str:
    """What every page shows until the first build is published: it then shows itself (the
    script swaps the live part when the build is announced)."""
    say = (words or english()).language.text
    note = say(_("fsegen is reading the content and rendering every deliverable: this page shows "
                 "them by itself as soon as they are ready."))
    body = (f'<main id="live" data-generation="{view.generation}"><div class="toolbar">'
            f'<h1>{escape(say(BUILDING))}</h1></div><p class="note">'
            f"{escape(note)}</p></main>")
    return layout(say(BUILDING), "", body, words)


def _built(view: View):
    preview = view.preview
    if view.generation == 0:
        return _("building the first preview…")
    values = {"clock": _clock(view.at), "seconds": f"{preview.seconds:.1f}"}
    return (_("failed at {clock} in {seconds} s", **values) if preview.failed
            else _("built at {clock} in {seconds} s", **values))


def _failure(view: View, heading: object, output_id: str | None, words: Words | None = None) -> str:
    say = (words or english()).language.text
    good = view.good.get(output_id) if output_id else None
    last = ""
    if good and output_id:
        link = (f'<a class="last-good" href="/d/{escape(output_id)}/last-good">'
                f'{escape(say(REACHABLE))}</a>')
        last = " " + escape(say(_("The last good rendering, built at {clock}, {link}.",
                                  clock=_clock(good.at), link="\0"))).replace("\0", link)
    fix = say(_("Fix the problems below and save: the page updates by itself."))
    return f'<div class="failure"><h2>{escape(say(heading))}</h2><p>{escape(fix)}{last}</p></div>'



def deliverable_page(view: View, output_id: str, link: FindingLink, words: Words | None = None) -> str:
    """The document beside its findings; the findings alone when it does not build now."""
    words = words or english()
    say = words.language.text
    preview = view.preview
    page = preview.pages.get(output_id)
    title = view.title(output_id) or output_id
    if page is None or page.html is None:
        items = list(page.findings) if page is not None else preview.general
        heading = _("This deliverable does not build now") if page is not None else \
            _("The content does not build now")
        main = (f"{_failure(view, heading, output_id, words)}<div class=\"failure\">"
                f"{findings_list(items, link, set(), words)}</div>")
        toolbar = _toolbar(view, output_id, title, page, False, words)
    else:
        shown = {name for names in re.findall(r'data-findings="([^"]*)"', page.html)
                 for name in names.split()}
        general = preview.general
        mine = say(_("This deliverable ({count})", count=len(page.findings)))
        whole = say(_("The whole programme ({count})", count=len(general)))
        aside = (f"<h2>{escape(mine)}</h2>{findings_list(list(page.findings), link, shown, words)}"
                 f"<h2>{escape(whole)}</h2>{findings_list(general, link, shown, words)}")
        main = (f'<div class="layout"><section class="sheet" lang="it">{page.html}</section>'
                f'<aside class="findings">{aside}</aside></div>')
        toolbar = _toolbar(view, output_id, title, page, True, words)
    body = f'<main id="live" data-generation="{view.generation}">{toolbar}{main}</main>'
    errors = page.errors if page is not None else sum(f.severity == ERROR for f in preview.findings)
    count = ngettext("{count} error", "{count} errors", errors)
    shown_title = say(_("({errors}) {title}", title=title, errors=count)) if errors else title
    return layout(shown_title, preview.programme, body, words)


def _neighbours(view: View, output_id: str, words: Words | None = None) -> str:
    """Links to all the deliverables, and to the one before and after this one."""
    say = (words or english()).language.text
    links = [f'<a href="/">{escape(say(ALL))}</a>']
    index = view.order.index(output_id) if output_id in view.order else -1
    for step, label in ((-1, "‹ {}"), (1, "{} ›")):
        other = index + step
        if index >= 0 and 0 <= other < len(view.order):
            name = view.order[other]
            links.append(f'<a href="/d/{escape(name)}" title="{escape(view.title(name) or name)}">'
                         f"{escape(label.format(name))}</a>")
    return f'<nav class="neighbours">{" · ".join(links)}</nav>'


def _toolbar(view: View, output_id: str, title: str, page: Page | None, downloads: bool,
             words: Words | None = None) -> str:
    say = (words or english()).language.text
    status = page.status if page is not None else "bozza"
    counts_html = counts(page.errors, page.warnings, words) if page is not None else ""
    quoted = escape(output_id)
    docx, pdf = escape(say(_("Download .docx"))), escape(say(_("Download PDF/A")))
    if downloads:
        buttons = (f'<a class="button" href="/d/{quoted}/docx">{docx}</a>'
                   f'<a class="button" href="/d/{quoted}/pdf">{pdf}</a>')
    else:
        buttons = (f'<span class="button disabled">{docx}</span>'
                   f'<span class="button disabled">{pdf}</span>')
    note = ""
    if view.has_errors and downloads:
        note = escape(say(_("The content has errors: a download is a draft, stamped BOZZA on every "
                            "page (as {command}). ", command="\0")))
        note = note.replace("\0", "<code>fsegen build --draft</code>")
    return (f'{_neighbours(view, output_id, words)}<div class="toolbar">'
            f'<h1 class="title">{escape(title)}</h1>'
            f'<span class="status {escape(status)}">{escape(status)}</span>{counts_html}{buttons}</div>'
            f'<p class="note">{note}<code>{quoted}.docx</code>, {escape(say(_built(view)))}.</p>')


def last_good_page(view: View, output_id: str, link: FindingLink, words: Words | None = None) -> str:
    """The last rendering of a deliverable that built, marked as such."""
    say = (words or english()).language.text
    good = view.good[output_id]
    page = good.page
    since = say(_("Built at {clock}; the content has changed since.", clock=_clock(good.at)))
    body = (f'<main class="last-good"><div class="toolbar">'
            f'<h1 class="title">{escape(page.title)}</h1>'
            f'<span class="status">{escape(say(LAST_GOOD))}</span></div><p class="note">'
            f"{escape(since)} "
            f'<a href="/d/{escape(output_id)}">{escape(say(BACK))}</a>.</p>'
            f'<div class="layout"><section class="sheet" lang="it">{page.html}</section>'
            f'<aside class="findings"><h2>{escape(say(THEN))}</h2>'
            f"{findings_list(list(page.findings), link, set(), words)}</aside></div></main>")
    return layout(say(_("{title} (last good)", title=page.title)), view.preview.programme, body, words)


def message_page(view: View, title: object, message: object, findings: list[Finding],
                 link: FindingLink, words: Words | None = None) -> str:
    """An error page: a download that could not be built, an unknown deliverable."""
    say = (words or english()).language.text
    items = list(enumerate(findings))
    body = (f'<main><div class="failure">'
            f"<h2>{escape(say(title))}</h2><p>{escape(say(message))}</p>"
            f"{findings_list(items, link, set(), words)}"
            f'<p><a href="/">{escape(say(ALL))}</a></p></div></main>')
    return layout(say(title), view.preview.programme, body, words)
