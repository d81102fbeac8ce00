"""The `fsegen` command: options in, library calls out, results printed.

The only module that imports click and the only one that prints. Library errors
are `FsegenError`s: `FsegenGroup` prints them in the report format chosen for this
invocation (never a global) and exits 1, or 2 for a usage error.
"""

from __future__ import annotations

import functools
import json
import signal
import sys
import threading
from pathlib import Path

import click

from generator import __version__
from generator.build import FORMATS as OUTPUT_FORMATS
from generator.build import Folders
from generator.errors import FsegenError, UsageError
from generator.reporting import FORMATS, report


class FsegenGroup(click.Group):
    """A click group that reports library errors instead of tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise click.UsageError(error.message, ctx) from error
        except FsegenError as error:
            show_error(error, (ctx.obj or {}).get("report", "text"))
            ctx.exit(error.exit_code)


def show_error(error: FsegenError, fmt: str) -> None:
    """An error's findings in the invocation's format, then its summary."""
    if fmt == "json":
        click.echo(report(error.findings, "json"))
    elif fmt == "github" and error.findings:
        click.echo(report(error.findings, "github"))
    elif error.findings:
        click.echo(report(error.findings, "text", _style(sys.stderr)), err=True)
    click.echo(f"Error: {error.message}" if not error.findings else error.message, err=True)


def _style(stream):
    return click.style if stream.isatty() else (lambda text, **_: text)


def _exit_on_sigterm() -> None:
    """SIGTERM (a CI cancel, `kill`) ends the run like Ctrl-C: `finally` blocks run, so
    LibreOffice is killed, scratch folders go and output/ stays whole."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


