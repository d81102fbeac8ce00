"""Commands that check and build the deliverables: build, check, list."""

from __future__ import annotations

import click

from generator.build import Folders
from generator.cli.app import folder_options, main, output_formats, report_option, show_findings


@main.command()
@click.argument("doc_ids", nargs=-1)
@click.option("--format", "formats", default="docx", show_default=True, callback=output_formats,
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
    show_findings(outcome.findings, fmt)
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
    show_findings(outcome.findings, fmt)
    if fmt == "text":
        warnings = len(outcome.findings)
        accepted = len(outcome.accepted)
        click.echo("content OK: no errors" + (f", {warnings} warning(s)" if warnings else "")
                   + (f" ({accepted} acknowledged: fsegen status)" if accepted else ""))


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
