"""`fsegen import monitoring`: the office's monitoring spreadsheet into content/."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.app import main


@main.group("import")
def import_group() -> None:
    """Import data kept outside the content (monitoring spreadsheets) into content/."""


@import_group.command("monitoring")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", "mapping", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("monitoring/mapping.yaml"), show_default=True,
              help="The mapping file: which column holds the project, the period, the date, "
                   "each indicator and each budget line.")
@click.option("--content", "content", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="Folder of the programme's YAML content.")
@click.option("--dry-run", is_flag=True, help="Check every cell and show the YAML; write nothing.")
def monitoring(file: Path, mapping: Path, content: Path, dry_run: bool) -> None:
    """Import achieved values and expenditure from FILE (.xlsx or .csv) into
    content/monitoring/<FILE name>.yaml, or nothing if any cell is wrong."""
    from generator.importing.monitoring import import_monitoring

    result = import_monitoring(file, mapping, content, write=not dry_run)
    if result.dropped:
        click.echo(f"left out (not written): {', '.join(result.dropped)}", err=True)
    if dry_run:
        click.echo(result.text, nl=False)
        for period in result.removed:
            click.echo(f"would remove period {period} from {result.target}: {file} no longer has it",
                       err=True)
        click.echo(f"{file}: every cell is valid; nothing written (--dry-run)", err=True)
        return
    click.echo(f"wrote {result.target}: {result.records} project report(s) for "
               f"{len(result.periods)} period(s) ({', '.join(result.periods)}), "
               f"{result.values} value(s)")
    for period in result.removed:
        click.echo(f"removed period {period} from {result.target}: {file} no longer has it", err=True)
    click.echo("next: fsegen check, then review the change with git diff", err=True)
