"""A new programme folder (`fsegen init`) and a new deliverable from an existing one (`fsegen new`).

`init` lays out everything a programme office needs to start, edit, review and ship on
its own: commented skeleton content written with the answers to its questions
(generator/kit/questions.py; or the example, with its monitoring spreadsheet), the Word
templates, the programme's settings (fsegen.toml), the editor's schemas and settings, the
Git attributes and ignores, the CI workflow and the pinned fsegen requirement CI installs.
It never overwrites: if any file it would write exists, it writes nothing and names them.
It writes only inside the folder (a symbolic link on the way out of it is refused), and all
or nothing: a write that fails takes back the files and folders written before it.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator import config, git
from generator.content.loading import WINDOWS_RESERVED
from generator.content.schemas import (
    CONTENT_SCHEMA,
    DOCUMENT_SCHEMA,
    SCHEMA_DIR,
    content_file_schema,
    document_file_schema,
    schema_text,
    vscode_settings,
)
from generator.errors import FsegenError, UsageError
from generator.kit import bundled
from generator.kit.questions import Answers, render
from generator.kit.requirement import REQUIREMENTS_NAME, requirement_file
from generator.messages import Message, _
from generator.review import textconv

WORKFLOW = ".github/workflows/fsegen.yml"
REQUIREMENTS = REQUIREMENTS_NAME

GITIGNORE = """\
# Built by `fsegen build` from content/ and templates/: never committed.
output/
# The submission packets `fsegen packet` gathers from output/ (what a PEC carries).
packet/
# What an interrupted fsegen run left, and its lock files (.fsegen-lock.*).
.fsegen-*
# Lock files of Word and LibreOffice while a file is open.
~$*
.~lock.*#
# A Python virtual environment, if fsegen is installed inside the folder.
.venv/
"""

GITATTRIBUTES = f"""\
# Show the text of Word files in `git diff` and `git log -p`: run `fsegen textconv --install`
# once in each clone (fsegen init did it in this one).
{textconv.ATTRIBUTE}
"""

EXTENSIONS = {"recommendations": ["redhat.vscode-yaml"]}
"""VS Code offers to install Red Hat's YAML extension, which reads the schemas."""

TEMPLATE_SUFFIXES = (".docx", ".jinja")
CONTENT_SUFFIXES = (".yaml", ".yml")
ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
TEMPLATE_LINE = re.compile(r"^template:[ \t]*(?P<value>['\"]?(?P<name>[^'\"#\n]+?)['\"]?)[ \t]*(?:#.*)?$",
                           re.MULTILINE)


@dataclass
class Started:
    """What `init` did."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    """Files written, relative to the folder."""
    git: list[Message] = field(default_factory=list)
    """What was done with Git (a repository created, the textconv driver installed)."""
    notes: list[str] = field(default_factory=list)
    """What the user must still do by hand."""


def plan(example: bool = False, kit_only: bool = False, answers: Answers | None = None) -> dict[str, bytes]:
    """Every file of a new programme folder: relative path -> bytes (with `kit_only`, all but
    the content, the templates and the settings). The skeleton is written with `answers` (the
    placeholders by default)."""
    files: dict[str, bytes] = {}
    if not kit_only:
        files |= _programme(example, answers or Answers())
        files[config.NAME] = config.text(language="it").encode("utf-8")
    files[f"{SCHEMA_DIR}/{CONTENT_SCHEMA}"] = schema_text(content_file_schema()).encode("utf-8")
    files[f"{SCHEMA_DIR}/{DOCUMENT_SCHEMA}"] = schema_text(document_file_schema()).encode("utf-8")
    files[".vscode/settings.json"] = _json(vscode_settings())
    files[".vscode/extensions.json"] = _json(EXTENSIONS)
    files[".gitignore"] = GITIGNORE.encode("utf-8")
    files[".gitattributes"] = GITATTRIBUTES.encode("utf-8")
    files[WORKFLOW] = bundled.WORKFLOW.read_bytes()
    return files


def _programme(example: bool, answers: Answers) -> dict[str, bytes]:
    """The content (the skeleton with the answers, or the example and its monitoring
    spreadsheet) and the templates."""
    files: dict[str, bytes] = {}
    content = bundled.folder(bundled.EXAMPLE) if example else bundled.SKELETON / "content"
    for name in bundled.files(content):
        if name.suffix in CONTENT_SUFFIXES:
            data = (content / name).read_bytes()
            if not example:
                data = render(data.decode("utf-8"), answers).encode("utf-8")
            files[f"content/{name.as_posix()}"] = data
    if example:
        monitoring = bundled.folder(bundled.MONITORING)
        for name in bundled.files(monitoring):
            files[f"monitoring/{name.as_posix()}"] = (monitoring / name).read_bytes()
    templates = bundled.folder(bundled.TEMPLATES)
    for name in bundled.files(templates):
        if name.suffix in TEMPLATE_SUFFIXES and not name.name.startswith("~$"):
            files[f"templates/{name.as_posix()}"] = (templates / name).read_bytes()
    return files


def init(folder: Path, example: bool = False, use_git: bool = True, kit_only: bool = False,
         answers: Answers | None = None) -> Started:
    """Lay out a new programme folder in `folder` (created if needed; it may already hold
    other files, never one of ours), its skeleton written with `answers`. With `use_git`,
    make it a Git repository unless it is inside one, and install the textconv driver there.
    With `kit_only`, write only the editor, Git and CI files (and fsegen.toml if it has none),
    for a programme that has its content and templates."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("{folder} is a file, not a folder", folder=str(folder)))
    if example and kit_only:
        raise UsageError(_("--example and --kit exclude each other: --kit writes no content"))
    files = plan(example, kit_only, answers)
    if kit_only and not (folder / config.NAME).exists():
        files[config.NAME] = config.text(language="it").encode("utf-8")
    pinned, note = requirement_file()
    files[REQUIREMENTS] = pinned.encode("utf-8")
    existing = sorted(name for name in files if (folder / name).exists() or (folder / name).is_symlink())
    if existing:
        shown: object = ", ".join(existing[:5])
        if len(existing) > 5:
            shown = _("{names} and {more} more", names=shown, more=len(existing) - 5)
        raise UsageError(_("{folder} already has {files}: fsegen init never overwrites a file; choose a new "
                           "or empty folder", folder=str(folder), files=shown))
    _refuse_links(folder, files)
    started = Started(folder, notes=[note] if note else [])
    _write_all(folder, files, started)
    if use_git:
        _git(folder, started)
    return started


