"""Commands of a deliverable's life: status (where each stands) and send (archive and record)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from generator.cli.app import (
    echo,
    folder_options,
    lang,
    limits,
    main,
    reader,
    report_option,
    say,
    show_findings,
)
from generator.cli.reporting import summary
from generator.folders import Folders
from generator.messages import _, ngettext


@main.command()
@report_option("--format")
@folder_options
def status(folders: Folders, fmt: str, strict: bool) -> None:
    """Where each deliverable stands: bozza, definitivo or inviato, what is missing before it can
    be definitivo, and the warnings acknowledged about it. Ends with the verdict of fsegen check
    (the same counts; exit code 1 when check fails)."""
    from generator.content.words import Words
    from generator.lifecycle.status import statuses, summary_line

    found, outcome = statuses(folders, strict, limits())
    if fmt == "github":
        show_findings(outcome.findings, fmt, content=outcome.content)
    elif fmt == "json":
        click.echo(json.dumps({"deliverables": [s.as_dict() for s in found],
                               "findings": [f.as_dict() for f in outcome.findings],
                               "errors": outcome.errors, "warnings": outcome.warnings,
                               "acknowledged": len(outcome.accepted)},
                              ensure_ascii=False, indent=2))
    else:
        width = max([len(s.id) for s in found] + [10])
        words = Words(lang(), outcome.content)
        for state in found:
            click.echo(f"{state.id:<{width}}  {state.status:<10}  {summary_line(state, words)}".rstrip())
        details = _("fsegen check -v lists each one") if outcome.findings else None
        say(summary(ngettext("{count} deliverable", "{count} deliverables", len(found)), outcome.findings,
                    details=details, acknowledged=len(outcome.accepted), where=False,
                    reader=reader(sys.stdout)))
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
        echo(_("recorded the SHA-256 of the {count} files of {archive} in {recorded} (sent.files): "
              "review and commit it", count=len(report.files), archive=str(report.archive),
              recorded=str(report.recorded)))
        return
    for name in report.files:
        echo(_("archived {path}", path=str(report.archive / name)))
    for output, origin in sorted(report.pdf_origin.items()):
        echo(f"  {output}.pdf: {lang().text(origin)}")
    if report.by_hand:
        echo(_("recorded the SHA-256 of the files sent under its sent: in {recorded}",
              recorded=str(report.recorded)))
    elif report.recorded is not None:
        echo(_("recorded sent: (protocol {protocol} of {date}) in {recorded}", protocol=report.sent.protocol,
              date=report.sent.date.isoformat(), recorded=str(report.recorded)))
    echo(_("{doc_id} is inviato: commit {archive} and the content together", doc_id=doc_id,
          archive=str(report.archive)))


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
        signed = (_("signed by {signer} ({signature})", signer=entry.signer, signature=entry.signature)
                  if entry.signer else _("not signed"))
        echo(f"  {entry.name}: {lang().text(signed)}")
    echo(_("wrote {folder} (with distinta.pdf and metadati.xml) and {zip}", folder=str(made.folder),
           zip=str(made.zip)))


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
        where, when = str(folders.archive / doc_id / "ricevute" / found.file), f"{found.date:%Y-%m-%d %H:%M}"
        if found.recipient:
            echo(_("recorded the ricevuta di {kind} of {date} to {recipient} ({message_id}) as {path}",
                   kind=found.kind, date=when, recipient=found.recipient,
                   message_id=found.message_id, path=where))
        else:
            echo(_("recorded the ricevuta di {kind} of {date} ({message_id}) as {path}", kind=found.kind,
                   date=when, message_id=found.message_id, path=where))
    echo(_("commit {folder} and the content together", folder=str(folders.archive / doc_id / "ricevute")))