@click.group(cls=FsegenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fsegen")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build the deliverables of an FSE programme from its YAML content and Word templates.

    Run it in a programme folder (one holding content/ and templates/).
    """
    ctx.obj = {"report": "text"}
    _exit_on_sigterm()


def folder_options(command):
    """--content, --templates and --out, shared by every command."""

    @click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
                  show_default=True, help="Folder of the programme's YAML content.")
    @click.option("--templates", "templates", type=click.Path(path_type=Path),
                  default=Path("templates"), show_default=True, help="Folder of the Word templates.")
    @click.option("--out", "out", type=click.Path(path_type=Path), default=Path("output"),
                  show_default=True, help="Folder the deliverables are written to.")
    @functools.wraps(command)
    def wrapper(content: Path, templates: Path, out: Path, **kwargs):
        _check_out(out, {"content": content, "templates": templates})
        return command(Folders(content, templates, out), **kwargs)

    return wrapper


def _check_out(out: Path, sources: dict[str, Path]) -> None:
    """The output folder is replaced whole at each build: it may not hold, or be held by,
    the content or the templates (a usage error, exit 2)."""
    target = out.resolve()
    for name, folder in sources.items():
        folder = folder.resolve()
        if target == folder or folder.is_relative_to(target) or target.is_relative_to(folder):
            raise UsageError(
                f"--out {out} would overwrite the {name} folder {folder}: choose an output "
                "folder outside the content and templates folders (the default is output/)")


def report_option(name: str):
    """The findings' format: --format on check, --report on build (where --format is the output)."""

    def remember(ctx: click.Context, param, value: str) -> str:
        ctx.obj["report"] = value
        return value

    def decorate(command):
        command = click.option("--strict", is_flag=True, help="Fail on warnings too.")(command)
        return click.option(name, "fmt", type=click.Choice(FORMATS), default="text",
                            show_default=True, callback=remember, is_eager=True,
                            help="Findings as text for people, json for tools, github for "
                                 "pull-request annotations.")(command)

    return decorate


def _output_formats(ctx, param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"use a comma-separated list of {', '.join(OUTPUT_FORMATS)}")
    return formats


@main.command()
@click.argument("doc_ids", nargs=-1)
@click.option("--format", "formats", default="docx", show_default=True, callback=_output_formats,
              help="Output formats, comma-separated: docx, pdf (PDF/A-2b), md (Markdown).")
@click.option("--draft", is_flag=True, help="Build despite rule errors; every page is stamped BOZZA.")
@report_option("--report")
@folder_options
def build(folders: Folders, doc_ids: tuple[str, ...], formats: tuple[str, ...], draft: bool,
          strict: bool, fmt: str) -> None:
    """Check the content, then build every deliverable (or the DOC_IDS named) into output/."""
    from generator.build import Options
    from generator.build import build as run_build

    outcome = run_build(folders, Options(only=doc_ids, strict=strict, draft=draft, formats=formats))
    _show(outcome.findings, fmt)
    for path in outcome.report.written:
        click.echo(f"wrote {folders.out / path.name}")
    for name in outcome.report.removed:
        click.echo(f"removed {folders.out / name} (no longer built)")
    if outcome.report.leftover:
        click.echo(f"warning: {outcome.report.leftover}", err=True)


@main.command()
@report_option("--format")
@folder_options
def check(folders: Folders, strict: bool, fmt: str) -> None:
    """Run every rule on the content and on every rendered deliverable; write nothing."""
    from generator.build import Options
    from generator.build import check as run_check

    outcome = run_check(folders, Options(strict=strict))
    _show(outcome.findings, fmt)
    if fmt == "text":
        warnings = len(outcome.findings)
        click.echo("content OK: no errors" + (f", {warnings} warning(s)" if warnings else ""))


@main.command()
@folder_options
def verify(folders: Folders) -> None:
    """Re-hash output/ against its manifest and name every file that changed."""
    from generator.errors import OutputError
    from generator.manifest import verify as run_verify

    findings = run_verify(folders.out)
    if findings:
        raise OutputError(f"{len(findings)} file(s) differ from {folders.out}/manifest.json",
                          findings)
    click.echo(f"{folders.out}: every file matches manifest.json")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--markdown", is_flag=True, help="Markdown instead of plain text.")
def totext(file: Path, markdown: bool) -> None:
    """Print a .docx as plain text (usable as a Git textconv driver)."""
    from generator.errors import DocumentError
    from generator.rendering.text import docx_to_markdown, docx_to_text

    try:
        text = (docx_to_markdown if markdown else docx_to_text)(file)
    except ValueError as error:
        raise DocumentError(str(error)) from error
    click.echo(text, nl=False)


@main.command()
@click.argument("rev")
@click.argument("rev2", required=False)
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a side-by-side HTML report to this file.")
@folder_options
def diff(folders: Folders, rev: str, rev2: str | None, html: Path | None) -> None:
    """Show what changes in each deliverable between REV and REV2 (default: the working tree)."""
    from generator.diffing import diff_revisions, format_report, html_report
    from generator.errors import OutputError

    diffs = diff_revisions(Path.cwd(), rev, rev2, content=folders.content, templates=folders.templates)
    if html is not None:
        try:
            html.write_text(html_report(diffs, rev, rev2), encoding="utf-8")
        except OSError as error:
            raise OutputError(f"cannot write {html}: {error.strerror}") from error
    click.echo(format_report(diffs), nl=False)
    if html is not None:
        click.echo(f"wrote {html}", err=True)


@main.command()
def doctor() -> None:
    """Report LibreOffice, fonts and library versions (what PDF export needs)."""
    from generator.doctor import environment_report
    from generator.errors import ToolError

    rows = environment_report()
    width = max(len(what) for what, _, _ in rows)
    for what, detail, ok in rows:
        click.echo(f"{'ok     ' if ok else 'MISSING'} {what:<{width}}  {detail}")
    if not all(ok for _, _, ok in rows):
        raise ToolError("some requirements are missing (see above)")


@main.command()
@click.option("--markdown", is_flag=True, help="The README's table of rules.")
def rules(markdown: bool) -> None:
    """List the consistency rules fsegen check runs."""
    from generator.checks import RULES, rules_table

    if markdown:
        click.echo(rules_table())
        return
    for registered in RULES:
        click.echo(f"{registered.id:<20} {registered.severity:<8} {registered.summary}")


@main.command("list")
@folder_options
def list_documents(folders: Folders) -> None:
    """List the deliverables the content defines, with template and output."""
    from generator.loading import load_content
    from generator.model import output_ids

    content = load_content(folders.content).content
    rows = [(output, content.documents[doc_id].template, str(folders.out / f"{output}.docx"),
             content.documents[doc_id].title)
            for doc_id, outputs in output_ids(content).items() for output in outputs]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(("id", "template", "output"))]
    click.echo(f"{'id':<{widths[0]}}  {'template':<{widths[1]}}  {'output':<{widths[2]}}  title")
    for row in rows:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the content, for editors' completion and validation."""
    from generator.model import Content

    click.echo(json.dumps(Content.model_json_schema(), indent=2, ensure_ascii=False))


def _show(findings: list, fmt: str) -> None:
    """Warnings of a successful run, in the chosen format."""
    if fmt == "text":
        if findings:
            click.echo(report(findings, "text", _style(sys.stderr)), err=True)
    elif fmt == "json" or findings:
        click.echo(report(findings, fmt))
