"""Sending a deliverable: archive exactly what leaves, and record it in the content.

`send()` checks the content as a build does, with the document judged as definitivo
(nothing missing, nothing illustrative, every warning about it fixed or acknowledged),
renders it, takes the PDF/A of each file from `output/` when the build there rendered the
same `.docx` (so a PDF signed with `fsegen sign` is the one archived) or converts it, and
writes `sent/<document id>/` whole. Then it adds `sent: {date, protocol, via}` to the
document's YAML (or finds it there, when the office wrote it by hand). From then on no
build rewrites it, and `fsegen check` reports any change that would render it differently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import __version__, git
from generator.content.loading import load_content
from generator.errors import ContentError, OutputError, UsageError
from generator.folders import Folders
from generator.limits import Limits
from generator.messages import _
from generator.model import Document, Sent, output_ids
from generator.pipeline import Options, render_all
from generator.pipeline.archive import archive_sent, read_archive, sha256
from generator.pipeline.manifest import previous_entries
from generator.pipeline.writing import write_file


@dataclass
class SendReport:
    """What `send` did."""

    document_id: str
    sent: Sent
    archive: Path
    """The folder written under sent/."""
    files: list[str] = field(default_factory=list)
    """The files archived."""
    pdf_origin: dict[str, str] = field(default_factory=dict)
    """Output id -> where its PDF came from (output/..., signed; or converted now)."""
    recorded: Path | None = None
    """The document file `sent:` (or its `files:` hashes) was written into."""
    sealed: bool = False
    """The document was archived already: only the hashes of its files were recorded."""
    by_hand: bool = False
    """Its sending was recorded by hand: the hashes were added under that record."""


def send(folders: Folders, document_id: str, protocol: str | None = None, day: dt.date | None = None,
         via: str | None = None, limits: Limits = Limits()) -> SendReport:
    """Archive and record the sending of one document (all its files, for a per-item one)."""
    loaded = load_content(folders.content)
    document = document_named(loaded.content, document_id)
    sent = _sent(document, document_id, protocol, day, via)
    archive = read_archive(folders.archive, document_id, limits)
    if archive is not None:
        return _seal(folders, document_id, sent, archive)
    outcome = render_all(folders, Options(only=(document_id,), final=(document_id,), archive=False,
                                          limits=limits))
    outputs = output_ids(loaded.content)[document_id]
    docx = {output: outcome.files[f"{output}.docx"] for output in outputs}
    pdfs, origin = _pdfs(folders.out, docx, limits, _xmp_lines(loaded.content, document_id))
    files = {f"{o}.docx": (o, "docx", docx[o]) for o in outputs}
    files |= {f"{o}.pdf": (o, "pdf", pdfs[o]) for o in outputs}
    files |= {f"{o}.pdf.p7m": (o, "p7m", data) for o, data in _envelopes(folders.out, pdfs).items()}
    files["metadati.xml"] = (document_id, "xml", _metadata(loaded.content, document_id, sent, files))
    base = Path(folders.content).resolve().parent
    record = {"date": sent.date.isoformat(), "protocol": sent.protocol, "via": sent.via,
              "document_date": document.date.isoformat(), "title": document.title,
              "fsegen": __version__, "git": git.state(base), "archived_on": dt.date.today().isoformat(),
              "templates": _hashes(outcome.inputs, folders.templates),
              "content": _hashes(outcome.inputs, folders.content)}
    archive_sent(folders.archive, document_id, record, files)
    sent = sent.model_copy(update={"files": {name: sha256(data) for name, (_, _, data) in files.items()}})
    report = SendReport(document_id, sent, folders.archive / document_id, sorted(files), origin,
                        by_hand=document.sent is not None)
    report.recorded = _record(folders.content, document_id, sent, report.by_hand)
    return report


def _seal(folders: Folders, document_id: str, sent: Sent, archive) -> SendReport:
    """A document already archived: its files' hashes recorded in the content (a sending recorded
    before fsegen kept them), once the archive agrees with its own record; else refused."""
    if sent.files:
        raise OutputError(_("{doc_id} was already sent: {folder} holds what was sent, and stays as it is "
                            "(send a new document to replace it)",
                            doc_id=document_id, folder=str(archive.folder)))
    for entry in archive.record.get("files", []):
        data = archive.files.get(entry["file"])
        if data is None or sha256(data) != entry.get("sha256"):
            raise OutputError(_("{file} does not match {folder}/sent.json: restore the archive from Git "
                                "before recording its hashes", file=str(archive.folder / entry["file"]),
                                folder=str(archive.folder)))
    sealed = sent.model_copy(update={"files": {name: sha256(data) for name, data in archive.files.items()}})
    report = SendReport(document_id, sealed, archive.folder, sorted(archive.files), {}, sealed=True)
    report.recorded = _record(folders.content, document_id, sealed, True)
    return report


def document_named(content, document_id: str) -> Document:
    """The document `document_id`, or a UsageError that says what is there (a file of a per-item
    document: its document; a near name: did you mean)."""
    if document_id in content.documents:
        return content.documents[document_id]
    owners = {out: doc for doc, outs in output_ids(content).items() for out in outs}
    if document_id in owners:
        raise UsageError(_("{output} is one file of the document {doc_id!r}: send the whole document (fsegen "
                           "send {doc_id} ...)", output=document_id, doc_id=owners[document_id]))
    close = difflib.get_close_matches(document_id, list(content.documents), n=1)
    raise UsageError(_("no document {id!r} (did you mean {close!r}?)",
                       id=document_id, close=close[0]) if close
                     else _("no document {id!r}; documents: {known}", id=document_id,
                            known=", ".join(content.documents)))


def _sent(document: Document, document_id: str, protocol: str | None, day: dt.date | None,
          via: str | None) -> Sent:
    """The record of sending: from the options, or from the YAML when written there by hand."""
    recorded = document.sent
    if recorded is not None:
        given = {"protocol": protocol, "date": day, "via": via}
        differs = [k for k, v in given.items() if v is not None and v != getattr(recorded, k)]
        if differs:
            raise UsageError(_("documents.{doc_id} already records its sending (protocol {protocol} of "
                               "{date}); "
                               "--{option} says otherwise: correct one of the two", doc_id=document_id,
                               protocol=recorded.protocol, date=recorded.date.isoformat(), option=differs[0]))
        sent = recorded
    elif protocol is None or day is None:
        raise UsageError(_("give the protocol and the date of sending: fsegen send {doc_id} --protocol N "
                           "--date YYYY-MM-DD [--via PEC]", doc_id=document_id))
    else:
        sent = Sent(date=day, protocol=protocol, via=via)
    if sent.date < document.date:
        raise UsageError(_("the date of sending {sent} is before the document's own date {date}",
                           sent=sent.date.isoformat(), date=document.date.isoformat()))
    return sent


def _xmp_lines(content: Any, document_id: str) -> dict[str, dict[str, str]]:
    """Allegato 5's metadata of each file of the document, as the build writes it in the XMP."""
    from generator.context.items import file_contexts
    from generator.context.metadata import file_metadata, flat

    contexts = file_contexts(content, {document_id})
    return {output: flat(file_metadata(context, output)) for output, context in contexts.items()}