def _refuse_links(folder: Path, files: dict[str, bytes]) -> None:
    """Every folder on the way to a file to write is a real folder inside `folder`: a symbolic
    link (to elsewhere, or anywhere) would make init write outside the programme."""
    for name in files:
        step = folder
        for part in Path(name).parts[:-1]:
            step = step / part
            if step.is_symlink():
                raise UsageError(_("{link} is a symbolic link: fsegen init writes only inside {folder}; "
                                   "remove the link or choose another folder", link=str(step),
                                   folder=str(folder)))


def _write_all(folder: Path, files: dict[str, bytes], started: Started) -> None:
    """Write every file, none overwritten; on a failure, remove what was written (and the
    folders made for it) and name the file that could not be written."""
    made: list[Path] = []
    try:
        for name, data in files.items():
            path = folder / name
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made.append(parent)
            with open(path, "xb") as handle:
                made.append(path)
                handle.write(data)
            started.written.append(Path(name))
    except OSError as error:
        for path in reversed(made):
            with contextlib.suppress(OSError):
                path.rmdir() if path.is_dir() and not path.is_symlink() else path.unlink()
        started.written.clear()
        where = error.filename or folder
        problem = error.strerror or str(error)
        raise FsegenError(_("cannot write {where}: {problem}; nothing was written (what init had written "
                            "into {folder} was removed)", where=str(where), problem=problem,
                            folder=str(folder))) from error


def _git(folder: Path, started: Started) -> None:
    """A repository for the folder (unless it is in one already), and the textconv driver."""
    try:
        inside = git.run(folder, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0:
            git.output(folder, "init", "--quiet", what=_("cannot create a Git repository in {folder}",
                                                         folder=str(folder)))
            started.git.append(_("created a Git repository in {folder}", folder=str(folder)))
        done = textconv.install(folder)
        started.git.append(_("Git shows Word files as text: diff.docx.textconv = {command}",
                             command=done.command))
    except FsegenError as error:
        started.notes.append(_("Git was not set up ({problem}); run `git init` and `fsegen textconv "
                               "--install` in the folder", problem=error.message))


def _json(value: object) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


@dataclass
class Added:
    """What `new` wrote: the document file, and the template (None when shared)."""

    document: Path
    template: Path | None
    template_name: str


def new(content: Path, templates: Path, doc_id: str, like: str, same_template: bool = False) -> Added:
    """A new deliverable `doc_id` made from the document `like`: a copy of its YAML (comments
    kept) whose `template:` names a copy of its Word template, `templates/<doc_id>.docx`
    (or the same template with `same_template`)."""
    _check_id(doc_id)
    documents = Path(content) / "documents"
    source = _document_file(documents, like)
    target = documents / f"{doc_id}.yaml"
    if target.exists() or target.with_suffix(".yml").exists():
        raise UsageError(_("document {id!r} exists already ({file}): choose another id", id=doc_id,
                           file=str(target)))
    text = source.read_text(encoding="utf-8")
    match = TEMPLATE_LINE.search(text)
    if match is None:
        raise UsageError(_("{file} has no top-level `template:` line to copy", file=str(source)))
    old_name = match.group("name").strip()
    new_template = None
    name = old_name
    if not same_template:
        name = f"{doc_id}.docx"
        new_template = Path(templates) / name
        if new_template.exists():
            raise UsageError(_("the template {template} exists already: remove it, or keep the template "
                               "of the other document with --same-template", template=str(new_template)))
        original = Path(templates) / old_name
        if not original.is_file():
            raise UsageError(_("{file} names the template {template}, which is not in {folder}",
                               file=str(source), template=old_name, folder=str(templates)))
        shutil.copyfile(original, new_template)
        start, end = match.span("value")
        text = text[:start] + name + text[end:]
    target.write_text(text, encoding="utf-8")
    return Added(target, new_template, name)


def _check_id(doc_id: str) -> None:
    if not ID.fullmatch(doc_id) or len(doc_id) > 80:
        raise UsageError(_("{id!r} is not a document id: use lowercase letters, digits, '-' and '_' (it "
                           "becomes the file name, e.g. lettera-integrazioni)", id=doc_id))
    if doc_id in WINDOWS_RESERVED:
        raise UsageError(_("{id!r} is a name Windows reserves for a device: choose another id", id=doc_id))


def _document_file(documents: Path, doc_id: str) -> Path:
    for suffix in CONTENT_SUFFIXES:
        if (documents / f"{doc_id}{suffix}").is_file():
            return documents / f"{doc_id}{suffix}"
    known = sorted(p.stem for p in documents.glob("*.y*ml")) if documents.is_dir() else []
    raise UsageError(_("no document {id!r} in {folder}: known documents are {known}", id=doc_id,
                       folder=str(documents), known=", ".join(known) or "-"))
