"""What was sent stays as sent: the archive of sent deliverables, and its comparison with today.

`sent/<document id>/` (beside `content/`, committed with it) holds the files of a sent
deliverable exactly as they left: the `.docx` and the PDF/A of each output, and
`sent.json` recording the protocol, the dates, the sha256 of every file and of the
templates they were rendered with. It is written once, whole (generator/pipeline/writing.py
`write_folder`), by `fsegen send`; no build ever writes there. Builds take a sent
deliverable's files from the archive, and checks compare the archive with what the
content would render today: a change that would render it differently is an error that
shows the difference.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ERROR, WARNING, Finding, OutputError
from generator.limits import Limits
from generator.messages import _
from generator.model import Content, Sent, output_ids
from generator.pipeline.writing import write_folder
from generator.sources import SourceMap

RECORD = "sent.json"
DIFF_LINES = 12
"""Changed lines a finding shows; `fsegen diff --sent DOC` shows them all."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Archive:
    """The archive of one sent document: its record and its files, as read from sent/."""

    document_id: str
    folder: Path
    record: dict
    files: dict[str, bytes]

    def outputs(self) -> list[str]:
        """The output ids archived (one per file of a per-item document)."""
        return [entry["deliverable"] for entry in self.record.get("files", [])
                if entry.get("format") == "docx"]

    def docx(self, output_id: str) -> bytes | None:
        return self.files.get(f"{output_id}.docx")

    def text(self, output_id: str) -> str:
        from generator.rendering.text import docx_to_text  # python-docx only for a sent file

        data = self.docx(output_id)
        return docx_to_text(data) if data is not None else ""

    def as_format(self, output_id: str, fmt: str) -> bytes | None:
        """The file of one output in a build format (docx, pdf, md) as it was sent."""
        if fmt == "md":
            from generator.rendering.text import docx_to_markdown

            data = self.docx(output_id)
            return docx_to_markdown(data, output_id).encode("utf-8") if data is not None else None
        return self.files.get(f"{output_id}.{fmt}")


def folder_of(root: Path, document_id: str) -> Path:
    return Path(root) / document_id


def read_archive(root: Path, document_id: str, limits: Limits = Limits()) -> Archive | None:
    """The archive of a document, None when there is none; OutputError when it is damaged.

    The archive comes with the content, by pull request, so it is untrusted like it: its
    record may name only plain files of its own folder (no path, no link leading out), of
    a bounded size, for outputs whose ids are plain ids."""
    folder = folder_of(root, document_id)
    if not folder.is_dir() or folder.is_symlink():
        return None
    try:
        record = json.loads(_read(folder, RECORD, limits.package).decode("utf-8"))
        entries = record["files"]
        for entry in entries:
            if not (_PLAIN.fullmatch(str(entry["file"])) and _PLAIN.fullmatch(str(entry["deliverable"]))):
                raise ValueError(_("files lists {file!r} of {deliverable!r}, not a plain file of the "
                                   "folder", file=entry['file'], deliverable=entry['deliverable']))
        files = {entry["file"]: _read(folder, entry["file"], limits.package) for entry in entries
                 if (folder / entry["file"]).is_file()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise OutputError(_("{record} cannot be read: {problem}; restore the archive of {doc_id} from "
                            "Git (git checkout -- {folder})", record=str(folder / RECORD), problem=str(error),
                            doc_id=document_id, folder=str(folder))) from error
    return Archive(document_id, folder, record, files)


_PLAIN = re.compile(r"[a-z0-9][a-z0-9_-]*(\.(docx|pdf|pdf\.p7m|xml|json))?")


def _read(folder: Path, name: str, limit: int) -> bytes:
    """A file of the archive folder itself: no link out of it, no more than the package limit."""
    path = folder / name
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        raise ValueError(_("{name} leads outside {folder}", name=name, folder=folder))
    if path.stat().st_size > limit:
        raise ValueError(_("{name} is larger than {limit:,} bytes (FSEGEN_LIMIT_PACKAGE)", name=name,
                           limit=limit))
    return path.read_bytes()


def archive_sent(root: Path, document_id: str, record: dict,
                 files: dict[str, tuple[str, str, bytes]]) -> Path:
    """Write `sent/<document id>/`: `files` maps file name -> (output id, format, bytes);
    `record` is what `sent.json` says besides them (date, protocol, via, the sha256 of the
    `templates` and `content` files used...)."""
    entries = [{"file": name, "deliverable": output, "format": fmt, "size": len(data),
                "sha256": sha256(data)} for name, (output, fmt, data) in sorted(files.items())]
    record = dict(record, document=document_id, files=entries)
    data = {name: body for name, (_, _, body) in files.items()}
    data[RECORD] = (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True, default=str)
                    + "\n").encode("utf-8")
    return write_folder(folder_of(root, document_id), data)


