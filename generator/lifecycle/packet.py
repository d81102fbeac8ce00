"""The submission packet: what one sending hands in, gathered, indexed and checked.

`fsegen packet DOC` gathers DOC and what it encloses (its `attachments`: the deliverables of
the programme, every file of a per-item one, and the files listed with `file:`) into
`packet/DOC/` and `packet/DOC.zip`: each deliverable as signed (the `.pdf.p7m` envelope, or
the PDF/A signed inside), each file as it is, the index (*distinta*: `distinta.pdf`, each
file with its SHA-256 and its signer) and the metadata of Allegato 5 of each file
(`metadati.xml`, generator/context/metadata.py, with its fingerprint and signature).

It refuses, with a finding for each problem and nothing written, when a deliverable is a
bozza or already sent, when the content fails check, when a file of output/ was built from
other content than today's (build again, sign again), when a deliverable is not signed or
its signature does not hold or is not its declared signatory's, or when a listed file is
missing.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.loading import Loaded, load_content
from generator.context.items import file_contexts
from generator.context.metadata import Tree, file_metadata
from generator.errors import ContentError, Finding, OutputError
from generator.folders import Folders
from generator.lifecycle.cades import P7M
from generator.lifecycle.identity import holder
from generator.lifecycle.packing import metadata_xml, replace_folder
from generator.lifecycle.send import document_named
from generator.lifecycle.sign import declared_signatories
from generator.lifecycle.signer import SigningError
from generator.lifecycle.verify import file_signatures, signatory_findings
from generator.limits import Limits
from generator.messages import _
from generator.model import DocumentAttachment, FileAttachment, output_ids
from generator.pipeline import Options, render_all
from generator.pipeline.manifest import previous_entries, sha256

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry of the zip is dated so: the same files make the same zip."""


@dataclass(frozen=True)
class Entry:
    """One file of the packet."""

    name: str
    title: str
    data: bytes
    output: str | None = None
    """The deliverable it is (its output id), None for a listed file."""
    signer: str | None = None
    signature: str | None = None
    """PAdES or CAdES, None when not signed."""


@dataclass
class Packet:
    """What `packet` wrote."""

    document_id: str
    folder: Path
    zip: Path
    entries: list[Entry] = field(default_factory=list)


def members(loaded: Loaded, document_id: str) -> list[str]:
    """The document and the deliverables it encloses, each once, in order."""
    document = loaded.content.documents[document_id]
    attached = [a.document for a in document.attachments if isinstance(a, DocumentAttachment)]
    return list(dict.fromkeys([document_id, *attached]))


def packet(folders: Folders, document_id: str, trust: tuple[Path, ...] = (), to: Path | None = None,
           limits: Limits = Limits()) -> Packet:
    """Check, gather and write the packet of `document_id` (see the module)."""
    loaded = load_content(folders.content)
    document_named(loaded.content, document_id)
    docs = members(loaded, document_id)
    refused = _statuses(loaded, docs)
    if refused:
        raise ContentError(refused)
    outcome = render_all(folders, Options(only=tuple(docs), limits=limits))  # raises when check fails
    entries: list[Entry] = []
    problems: list[Finding] = []
    declared = declared_signatories(loaded.content)
    built = {entry["file"]: entry for entry in previous_entries(folders.out)}
    for doc_id in docs:
        for output in output_ids(loaded.content)[doc_id]:
            found, wrong = _deliverable(folders.out, output, outcome.files[f"{output}.docx"], built, trust,
                                        declared)
            problems += wrong
            if found is not None:
                entries.append(Entry(found[0], _title(loaded, doc_id, output), found[1], output, *found[2:]))
    attached, missing = _files(loaded, document_id, folders)
    entries += attached
    problems += missing + _same_names(entries)
    if problems:
        raise OutputError(_("the packet of {document_id} was not made: {count} problem(s)",
                            document_id=document_id, count=len(problems)), problems)
    return _write(loaded, document_id, entries, to or folders.content.resolve().parent / "packet", limits)


def _statuses(loaded: Loaded, docs: list[str]) -> list[Finding]:
    """A finding for each deliverable that is not definitivo."""
    found = []
    for doc_id in docs:
        status = loaded.content.documents[doc_id].effective_status
        if status == "definitivo":
            continue
        why = (_("it is a bozza: make it definitivo first (fsegen status says what is missing), then "
                 "build, sign and make the packet") if status == "bozza" else
               _("it was sent already: sent/{doc_id}/ holds what was sent", doc_id=doc_id))
        found.append(loaded.sources.finding(("documents", doc_id), _("{doc_id} cannot go in a packet: "
                                                                     "{why}", doc_id=doc_id, why=why),
                                            _("a packet gathers definitivo deliverables, signed"),
                                            rule="packet"))
    return found


