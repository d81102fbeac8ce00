"""Commands that check and build the deliverables: build, check, list."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

import click

from generator.cli.app import (
    QUIET,
    VERBOSE,
    folder_options,
    limits,
    main,
    output_formats,
    report_option,
    say,
    show_error,
    show_findings,
    styler,
    verbosity,
    verbosity_options,
)
from generator.cli.reporting import summary
from generator.errors import FsegenError, ToolError, counted
from generator.folders import Folders

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

    from generator.pipeline import Options, Outcome


@main.command()
@click.argument("doc_ids", nargs=-1)
@click.option("--format", "formats", default="docx", show_default=True, callback=output_formats,
              help="Output formats, comma-separated: docx, pdf (PDF/A-2b), md (Markdown).")
@click.option("--draft", is_flag=True, help="Build despite rule errors; every page is stamped BOZZA.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that render deliverables (default: one per core; 1 for debugging).")
@click.option("--force", is_flag=True, help="Render every deliverable, even those that did not change.")
@report_option("--report")
@verbosity_options
@folder_options
def build(folders: Folders, doc_ids: tuple[str, ...], formats: tuple[str, ...], draft: bool,
          jobs: int | None, force: bool, strict: bool, fmt: str) -> None:
    """Check the content, then build every deliverable (or the DOC_IDS named) into output/."""
    from generator.pipeline import Options
    from generator.pipeline import build as run_build

    with PdfProgress() as progress:
        outcome = run_build(folders, Options(only=doc_ids, strict=strict, draft=draft, formats=formats,
                                             limits=limits(),
                                             jobs=jobs, force=force), progress=progress)
    show_findings(outcome.findings, fmt, level=VERBOSE)
    report = outcome.report
    assert report is not None  # a build that returns has written its outputs
    for path in report.written:
        say(f"wrote {folders.out / path.name}", level=VERBOSE)
    for path in report.kept:
        say(f"kept {folders.out / path.name} (unchanged)", level=VERBOSE)
    for name in report.removed:
        say(f"removed {folders.out / name} (no longer built)")
    if report.leftover:
        say(f"warning: {report.leftover}", err=True)
    if fmt == "text":
        unchanged = len(outcome.outputs) - outcome.rendered
        files = len(report.written) + len(report.kept)
        built = (f"{counted(len(outcome.outputs), 'deliverable')} built"
                 + (f", {unchanged} of them unchanged" if unchanged else "")
                 + f" ({counted(files, 'file')} in {folders.out.as_posix()}/{', BOZZA' if draft else ''})")
        details = "fsegen check -v for details" if verbosity() < VERBOSE else None
        say(summary(built, outcome.findings, styler(sys.stdout), details,
                    acknowledged=len(outcome.accepted)))


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


def _show_check(outcome: Outcome, fmt: str, took: str = "") -> None:
    show_findings(outcome.findings, fmt)
    if fmt == "text":
        details = "fsegen check -v lists each one" if verbosity() < VERBOSE else None
        say(summary(f"{counted(len(outcome.outputs), 'deliverable')} checked{took}", outcome.findings,
                    styler(sys.stdout), details, acknowledged=len(outcome.accepted)))


def _check_at_every_save(folders: Folders, options: Options, fmt: str) -> None:
    """`check --watch`: judge, then judge again after each batch of saves, in one process that
    keeps the content's deliverables as made (generator/pipeline/resident.py). Exits, on
    Ctrl-C, as the last check would have."""
    from generator.pipeline import Memory
    from generator.pipeline import check as run_check
    from generator.serve import INSTALL, missing_parts

    if "watchfiles" in missing_parts():
        raise ToolError(f"fsegen check --watch needs watchfiles, which is not installed: {INSTALL}")
    from generator.serve.watching import changes, shown

    memory = Memory()
    # The verdict of the last check that ended, set before it is shown: a Ctrl-C while it is
    # being shown exits as it says.
    last = {"failed": False}

    def judge(reason: str) -> None:
        if fmt == "text":
            say(styler(sys.stdout)(f"[{time.strftime('%H:%M:%S')}] {reason}", bold=True))
        started = time.perf_counter()
        try:
            outcome = run_check(folders, options, memory)
        except FsegenError as error:
            last["failed"] = True
            show_error(error, fmt, verbosity())
            return
        last["failed"] = outcome.fails(options.strict)
        made = f", {memory.made} made again" if memory.made < len(outcome.outputs) else ""
        _show_check(outcome, fmt, f" in {time.perf_counter() - started:.2f} s{made}")

    try:
        judge("checking (Ctrl-C to stop)")
        for batch in changes(folders):
            names = [shown(path) for path in batch]
            judge(", ".join(names[:3]) + (" ..." if len(names) > 3 else "") + " changed")
    except KeyboardInterrupt:  # during a check: that check's verdict is not known, the last one is
        pass
    if last["failed"]:
        raise click.exceptions.Exit(1)


class PdfProgress:
    """A progress bar on the terminal while LibreOffice converts more than a few files."""

    SHOWN_FROM = 4
    """Fewest files to convert for the bar to show (a few go by in a second or two)."""

    def __init__(self) -> None:
        self.bar: ProgressBar[int] | None = None

    def __enter__(self) -> PdfProgress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            if total < self.SHOWN_FROM or verbosity() <= QUIET or not sys.stderr.isatty():
                return
            self.bar = click.progressbar(length=total, label="PDF/A", file=sys.stderr,
                                         show_pos=True, show_eta=False)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.bar is not None:
            self.bar.__exit__(kind, error, trace)


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
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(("id", "template", "output"))]
    click.echo(f"{'id':<{widths[0]}}  {'template':<{widths[1]}}  {'output':<{widths[2]}}  title")
    for row in rows:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")