def sent_findings(content: Content, sources: SourceMap, root: Path,
                  rendered: dict[str, tuple[str, bytes | None]],
                  templates: dict[str, str], limits: Limits = Limits()
                  ) -> tuple[list[Finding], dict[str, Archive]]:
    """Errors for every sent document whose archive is missing, damaged or no longer what the
    content renders; `rendered` maps output id -> (text, .docx bytes or None) of the outputs rendered
    this run, `templates` file name -> sha256 of the templates now. Returns the archives read."""
    findings: list[Finding] = []
    archives: dict[str, Archive] = {}
    produced = output_ids(content)
    for doc_id, document in content.documents.items():
        if document.sent is None:
            continue
        path = ("documents", doc_id, "sent")
        try:
            archive = read_archive(root, doc_id, limits)
        except OutputError as error:
            findings.append(sources.finding(path, error.message, _("restore sent/ from Git"),
                                            rule="sent"))
            continue
        if archive is None:
            findings.append(sources.finding(
                path, _("{doc_id} is recorded as sent, but {folder} does not hold what was sent",
                        doc_id=doc_id, folder=folder_of(root, doc_id)),
                _("run `fsegen send {doc_id}`: it archives the files under the recorded protocol (or "
                  "restore the folder from Git)", doc_id=doc_id), rule="sent"))
            continue
        archives[doc_id] = archive
        findings += _damaged(sources, path, archive, document.sent)
        findings += _outputs(sources, path, archive, produced[doc_id], rendered)
        findings += _changed(sources, path, archive, rendered, templates)
    return findings, archives


def changes(old: list[str], new: list[str]) -> list[str]:
    """The lines that differ, short: a changed paragraph as its changed words with a little
    context (`~ "l'ATS Città" -> "l'ATS della Città"`), a paragraph added or removed cut short."""
    found = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for before, after in zip(old[i1:i2], new[j1:j2]):
                found += _word_changes(before, after)
            continue
        found += [f"- {_short(line)}" for line in old[i1:i2]]
        found += [f"+ {_short(line)}" for line in new[j1:j2]]
    return found


def _word_changes(before: str, after: str, context: int = 3) -> list[str]:
    old, new = before.split(), after.split()
    found = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag != "equal":
            lead = old[max(0, i1 - context):i1]
            tail = old[i2:i2 + context]
            found.append(f'~ "{" ".join(lead + old[i1:i2] + tail)}" -> '
                         f'"{" ".join(lead + new[j1:j2] + tail)}"')
    return found


def _short(line: str, limit: int = 100) -> str:
    return line if len(line) <= limit else line[:limit - 1] + "…"


def _outputs(sources: SourceMap, path: tuple, archive: Archive, produced: list[str],
             rendered: dict[str, tuple[str, bytes | None]]) -> list[Finding]:
    """Files sent that the content no longer produces, or produces and were never sent."""
    if not any(output in rendered for output in produced):
        return []  # not rendered in this run (a build of other documents)
    sent = archive.outputs()
    findings = [sources.finding(path, _("{output} was sent, but the content no longer produces it",
                                        output=output),
                                _("what was sent stays as sent: restore the item it was written for"),
                                rule="sent") for output in sent if output not in produced]
    findings += [sources.finding(path, _("{output} belongs to {document_id}, which was sent without it",
                                         output=output, document_id=archive.document_id),
                                 _("give the new item a document of its own (what was sent stays as sent)"),
                                 rule="sent")
                 for output in produced if output not in sent]
    return findings


def orphans(content: Content, sources: SourceMap, root: Path) -> list[Finding]:
    """Archives whose document no longer records its sending (or no longer exists)."""
    if not Path(root).is_dir():
        return []
    findings = []
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir() and not p.name.startswith(".")):
        document = content.documents.get(folder.name)
        if document is None or document.sent is None:
            where = ("documents", folder.name) if document is not None else ("documents",)
            findings.append(sources.finding(
                where, _("{folder} archives a sent deliverable, but documents.{id} does not record its "
                         "sending", folder=folder, id=folder.name) if document is not None else
                _("{folder} archives a sent deliverable, but documents.{id} no longer exists", folder=folder,
                  id=folder.name),
                _("add the `sent:` record of {record} to the document (what was sent stays as sent), or "
                  "remove the folder if it was archived by mistake", record=folder / RECORD), rule="sent"))
    return findings


