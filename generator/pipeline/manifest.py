"""`output/manifest.json`: what was built, from which inputs, by which fsegen.

A public body must be able to show later exactly what it submitted and from
which content: every output file with its sha256, the sha256 of every content
file and template used, the Git commit of the programme folder and whether the
working tree was dirty. The manifest holds no clock time (builds stay
reproducible) unless SOURCE_DATE_EPOCH is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from generator import __version__, git
from generator.errors import Finding, OutputError
from generator.messages import _

MANIFEST = "manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry(name: str, data: bytes, deliverable: str, source: bytes | None = None,
          converter: str | None = None) -> dict:
    """The manifest entry of one output file (`source`: the .docx a PDF was made from;
    `converter`: which LibreOffice installation made it)."""
    item = {"file": name, "deliverable": deliverable, "format": name.rsplit(".", 1)[-1],
            "size": len(data), "sha256": sha256(data)}
    if source is not None:
        item["source_sha256"] = sha256(source)
    if converter is not None:
        item["converter"] = converter
    return item


def make_manifest(entries: list[dict], inputs: list[Path], base: Path) -> bytes:
    """The manifest of one build: its files' entries, the sha256 of every input read, the Git
    state of the programme folder and fsegen's version; no clock unless SOURCE_DATE_EPOCH."""
    used = {}
    for path in sorted(set(inputs)):
        try:
            shown = str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            shown = str(path)
        used[shown] = sha256(path.read_bytes())
    manifest = {
        "fsegen": __version__,
        "git": git.state(base),
        "inputs": used,
        "files": sorted(entries, key=lambda item: item["file"]),
    }
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        manifest["built_at"] = dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat()
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def read_entries(out_dir: Path) -> list[dict]:
    """The file entries of `out_dir`'s manifest; OutputError if it is missing or malformed
    (a manifest edited by hand is named with the entry that is wrong)."""
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise OutputError(_("no {path}: build first (fsegen build)", path=str(path))) from error
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise OutputError(_("{path} is not a valid fsegen manifest: {problem}", path=str(path),
                            problem=str(error))) from error
    entries = data.get("files") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise OutputError(_("{path} is not a valid fsegen manifest: it has no list of files; rebuild with "
                            "fsegen build", path=str(path)))
    for index, entry in enumerate(entries):
        problem = _entry_problem(entry)
        if problem:
            raise OutputError(_("{path} is not a valid fsegen manifest: files[{index}] {problem}; it was "
                                "edited by hand? rebuild with fsegen build", path=str(path), index=index,
                                problem=problem))
    return entries


def _entry_problem(entry: object) -> str | None:
    if not isinstance(entry, dict):
        return f"is a {type(entry).__name__}, not an entry"
    name, digest, size = entry.get("file"), entry.get("sha256"), entry.get("size")
    if not isinstance(name, str) or not name or Path(name).name != name or name.startswith("."):
        return f"has no plain file name ({name!r})"
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        return f"has no sha256 ({digest!r})"
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        return f"has no size ({size!r})"
    return None


def previous_entries(out_dir: Path) -> list[dict]:
    """The entries of the manifest in `out_dir`, or none when there is no valid one."""
    try:
        return read_entries(out_dir)
    except OutputError:
        return []


def verify(out_dir: Path) -> list[Finding]:
    """Findings for every file of the manifest that is missing or changed, and files it lacks."""
    entries = read_entries(out_dir)
    listed = {entry["file"] for entry in entries} | {MANIFEST}
    findings = [Finding(_("{name} is in {folder} but not in the manifest",
                          name=file.name, folder=str(out_dir)),
                        file=str(file), rule="verify",
                        hint=_("it was not produced by the build the manifest records"))
                for file in sorted(out_dir.iterdir())
                if file.is_file() and not file.name.startswith(".") and file.name not in listed]
    for entry in entries:
        file = out_dir / entry["file"]
        if not file.is_file():
            findings.append(Finding(_("{name} is listed in the manifest but missing", name=entry["file"]),
                                    file=str(file), rule="verify",
                                    hint=_("rebuild with fsegen build, or restore the submitted file")))
            continue
        data = file.read_bytes()
        if sha256(data) != entry["sha256"] or len(data) != entry["size"]:
            found, recorded = sha256(data)[:12], entry["sha256"][:12]
            findings.append(Finding(_("{name} changed since it was built (sha256 {found}..., manifest "
                                      "{recorded}...)", name=entry["file"], found=found, recorded=recorded),
                                    file=str(file), rule="verify",
                                    hint=_("this is not the file that was built: rebuild, or restore it")))
    return findings