def _pdfs(out_dir: Path, docx: dict[str, bytes], limits: Limits, lines: dict[str, dict[str, str]]
          ) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each output's PDF/A: the one in `out_dir` when its build rendered the same .docx and the
    PDF is unchanged since (signed or not), else converted now with LibreOffice, with Allegato
    5's metadata in its XMP as a build writes it (`lines`)."""
    entries = {entry["file"]: entry for entry in previous_entries(out_dir)}
    pdfs: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    convert: dict[str, bytes] = {}
    for output, data in docx.items():
        built, pdf_entry = entries.get(f"{output}.docx"), entries.get(f"{output}.pdf")
        path = Path(out_dir) / f"{output}.pdf"
        if built and pdf_entry and built["sha256"] == sha256(data) and path.is_file():
            pdf = path.read_bytes()
            if sha256(pdf) == pdf_entry["sha256"]:
                pdfs[output] = pdf
                origin[output] = f"{path}" + (" (signed)" if pdf_entry.get("signed") else "")
                continue
        convert[f"{output}.docx"] = data
    if convert:
        from generator.rendering.pdf import convert_to_pdfa  # LibreOffice: only when needed
        from generator.rendering.xmp import with_metadata

        for name, pdf in convert_to_pdfa(convert, timeout=limits.conversion).items():
            output = name.removesuffix(".pdf")
            pdfs[output] = with_metadata(pdf, lines.get(output, {}))
            origin[name.removesuffix(".pdf")] = _("converted to PDF/A now")
    return pdfs, origin


