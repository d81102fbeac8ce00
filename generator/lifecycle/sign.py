"""Handing a deliverable in: signing its PDF/A where it lies, keeping the record true.

A signed PDF in the output folder is still the build's file: its manifest entry is
updated (new hash, `signed: true`) in the same atomic replacement the build uses,
so `fsegen verify` passes after signing and names the file if a byte changes. A CAdES
envelope (`<id>.pdf.p7m`) joins the manifest beside its PDF, with the hash of the PDF it
holds: a build that makes that PDF again keeps it, one that changes it drops it.

The certificate must be the signatory's: when the file is a deliverable of the content
(`output/<id>.pdf`), the person its signature block names, or the legal representative it
stands for, is the one the certificate must name (generator/lifecycle/identity.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import ContentError, OutputError
from generator.lifecycle.cades import P7M, sign_cades
from generator.lifecycle.identity import Declared
from generator.lifecycle.signer import SignerSpec, sign_document
from generator.messages import _
from generator.pipeline.manifest import MANIFEST, entry, read_entries, sha256
from generator.pipeline.writing import write_file, write_outputs

CLAUSE = "Firmato digitalmente ai sensi dell'Art. 24 del D.Lgs. 82/2005"


def sign_file(path: Path, signer: SignerSpec, target: Path | None = None, force: bool = False,
              cades: bool = False, declared: Declared | None = None) -> tuple[Path, list[str]]:
    """Sign the PDF at `path` (PAdES into `target`, default in place; `cades`: an envelope, by
    default `path` + .p7m); return where it was written, and, when `force` signed despite them,
    the problems that will make the signature invalid or the wrong person's."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OutputError(_("cannot read {path}: {problem}", path=path,
                            problem=str(error.strerror or error))) from error
    if cades:
        result = sign_cades(data, signer, force=force, declared=declared)
        target = target or path.with_name(path.name + P7M)
    else:
        result = sign_document(data, signer, reason=CLAUSE, force=force, declared=declared)
        target = target or path
    signed = result.data
    folder = target.parent
    if (folder / MANIFEST).is_file() and path.name in _listed(folder) and path.parent == folder:
        owned = _listed(folder)
        write_outputs(folder, {target.name: signed, MANIFEST: _manifest_with(folder, path.name, target.name,
                                                                            signed, data)},
                      keep=owned - {target.name}, owned=owned)
    else:
        write_file(target, signed)
    return target, result.warnings


def declared_signatory(content_dir: Path, pdf: Path) -> Declared | None:
    """Who the deliverable `pdf` (`<output id>.pdf`) declares signs it, when the content in
    `content_dir` loads and has that deliverable; else None (nothing to compare with)."""
    from generator.content.loading import load_content

    if not Path(content_dir).is_dir() or not pdf.name.endswith(".pdf"):
        return None
    try:
        content = load_content(content_dir).content
    except ContentError:
        return None
    return declared_signatories(content).get(pdf.name.removesuffix(".pdf"))


def declared_signatories(content) -> dict[str, Declared]:
    """Output id -> the signatory its file declares (files that name none left out)."""
    from generator.context.items import signers

    return {output: Declared(output, person.name, person.fiscal_code, person_id)
            for output, found in signers(content).items() if found is not None
            for person_id, person in [found]}


def _listed(folder: Path) -> set[str]:
    return {entry["file"] for entry in read_entries(folder)}


def _manifest_with(folder: Path, source: str, name: str, data: bytes, pdf: bytes) -> bytes:
    """The folder's manifest, with the entry of `name` describing the signed file (a new entry
    for an envelope of `source`, holding its hash)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    files = manifest["files"]
    if name == source:
        for item in files:
            if item["file"] == name:
                item.update(sha256=sha256(data), size=len(data), signed=True)
    else:
        deliverable = next(item["deliverable"] for item in files if item["file"] == source)
        envelope = entry(name, data, deliverable) | {"format": "p7m", "signed": True,
                                                     "content_sha256": sha256(pdf)}
        files[:] = sorted([item for item in files if item["file"] != name] + [envelope],
                          key=lambda item: item["file"])
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
