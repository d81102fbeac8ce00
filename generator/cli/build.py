"""Commands that check and build the deliverables: build, check, list."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import click

from generator.cli.app import (
    QUIET,
    VERBOSE,
    folder_options,
    lang,
    limits,
    main,
    output_formats,
    programme,
    reader,
    report_option,
    say,
    show_error,
    show_findings,
    styler,
    verbosity,
    verbosity_options,
)
from generator.cli.reporting import summary
from generator.errors import FsegenError, ToolError
from generator.folders import FORMATS as OUTPUT_FORMATS
from generator.folders import Folders
from generator.messages import Message, _, ngettext

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from generator.pipeline import Options, Outcome


@main.command()
@click.argument("doc_ids", nargs=-1)
@click.option("--format", "formats", default=None, callback=output_formats,
              help="Output formats, comma-separated: docx, pdf (PDF/A-2b), md (Markdown).  "
                   "[default: fsegen.toml's `formats`, else docx]")
@click.option("--draft", is_flag=True, help="Build despite rule errors; every page is stamped BOZZA.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that render deliverables (default: fsegen.toml's `jobs`, else one per "
                   "core; 1 for debugging).")
@click.option("--force", is_flag=True, help="Render every deliverable, even those that did not change.")
@report_option("--report")
@verbosity_options
@folder_options
def build(folders: Folders, doc_ids: tuple[str, ...], formats: tuple[str, ...] | None, draft: bool,
          jobs: int | None, force: bool, strict: bool, fmt: str) -> None:
    """Check the content, then build every deliverable (or the DOC_IDS named) into output/, in
    the formats fsegen.toml sets (docx without one) unless --format says others."""
    from generator.pipeline import Options
    from generator.pipeline import build as run_build

    settings = programme().config
    formats, jobs = formats or settings.formats, jobs or settings.jobs

    with BuildProgress() as progress:
        outcome = run_build(folders, Options(only=doc_ids, strict=strict, draft=draft, formats=formats,
                                             limits=limits(),
                                             jobs=jobs, force=force), progress=progress)
    show_findings(outcome.findings, fmt, level=VERBOSE, content=outcome.content)
    report = outcome.report
    assert report is not None  # a build that returns has written its outputs
    for path in report.written:
        say(_("wrote {path}", path=str(folders.out / path.name)), level=VERBOSE)
    for path in report.kept:
        say(_("kept {path} (unchanged)", path=str(folders.out / path.name)), level=VERBOSE)
    for name in report.removed:
        say(_removed(folders.out / name, formats))
    if report.leftover:
        say(_("warning: {problem}", problem=report.leftover), err=True)
    if fmt == "text":
        details = _("fsegen check -v for details") if verbosity() < VERBOSE else None
        say(summary(_built(outcome, len(report.written) + len(report.kept), folders, draft),
                    outcome.findings, details=details, acknowledged=len(outcome.accepted),
                    reader=reader(sys.stdout)))


def _removed(path: Path, formats: tuple[str, ...]) -> Message:
    """Why a file left the output folder: its deliverable is gone, or its format was not asked for."""
    kind = path.suffix.lstrip(".")
    if kind in OUTPUT_FORMATS and kind not in formats:
        return _("removed {path} ({kind} is not among the formats built, {formats}: fsegen.toml's "
                 "`formats` sets those of a plain build)", path=str(path), kind=kind,
                 formats=",".join(formats))
    return _("removed {path} (no longer built)", path=str(path))


def _built(outcome, files: int, folders: Folders, draft: bool):
    """`13 deliverables built, 2 of them unchanged (14 files in output/)`."""
    count, unchanged = len(outcome.outputs), len(outcome.outputs) - outcome.rendered
    built = ngettext("{count} deliverable built", "{count} deliverables built", count)
    if unchanged:
        built = _("{built}, {unchanged} of them unchanged", built=built, unchanged=unchanged)
    where = f"{folders.out.as_posix()}/" + (", BOZZA" if draft else "")
    written = ngettext("{count} file", "{count} files", files)
    return _("{built} ({files} in {where})", built=built, where=where, files=written)


@main.command()
@report_option("--format")
@click.option("--watch", is_flag=True,
              help="Stay and check again at every save under content/ and templates/, making again "
                   "only the deliverables whose facts or template changed (Ctrl-C to stop; needs "
                   "fsegen[serve]).")
@verbosity_options
@folder_options
def check(folders: Folders, strict: bool, fmt: str, watch: bool) -> None:
    """Run every rule on the content and on every rendered deliverable; write nothing."""
    from generator.pipeline import Options
    from generator.pipeline import check as run_check

    options = Options(strict=strict, limits=limits())
    if watch:
        _check_at_every_save(folders, options, fmt)
        return
    outcome = run_check(folders, options)
    _show_check(outcome, fmt)


def _show_check(outcome: Outcome, fmt: str, seconds: float | None = None, made: int | None = None) -> None:
    """What check found, then its summary line (with the time a check --watch took, and how many
    deliverables it made again when not all)."""
    show_findings(outcome.findings, fmt, content=outcome.content)
    if fmt == "text":
        details = _("fsegen check -v lists each one") if verbosity() < VERBOSE else None
        checked = ngettext("{count} deliverable checked", "{count} deliverables checked",
                           len(outcome.outputs))
        if seconds is not None:
            took = f"{seconds:.2f}"
            checked = (_("{checked} in {seconds} s, {made} made again", checked=checked, seconds=took,
                         made=made) if made is not None else
                       _("{checked} in {seconds} s", checked=checked, seconds=took))
        say(summary(checked, outcome.findings, details=details, acknowledged=len(outcome.accepted),
                    reader=reader(sys.stdout)))


def _check_at_every_save(folders: Folders, options: Options, fmt: str) -> None:
    """`check --watch`: judge, then judge again after each batch of saves, in one process that
    keeps the content's deliverables as made (generator/pipeline/resident.py). Exits, on
    Ctrl-C, as the last check would have."""
    from generator.pipeline import Memory
    from generator.pipeline import check as run_check
    from generator.serve import INSTALL, missing_parts

    if "watchfiles" in missing_parts():
        raise ToolError(_("fsegen check --watch needs watchfiles, which is not installed: {install}",
                          install=INSTALL))
    from generator.serve.watching import changes, shown

    memory, failed = Memory(), False

    def judge(reason: Message) -> bool:
        if fmt == "text":
            say(styler(sys.stdout)(f"[{time.strftime('%H:%M:%S')}] {lang().text(reason)}", bold=True))
        started = time.perf_counter()
        try:
            outcome = run_check(folders, options, memory)
        except FsegenError as error:
            show_error(error, fmt, verbosity())
            return True
        made = memory.made if memory.made < len(outcome.outputs) else None
        _show_check(outcome, fmt, time.perf_counter() - started, made)
        return outcome.fails(options.strict)

    try:
        failed = judge(_("checking (Ctrl-C to stop)"))
        for batch in changes(folders):
            names = [shown(path) for path in batch]
            files = ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")
            failed = judge(_("{files} changed", files=files))
    except KeyboardInterrupt:  # during a check: that check's verdict is not known, the last one is
        pass
    if failed:
        raise click.exceptions.Exit(1)


class BuildProgress:
    """A progress bar on the terminal (click's) for each long step of a build: the deliverables
    rendered, then the files LibreOffice converts; nothing when the output is not a terminal
    or the invocation is quiet, nor for a step of a few files (they go by in a second or two)."""

    SHOWN_FROM = 4
    """Fewest files of a step for its bar to show."""
    LABELS = {"render": _("Rendering"), "pdf": _("PDF/A")}

    def __init__(self) -> None:
        self.bar: ProgressBar[int] | None = None
        self.step: str | None = None

    def __enter__(self) -> BuildProgress:
        return self

    def __call__(self, step: str, done: int, total: int) -> None:
        if step != self.step:
            self._close()
            self.step = step
            if total < self.SHOWN_FROM or verbosity() <= QUIET or not sys.stderr.isatty():
                return
            label = lang().text(self.LABELS.get(step, step))
            self.bar = click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                                         show_eta=False)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)

    def _close(self, kind: type[BaseException] | None = None, error: BaseException | None = None,
               trace: TracebackType | None = None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)
            self.bar = None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._close(kind, error, trace)


@main.command("list")
@folder_options
def list_documents(folders: Folders) -> None:
    """List the deliverables the content defines, with template and output."""
    from generator.content.loading import load_content
    from generator.model import output_ids

    content = load_content(folders.content).content
    rows = [(output, content.documents[doc_id].template, str(folders.out / f"{output}.docx"),
             content.documents[doc_id].title)
            for doc_id, outputs in output_ids(content).items() for output in outputs]
    heads = [lang().text(head) for head in (_("id"), _("template"), _("output"), _("title"))]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(heads[:3])]
    click.echo(f"{heads[0]:<{widths[0]}}  {heads[1]:<{widths[1]}}  {heads[2]:<{widths[2]}}  {heads[3]}")
    for row in rows:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