def _envelopes(out_dir: Path, pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """The CAdES envelope of each PDF sent, when output/ holds one of that very PDF (`fsegen sign
    --cades`): what left is the .p7m."""
    from generator.lifecycle.cades import open_envelope
    from generator.lifecycle.signer import SigningError

    found = {}
    for output, pdf in pdfs.items():
        path = Path(out_dir) / f"{output}.pdf.p7m"
        if path.is_file():
            data = path.read_bytes()
            try:
                if open_envelope(data)[0] == pdf:
                    found[output] = data
            except SigningError:
                continue
    return found


def _metadata(content, document_id: str, sent: Sent, files: dict[str, tuple[str, str, bytes]]) -> bytes:
    """`metadati.xml` of the archive: Allegato 5's metadata of each PDF and envelope sent, with
    the protocol and date of this sending and each file's fingerprint."""
    from generator.context.items import file_contexts
    from generator.context.metadata import file_metadata
    from generator.lifecycle.packing import metadata_xml

    contexts = file_contexts(content, {document_id})
    found = {}
    for name, (output, fmt, data) in sorted(files.items()):
        if fmt in ("pdf", "p7m"):
            metadata = file_metadata(contexts[output], output, sent)
            metadata["IdDoc"] = {**metadata["IdDoc"], "ImprontaCrittograficaDelDocumento": {
                "Impronta": sha256(data), "Algoritmo": "SHA-256"}}
            found[name] = {**metadata, "NomeDelDocumento": name}
    return metadata_xml(found)


def _record(content_dir: Path, document_id: str, sent: Sent, recorded: bool) -> Path:
    """Write `sent:` into the document's file (`status: inviato` where a status was written), or,
    when it is `recorded` there already, add the hashes of the files sent under it; every other
    line is kept, the file is read back, and restored if it no longer loads."""
    hashes = ["  files:  # SHA-256 dei file inviati: sent/ cambia solo con queste righe"]
    hashes += [f"    {name}: {digest}" for name, digest in sorted(sent.files.items())]
    if recorded:
        return record_under_sent(content_dir, document_id, hashes)
    path = _document_file(content_dir, document_id)
    before = path.read_text(encoding="utf-8")
    lines = [f"# Inviato il {sent.date.isoformat()} con protocollo {sent.protocol}: registrato da "
             f"fsegen send; i file inviati sono in sent/{document_id}/.",
             "sent:", f"  date: {sent.date.isoformat()}",
             f"  protocol: {json.dumps(sent.protocol, ensure_ascii=False)}"]
    if sent.via:
        lines.append(f"  via: {json.dumps(sent.via, ensure_ascii=False)}")
    after = re.sub(r"(?m)^status:[ \t]*[^\s#]+", "status: inviato", before)
    after = after.rstrip("\n") + "\n\n" + "\n".join(lines + hashes) + "\n"
    return _rewrite(content_dir, document_id, path, before, after)


def record_under_sent(content_dir: Path, document_id: str, lines: list[str]) -> Path:
    """`lines` added at the end of the `sent:` block of the document's YAML, every other line
    kept; the file is read back, and restored if it no longer loads (an OutputError)."""
    path = _document_file(content_dir, document_id)
    before = path.read_text(encoding="utf-8")
    return _rewrite(content_dir, document_id, path, before, _under_sent(before, lines, path))


def _document_file(content_dir: Path, document_id: str) -> Path:
    folder = Path(content_dir) / "documents"
    path = next((p for p in (folder / f"{document_id}.yaml", folder / f"{document_id}.yml")
                 if p.is_file()), None)
    if path is None:
        raise OutputError(_("cannot find the file of document {doc_id} under {folder}", doc_id=document_id,
                            folder=str(folder)))
    return path


def _rewrite(content_dir: Path, document_id: str, path: Path, before: str, after: str) -> Path:
    write_file(path, after.encode("utf-8"))
    try:
        load_content(content_dir)
    except ContentError as error:
        write_file(path, before.encode("utf-8"))
        raise OutputError(_("{path} could not record the sending ({problem}); it was left as it was: add "
                            "`sent:` by hand (the archive {doc_id} is written)", path=str(path),
                            problem=error.message, doc_id=document_id), error.findings) from error
    return path


def _under_sent(text: str, lines: list[str], path: Path) -> str:
    """`lines` added at the end of the `sent:` block of a document's YAML (block style)."""
    body = text if text.endswith("\n") else text + "\n"
    found = re.search(r"(?m)^sent:[ \t]*(?:#.*)?\n((?:[ \t]+\S.*\n|[ \t]*\n)*)", body)
    if found is None:
        raise OutputError(_("{path} records its sending in a form fsegen cannot extend: add the hashes under "
                            "`sent:` by hand (`files:`, one `name: sha256` per file)", path=str(path)))
    end = found.start(1) + len(found.group(1).rstrip())
    return body[:end] + "\n" + "\n".join(lines) + body[end:]


def _hashes(paths: list[Path], folder: Path) -> dict[str, str]:
    """sha256 of each file of `paths` inside `folder`, by its path relative to the folder."""
    found = {}
    for path in sorted(set(paths)):
        try:
            name = Path(path).resolve().relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            continue
        found[name] = sha256(Path(path).read_bytes())
    return found
