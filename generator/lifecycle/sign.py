"""Handing a deliverable in: signing its PDF/A where it lies, keeping the record true.

A signed PDF in the output folder is still the build's file: its manifest entry is
updated (new hash, `signed: true`) in the same atomic replacement the build uses,
so `fsegen verify` passes after signing and names the file if a byte changes.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.errors import OutputError
from generator.lifecycle.signer import SignerSpec, sign_document
from generator.pipeline.manifest import MANIFEST, read_entries, sha256
from generator.pipeline.writing import write_file, write_outputs

CLAUSE = "Firmato digitalmente ai sensi dell'Art. 24 del D.Lgs. 82/2005"


def sign_file(path: Path, signer: SignerSpec, target: Path | None = None,
              force: bool = False) -> tuple[Path, list[str]]:
    """Sign the PDF at `path` into `target` (default: in place); return where it was written,
    and, when `force` signed despite them, the problems that will make the signature invalid."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise OutputError(f"cannot read {path}: {error.strerror or error}") from error
    result = sign_document(data, signer, reason=CLAUSE, force=force)
    signed = result.data
    target = target or path
    folder = target.parent
    if (folder / MANIFEST).is_file() and target.name in _listed(folder):
        write_outputs(folder, {target.name: signed, MANIFEST: _manifest_with(folder, target.name, signed)},
                      keep={entry["file"] for entry in read_entries(folder)} - {target.name},
                      owned={entry["file"] for entry in read_entries(folder)})
    else:
        write_file(target, signed)
    return target, result.warnings


def _listed(folder: Path) -> set[str]:
    return {entry["file"] for entry in read_entries(folder)}


def _manifest_with(folder: Path, name: str, data: bytes) -> bytes:
    """The folder's manifest, with the entry of `name` describing the signed file."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        if entry["file"] == name:
            entry.update(sha256=sha256(data), size=len(data), signed=True)
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
