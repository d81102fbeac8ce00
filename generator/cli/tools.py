"""Commands about the tool itself: doctor, rules, schema."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.app import echo, lang, main
from generator.messages import _


@main.command()
def doctor() -> None:
    """Report LibreOffice, fonts and library versions (what PDF export needs), and the libraries
    whose versions differ from those CI pins."""
    from generator.errors import ToolError
    from generator.kit.doctor import STATES, environment_report

    rows = environment_report()
    width = max(len(row.what) for row in rows)
    for row in rows:
        state = lang().gettext(STATES.get(row.state, row.state))
        click.echo(f"{state:<7} {row.what:<{width}}  {lang().text(row.detail)}")
    if not all(row.ok for row in rows):
        raise ToolError(_("some requirements are missing (see above)"))


@main.command()
@click.option("--markdown", is_flag=True, help="The table of rules in Markdown (docs/reference/rules.md).")
def rules(markdown: bool) -> None:
    """List the consistency rules fsegen check runs."""
    from generator.checks import RULES, rules_table

    if markdown:
        click.echo(rules_table())
        return
    for registered in RULES:
        click.echo(f"{registered.id:<20} {registered.severity:<8} {registered.summary}")


@main.command()
@click.option("--write", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Write one JSON Schema per kind of file (content.schema.json, "
                   "document.schema.json) into this folder, for the editor's YAML extension.")
def schema(folder: Path | None) -> None:
    """Print the JSON Schema of the content, or write the per-file schemas editors use."""
    import json

    from generator.content.schemas import content_schema, write_schemas

    if folder is None:
        click.echo(json.dumps(content_schema(), indent=2, ensure_ascii=False))
        return
    for path in write_schemas(folder):
        echo(_("wrote {path}", path=str(path)))
