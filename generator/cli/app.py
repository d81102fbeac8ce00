"""The `fsegen` group: error reporting, shared options and printing of findings.

The `cli` package is the only one that imports click and the only one that prints.
Library errors are `FsegenError`s: `FsegenGroup` prints them in the report format
chosen for this invocation (never a global) and exits 1, or 2 for a usage error.
"""

from __future__ import annotations

import functools
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
        folders = Folders(content, templates, out)
        _check_out(out, {"content": content, "templates": templates, "sent": folders.archive})
        return command(folders, **kwargs)

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


def output_formats(ctx, param, value: str) -> tuple[str, ...]:
    formats = tuple(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    unknown = [f for f in formats if f not in OUTPUT_FORMATS]
    if unknown or not formats:
        raise click.BadParameter(f"use a comma-separated list of {', '.join(OUTPUT_FORMATS)}")
    return formats


def show_findings(findings: list, fmt: str) -> None:
    """Warnings of a successful run, in the chosen format."""
    if fmt == "text":
        if findings:
            click.echo(report(findings, "text", _style(sys.stderr)), err=True)
    elif fmt == "json" or findings:
        click.echo(report(findings, fmt))
