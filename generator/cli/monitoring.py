"""`fsegen import monitoring`: the office's monitoring spreadsheet into content/."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.app import echo, given, main, programme
from generator.messages import Joined, _


@main.group("import")
def import_group() -> None:
    """Import data kept outside the content (monitoring spreadsheets) into content/."""


@import_group.command("monitoring")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", "mapping", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The mapping file: which column holds the project, the period, the date, "
                   "each indicator and each budget line.  [default: monitoring/mapping.yaml]")
@click.option("--content", "content", type=click.Path(path_type=Path), default=None,
              help="Folder of the programme's YAML content.  [default: content]")
@click.option("--dry-run", is_flag=True, help="Check every cell and show the YAML; write nothing.")
def monitoring(file: Path, mapping: Path | None, content: Path | None, dry_run: bool) -> None:
    """Import achieved values and expenditure from FILE (.xlsx or .csv) into
    content/monitoring/<FILE name>.yaml, or nothing if any cell is wrong."""
    from generator.importing.monitoring import import_monitoring

    programme()  # from any folder of the programme: FILE is named from where fsegen was run
    file, content = given(file, ""), given(content, "content")
    mapping = given(mapping, "monitoring/mapping.yaml")
    result = import_monitoring(file, mapping, content, write=not dry_run)
    if result.dropped:
        echo(_("left out (not written): {columns}", columns=Joined(result.dropped)), err=True)
    if dry_run:
        click.echo(result.text, nl=False)
        for period in result.removed:
            echo(_("would remove period {period} from {target}: {file} no longer has it", period=period,
                   target=str(result.target), file=str(file)), err=True)
        echo(_("{file}: every cell is valid; nothing written (--dry-run)", file=str(file)), err=True)
        return
    echo(_("wrote {target}: {records} project report(s) for {periods} period(s) ({names}), {values} value(s)",
           target=str(result.target), records=result.records, periods=len(result.periods),
           names=", ".join(result.periods), values=result.values))
    for period in result.removed:
        echo(_("removed period {period} from {target}: {file} no longer has it", period=period,
               target=str(result.target), file=str(file)), err=True)
    echo(_("next: fsegen check, then review the change with git diff"), err=True)
