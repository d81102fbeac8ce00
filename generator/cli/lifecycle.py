"""Commands of a deliverable's life: status (where each stands) and send (archive and record)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator.cli.app import folder_options, limits, main, report_option, say, show_findings, styler
from generator.cli.reporting import summary
from generator.errors import counted
from generator.folders import Folders


@main.command()
@report_option("--format")
@folder_options
def status(folders: Folders, fmt: str, strict: bool) -> None:
    """Where each deliverable stands: bozza, definitivo or inviato, what is missing before it can
    be definitivo, and the warnings acknowledged about it. Ends with the verdict of fsegen check
    (the same counts; exit code 1 when check fails)."""
    from generator.lifecycle.status import statuses, summary_line

    found, outcome = statuses(folders, strict, limits())
    if fmt == "github":
        show_findings(outcome.findings, fmt)
    elif fmt == "json":
        click.echo(json.dumps({"deliverables": [s.as_dict() for s in found],
                               "findings": [f.as_dict() for f in outcome.findings],
                               "errors": outcome.errors, "warnings": outcome.warnings,
                               "acknowledged": len(outcome.accepted)},
                              ensure_ascii=False, indent=2))
    else:
        width = max([len(s.id) for s in found] + [10])
        for state in found:
            click.echo(f"{state.id:<{width}}  {state.status:<10}  {summary_line(state)}".rstrip())
        details = "fsegen check -v lists each one" if outcome.findings else None
        say(summary(counted(len(found), "deliverable"), outcome.findings, styler(sys.stdout), details,
                    acknowledged=len(outcome.accepted), where=""))
    if outcome.fails(strict):
        click.get_current_context().exit(1)


@main.command()
@click.argument("doc_id")
@click.option("--protocol", help="The protocol number it is sent under.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date of sending (YYYY-MM-DD).")
@click.option("--via", help='The channel: "PEC", the call\'s platform...')
@folder_options
def send(folders: Folders, doc_id: str, protocol: str | None, day: dt.datetime | None,
         via: str | None) -> None:
    """Send DOC_ID: check it as definitivo, archive its .docx and PDF/A under sent/, and record
    `sent:` (date, protocol, via, the SHA-256 of each file) in its YAML. Commit both. For a
    document archived before its hashes were kept, record them."""
    from generator.lifecycle.send import send as run_send

    report = run_send(folders, doc_id, protocol, day.date() if day else None, via, limits())
    if report.sealed:
        click.echo(f"recorded the SHA-256 of the {len(report.files)} files of {report.archive} in "
                   f"{report.recorded} (sent.files): review and commit it")
        return
    for name in report.files:
        click.echo(f"archived {report.archive / name}")
    for output, origin in sorted(report.pdf_origin.items()):
        click.echo(f"  {output}.pdf: {origin}")
    if report.by_hand:
        click.echo(f"recorded the SHA-256 of the files sent under its sent: in {report.recorded}")
    elif report.recorded is not None:
        click.echo(f"recorded sent: (protocol {report.sent.protocol} of "
                   f"{report.sent.date.isoformat()}) in {report.recorded}")
    click.echo(f"{doc_id} is inviato: commit {report.archive} and the content together")


@main.command()
@click.argument("doc_id")
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A trusted root certificate (PEM or DER): every signature must chain to one; repeatable.")
@click.option("--to", "to", type=click.Path(file_okay=False, path_type=Path),
              help="Folder the packet is written into (default: packet/ beside content/).")
@folder_options
def packet(folders: Folders, doc_id: str, trust: tuple[Path, ...], to: Path | None) -> None:
    """Gather what DOC_ID hands in: it and the deliverables and files it encloses (its
    `attachments`), each deliverable signed (its .pdf.p7m, or its PDF/A signed inside), with the
    index (distinta.pdf: each file, its SHA-256 and its signer) and the metadata of Allegato 5
    (metadati.xml), into packet/DOC_ID/ and packet/DOC_ID.zip. Refused, and nothing written, when
    a deliverable is a bozza, unsigned, built from other content or fails check, or a file is
    missing."""
    from generator.lifecycle.packet import packet as make_packet

    made = make_packet(folders, doc_id, trust, to, limits())
    for entry in made.entries:
        signed = f"signed by {entry.signer} ({entry.signature})" if entry.signer else "not signed"
        click.echo(f"  {entry.name}: {signed}")
    click.echo(f"wrote {made.folder} (with distinta.pdf and metadati.xml) and {made.zip}")


@main.command()
@click.argument("doc_id")
@click.argument("receipts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                    path_type=Path))
@folder_options
def receipt(folders: Folders, doc_id: str, receipts: tuple[Path, ...]) -> None:
    """Record the PEC receipts (.eml: ricevuta di accettazione, di avvenuta consegna) of the message
    DOC_ID was sent by: each is checked against its sending (the message, the date, the subject,
    the addressees' PEC), kept under sent/DOC_ID/ricevute/ and recorded under its `sent:` (kind,
    date, sender, message id, SHA-256); `fsegen status` shows them. A receipt that does not match
    is refused, and nothing changes."""
    from generator.lifecycle.receipts import record_receipts

    for found in record_receipts(folders, doc_id, list(receipts)):
        to = f" to {found.recipient}" if found.recipient else ""
        click.echo(f"recorded the ricevuta di {found.kind} of {found.date:%Y-%m-%d %H:%M}{to} "
                   f"({found.message_id}) as {folders.archive / doc_id / 'ricevute' / found.file}")
    click.echo(f"commit {folders.archive / doc_id / 'ricevute'} and the content together")
