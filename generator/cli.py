"""The `fsegen` command: options in, library calls out, results printed.

Errors are `FsegenError`s (click exceptions): click prints them and exits 1;
wrong usage exits 2. Only this module prints.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from generator import __version__
from generator.build import Folders
from generator.errors import ContentError, Finding
from generator.reporting import FORMATS, report


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
        return command(Folders(content, templates, out), **kwargs)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="fsegen")
def main() -> None:
    """Build the deliverables of an FSE programme from its YAML content and Word templates.

    Run it in a programme folder (one holding content/ and templates/).
    """


def check_options(command):
    """--strict, --format: shared by build and check."""

    @click.option("--strict", is_flag=True, help="Fail on warnings too.")
    @click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                  help="text for people, json for tools, github for pull-request annotations.")
    @functools.wraps(command)
    def wrapper(*args, fmt: str, **kwargs):
        ContentError.report_format = fmt
        return command(*args, fmt=fmt, **kwargs)

    return wrapper


@main.command()
@click.argument("doc_ids", nargs=-1)
@click.option("--draft", is_flag=True, help="Build despite rule errors; every page is stamped BOZZA.")
@check_options
@folder_options
def build(folders: Folders, doc_ids: tuple[str, ...], draft: bool, strict: bool, fmt: str) -> None:
    """Check the content, then build every deliverable (or the DOC_IDS named) into output/."""
    from generator.build import Options, build as run_build

    outcome = run_build(folders, Options(only=doc_ids, strict=strict, draft=draft))
    _show(outcome.findings, fmt)
    for path in outcome.written:
        click.echo(f"wrote {path}")


@main.command()
@check_options
@folder_options
def check(folders: Folders, strict: bool, fmt: str) -> None:
    """Run every rule on the content and on every rendered deliverable; write nothing."""
    from generator.build import Options, check as run_check

    outcome = run_check(folders, Options(strict=strict))
    _show(outcome.findings, fmt)
    if fmt == "text":
        warnings = len(outcome.findings)
        click.echo("content OK: no errors" + (f", {warnings} warning(s)" if warnings else ""))


@main.command("list")
@folder_options
def list_documents(folders: Folders) -> None:
    """List the deliverables the content defines, with template and output."""
    from generator.loading import load_content

    loaded = load_content(folders.content)
    rows = [(doc_id, doc.template, str(folders.out / f"{doc_id}.docx"), doc.title)
            for doc_id, doc in loaded.content.documents.items()]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(("id", "template", "output"))]
    click.echo(f"{'id':<{widths[0]}}  {'template':<{widths[1]}}  {'output':<{widths[2]}}  title")
    for row in rows:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of the content, for editors' completion and validation."""
    from generator.model import Content

    click.echo(json.dumps(Content.model_json_schema(), indent=2, ensure_ascii=False))


def _show(findings: list[Finding], fmt: str) -> None:
    """Warnings of a successful run, in the chosen format."""
    if fmt == "text":
        if findings:
            click.echo(report(findings, "text", color=sys.stderr.isatty()), err=True)
    elif fmt == "json" or findings:
        click.echo(report(findings, fmt))