def _deliverable(out: Path, output: str, docx: bytes, built: dict[str, dict], trust: tuple[Path, ...],
                 declared: dict) -> tuple[tuple[str, bytes, str, str] | None, list[Finding]]:
    """(name, bytes, signer, PAdES or CAdES) of a deliverable's signed file in `out`, or the
    findings that keep it out: built from other content, unsigned, a signature that does not hold."""
    pdf = out / f"{output}.pdf"

    def problem(message: str, hint: str, where: Path = pdf) -> list[Finding]:
        return [Finding(_("{name}: {message}", name=where.name, message=message), file=str(where),
                        rule="packet", hint=hint)]

    entry = built.get(f"{output}.pdf")
    if entry is None or not pdf.is_file() or built.get(f"{output}.docx", {}).get("sha256") != sha256(docx) \
            or entry.get("source_sha256") != sha256(docx):
        return None, problem(_("there is no PDF/A of the deliverable as the content renders it today"),
                             _("build it (fsegen build --format pdf), then sign it"))
    if sha256(pdf.read_bytes()) != entry.get("sha256"):
        return None, problem(_("it is not the file built (or signed) there: it does not match "
                               "manifest.json"),
                             _("build it again (fsegen build --format pdf), then sign it"))
    envelope = out / f"{output}.pdf{P7M}"
    candidate = envelope if envelope.is_file() else pdf
    statuses, wrong = file_signatures(candidate, trust)
    if not statuses:
        return None, problem(_("it is not signed"), _("sign it: fsegen sign {pdf} (PAdES), or with --cades "
                                                   "for a .p7m envelope", pdf=pdf))
    for status in statuses:
        if not (status.intact and status.valid and status.covers_document) or (trust and not status.trusted):
            wrong.append(_("signature of {signer}: {message}", signer=status.signer, message=status.message))
    findings = [f for message in wrong for f in problem(message, "sign it again", candidate)]
    findings += signatory_findings(candidate, statuses, declared)
    if findings:
        return None, findings
    first = statuses[-1]
    who = holder(first.certificate).name if first.certificate else first.signer
    return (candidate.name, candidate.read_bytes(), who, "CAdES" if candidate is envelope else "PAdES"), []


def _title(loaded: Loaded, doc_id: str, output: str) -> str:
    document = loaded.content.documents[doc_id]
    return document.title if output == doc_id else f"{document.title} ({output.removeprefix(doc_id + '-')})"


def _files(loaded: Loaded, document_id: str, folders: Folders) -> tuple[list[Entry], list[Finding]]:
    """The files listed with `file:` in the document's attachments, or a finding for each missing."""
    base = folders.content.resolve().parent
    entries, findings = [], []
    for number, attachment in enumerate(loaded.content.documents[document_id].attachments):
        if not isinstance(attachment, FileAttachment):
            continue
        path = base / attachment.file
        if not path.is_file():
            findings.append(loaded.sources.finding(
                ("documents", document_id, "attachments", number, "file"),
                _("the attachment {file} is missing ({path} is not a file)", file=attachment.file,
                  path=path),
                _("put the file there (paths are from the programme folder), or correct `file:`"),
                rule="packet"))
            continue
        data = path.read_bytes()
        entries.append(Entry(path.name, attachment.title, data, None, *_signed_by(path)))
    return entries, findings


def _signed_by(path: Path) -> tuple[str | None, str | None]:
    """(signer, PAdES or CAdES) of an attached file signed by its author, else (None, None): a
    file that is no PDF or envelope, or that cannot be read as one, is taken as it is."""
    if not path.name.endswith((".pdf", P7M)):
        return None, None
    try:
        statuses, _others = file_signatures(path, ())
    except SigningError:
        return None, None
    if not statuses or statuses[-1].certificate is None:
        return None, None
    return holder(statuses[-1].certificate).name, "CAdES" if statuses[-1].field == "CAdES" else "PAdES"


def _same_names(entries: list[Entry]) -> list[Finding]:
    seen: set[str] = set()
    found = []
    for entry in entries:
        if entry.name in seen:
            found.append(Finding(_("two files of the packet are named {name}", name=entry.name),
                                 rule="packet",
                                 hint=_("rename one of the attached files")))
        seen.add(entry.name)
    return found


def _write(loaded: Loaded, document_id: str, entries: list[Entry], root: Path, limits: Limits) -> Packet:
    """The packet's folder and zip: the files, the index as PDF/A, the metadata."""
    from generator.lifecycle.packing import index_pdf

    contexts = file_contexts(loaded.content)
    metadata: dict[str, Tree] = {}
    for entry in entries:
        found: Tree = file_metadata(contexts[entry.output], entry.output) if entry.output else {
            "IdDoc": {"Identificativo": entry.name}, "NomeDelDocumento": entry.name,
            "ChiaveDescrittiva": {"Oggetto": entry.title}}
        identity = {**found["IdDoc"], "ImprontaCrittograficaDelDocumento": {
            "Impronta": sha256(entry.data), "Algoritmo": "SHA-256"}}
        metadata[entry.name] = {**found, "IdDoc": identity, "NomeDelDocumento": entry.name,
                                "Verifica": {"FirmatoDigitalmente": "true" if entry.signature else "false"}}
        if entry.signature == "CAdES":
            metadata[entry.name]["IdentificativoDelFormato"] = {
                **found["IdentificativoDelFormato"],
                "Formato": "application/pkcs7-mime (CAdES-BES) con application/pdf (PDF/A-2b)"}
    files = {entry.name: entry.data for entry in entries}
    files["distinta.pdf"] = index_pdf(loaded, document_id, entries, limits)
    files["metadati.xml"] = metadata_xml(metadata)
    folder = replace_folder(root / document_id, files)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{document_id}/{name}", ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    from generator.pipeline.writing import write_file

    write_file(root / f"{document_id}.zip", zipped.getvalue())
    return Packet(document_id, folder, root / f"{document_id}.zip", entries)
