"""Commands for reviewing and handing in what was built: verify, totext, diff, sign."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from generator.cli.app import echo, folder_options, lang, limits, main
from generator.folders import Folders
from generator.messages import _


@main.command()
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A trusted root certificate (PEM or DER) for the signatures of signed PDFs and .p7m "
                   "envelopes; repeatable.")
@folder_options
def verify(folders: Folders, trust: tuple[Path, ...]) -> None:
    """Re-hash output/ against its manifest, and check the signatures of signed PDFs and of CAdES
    envelopes (.p7m): intact, valid, trusted (--trust), and made by the signatory each deliverable
    declares."""
    from generator.errors import OutputError
    from generator.lifecycle.verify import signature_findings
    from generator.pipeline.manifest import verify as run_verify

    findings = run_verify(folders.out)
    findings += signature_findings(folders.out, list(trust), _declared(folders))
    if findings:
        raise OutputError(_("{count} problem(s) in {folder}", count=len(findings), folder=str(folders.out)),
                          findings)
    echo(_("{folder}: every file matches manifest.json", folder=str(folders.out)))


def _declared(folders: Folders) -> dict:
    """Output id -> who its file declares signs it, when the content is there and loads."""
    from generator.content.loading import load_content
    from generator.errors import ContentError
    from generator.lifecycle.sign import declared_signatories

    if not folders.content.is_dir():
        return {}
    try:
        return declared_signatories(load_content(folders.content).content)
    except ContentError:
        return {}


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
@click.argument("rev", required=False)
@click.argument("rev2", required=False)
@click.option("--sent", "sent_doc", metavar="DOC",
              help="Compare what was sent of DOC (its archive under sent/) with what the content "
                   "renders now, instead of two revisions.")
@click.option("--html", "html", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a side-by-side HTML report to this file.")
@click.option("--docx", "docx_folder", type=click.Path(file_okay=False, path_type=Path),
              help="Also write, into this folder, a Word file with tracked changes for each "
                   "deliverable that changed (<id>-revisioni.docx).")
@click.option("--markdown", is_flag=True,
              help="Print the report as Markdown (a table, then each diff): for a pull request's "
                   "job summary ($GITHUB_STEP_SUMMARY).")
@folder_options
def diff(folders: Folders, rev: str | None, rev2: str | None, sent_doc: str | None,
         html: Path | None, docx_folder: Path | None, markdown: bool = False) -> None:
    """Show what changes in each deliverable between REV and REV2 (default: the working tree),
    or, with --sent DOC, between what was sent and what the content renders now."""
    from generator.review.diff import (
        diff_revisions,
        diff_sent,
        format_report,
        html_report,
        markdown_report,
        sent_label,
    )

    if sent_doc is not None:
        if rev is not None:
            raise click.UsageError(_("--sent compares the archive with the working tree: give no REV"))
        diffs = diff_sent(folders, sent_doc, limits())
        rev = sent_label(folders, sent_doc, limits())
    elif rev is None:
        raise click.UsageError(lang().text(_("give a revision (fsegen diff HEAD~1) or --sent DOC")))
    else:
        diffs = diff_revisions(Path.cwd(), rev, rev2, content=folders.content,
                               templates=folders.templates, limits=limits())
    if html is not None:
        _write(html, html_report(diffs, rev, rev2).encode("utf-8"))
        echo(_("wrote {path}", path=str(html)), err=True)
    click.echo(markdown_report(diffs, rev, rev2) if markdown else format_report(diffs), nl=False)
    if docx_folder is not None:
        for path in _tracked_changes(diffs, docx_folder, rev2):
            echo(_("wrote {path}", path=str(path)), err=True)


def _tracked_changes(diffs: list, folder: Path, rev2: str | None) -> list[Path]:
    """One Word file with tracked changes per deliverable changed on both sides."""
    from generator import git
    from generator.rendering.redline import tracked_changes

    if rev2 is None:
        author, when = "fsegen", dt.datetime.now(dt.UTC).replace(microsecond=0)
    else:
        author, when = git.commit_author_and_date(Path.cwd(), rev2)
    written = []
    for item in diffs:
        if item.status != "changed":
            continue
        data = tracked_changes(item.old.docx, item.new.docx, author=author, date=when)
        written.append(_write(folder / f"{item.id}-revisioni.docx", data))
    return written


def _write(path: Path, data: bytes) -> Path:
    from generator.errors import OutputError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as error:
        raise OutputError(_("cannot write {path}: {problem}", path=path,
                            problem=str(error.strerror or error))) from error
    return path


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--p12", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sign with the key and certificate of this PKCS#12 file (.p12/.pfx).")
@click.option("--passphrase-env", metavar="VAR", help="Environment variable holding the passphrase.")
@click.option("--pkcs11-module", type=click.Path(path_type=Path),
              help="Sign with a smart card or HSM: the PKCS#11 library of its vendor.")
@click.option("--token", help="Label of the PKCS#11 token.")
@click.option("--key", "key_label", help="Label of the key on the token.")
@click.option("--key-id", help="Id of the key on the token (hex), instead of its label.")
@click.option("--pin-env", metavar="VAR", help="Environment variable holding the token's PIN.")
@click.option("--cades", is_flag=True, help="Write a CAdES envelope FILE.p7m holding the PDF/A (the PDF "
              "is left as it is), instead of signing inside the PDF (PAdES).")
@click.option("--output", "target", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the signed file here (default: replace FILE; with --cades, FILE.p7m).")
@click.option("--force", is_flag=True, help="Sign even with a certificate that is not valid today, not "
              "for signing or not the signatory's, or a PDF that is not PDF/A (the signature will not "
              "validate, or not be accepted).")
@folder_options
def sign(folders: Folders, file: Path, p12: Path | None, passphrase_env: str | None,
         pkcs11_module: Path | None, token: str | None, key_label: str | None, key_id: str | None,
         pin_env: str | None, cades: bool, target: Path | None, force: bool) -> None:
    """Sign a PDF/A deliverable (PAdES, or CAdES with --cades), with a PKCS#12 file or a smart card,
    keeping PDF/A-2b. The certificate must be the signatory's that the deliverable declares."""
    from generator.lifecycle.sign import declared_signatory, sign_file
    from generator.lifecycle.signer import Pkcs11Signer, Pkcs12Signer

    if (p12 is None) == (pkcs11_module is None):
        raise click.UsageError(lang().text(_("give either --p12 FILE or --pkcs11-module LIB with --token")))
    signer: Pkcs12Signer | Pkcs11Signer
    if p12 is not None:
        signer = Pkcs12Signer(p12, passphrase_env=passphrase_env)
    elif token is None or pkcs11_module is None:  # (the module is given: checked above)
        raise click.UsageError(lang().text(_("--pkcs11-module needs --token (and --key or --key-id)")))
    else:
        signer = Pkcs11Signer(pkcs11_module, token, key_label=key_label, key_id=key_id, pin_env=pin_env)
    declared = declared_signatory(folders.content, file)
    written, problems = sign_file(file, signer, target, force, cades=cades, declared=declared)
    for problem in problems:
        echo(_("warning: {problem}", problem=problem), err=True)
    echo(_("signed {path}", path=str(written)))