def _damaged(sources: SourceMap, path: tuple, archive: Archive, sent: Sent) -> list[Finding]:
    """Archived files missing or changed (against sent.json and against the hashes the content
    records), and a record that disagrees with the content's."""
    findings = _against_content(sources, path, archive, sent) + _receipts(sources, path, archive, sent)
    for entry in archive.record.get("files", []):
        data = archive.files.get(entry["file"])
        if data is None or sha256(data) != entry.get("sha256"):
            where = archive.folder / entry["file"]
            findings.append(sources.finding(
                path, _("{file} is missing", file=where) if data is None else
                _("{file} changed since it was archived", file=where),
                _("restore it from Git: what was sent stays as sent"), rule="sent"))
    recorded = (str(archive.record.get("protocol")), str(archive.record.get("date")))
    if recorded != (sent.protocol, sent.date.isoformat()):
        findings.append(sources.finding(
            path, _("the archive records protocol {archived} of {archived_date}, the content protocol "
                    "{protocol} of {date}", archived=recorded[0], archived_date=recorded[1],
                    protocol=sent.protocol, date=sent.date.isoformat()),
            _("make the content's `sent:` agree with {record}", record=archive.folder / RECORD),
            rule="sent"))
    return findings


def _receipts(sources: SourceMap, path: tuple, archive: Archive, sent: Sent) -> list[Finding]:
    """The PEC receipts the content records, each kept unchanged under ricevute/."""
    findings = []
    for number, receipt in enumerate(sent.receipts):
        file = archive.folder / "ricevute" / receipt.file
        data = file.read_bytes() if file.is_file() and not file.is_symlink() else None
        if data is None or sha256(data) != receipt.sha256:
            findings.append(sources.finding(
                path + ("receipts", number),
                _("{file} is missing: the receipt recorded is kept as it came", file=file) if data is None
                else _("{file} changed: the receipt recorded is kept as it came", file=file),
                _("restore it from Git"), rule="sent"))
    return findings


def _against_content(sources: SourceMap, path: tuple, archive: Archive, sent: Sent) -> list[Finding]:
    """The archive as the content's `sent.files` records it: sent.json lives in the archive
    itself, so a file changed with its own hash there is caught only here."""
    document = archive.folder.name
    if not sent.files:
        return [sources.finding(path, _("the sending of {document} records no hash of the files sent",
                                        document=document),
                                _("run `fsegen send {document}`: it records the hashes of {folder} in "
                                  "the content, to review and commit", document=document,
                                  folder=archive.folder), rule="sent",
                                severity=WARNING)]
    findings = []
    for name in sorted(set(sent.files) | set(archive.files)):
        data = archive.files.get(name)
        if data is None or name not in sent.files or sha256(data) != sent.files[name]:
            where = archive.folder / name
            said = (_("{file} is missing: what was sent stays as sent", file=where) if data is None else
                    _("{file} is not recorded in the content: what was sent stays as sent", file=where)
                    if name not in sent.files else
                    _("{file} differs from the hash the content records: what was sent stays as sent",
                      file=where))
            findings.append(sources.finding(
                path + ("files",), said,
                _("restore sent/ from Git (a change of what was sent needs a reviewed change of "
                  "`sent.files`)"), rule="sent"))
    return findings


def _changed(sources: SourceMap, path: tuple, archive: Archive,
             rendered: dict[str, tuple[str, bytes | None]], templates: dict[str, str]) -> list[Finding]:
    """The outputs the content would now render differently from what was sent."""
    findings = []
    for output in archive.outputs():
        if output not in rendered:
            continue
        text, data = rendered[output]
        old = archive.docx(output)
        if old is None or old == data:
            continue
        changed = changes(archive.text(output).splitlines(), text.splitlines())
        layout = {name: digest for name, digest in archive.record.get("templates", {}).items()
                  if name in templates and templates[name] != digest}
        if not changed and not layout:
            continue  # the same text and templates: only fsegen's own bytes differ
        shown = "\n".join(f"    {line}" for line in changed[:DIFF_LINES])
        more = (_("\n    ... {count} more line(s)", count=len(changed) - DIFF_LINES)
                if len(changed) > DIFF_LINES else "")
        what = (_("its text would change:\n{lines}{more}", lines=shown, more=more) if changed else
                _("its template changed ({templates}), so its layout would",
                  templates=", ".join(sorted(layout))))
        findings.append(sources.finding(
            path, _("{output} was sent (protocol {protocol}), and the content or templates now render it "
                    "differently: {what}", output=output, protocol=archive.record.get("protocol"), what=what),
            _("what was sent stays as sent: undo the change, or date it after the sending; `fsegen diff "
              "--sent {document_id}` shows the whole difference", document_id=archive.document_id),
            rule="sent",
            severity=ERROR))
    return findings
