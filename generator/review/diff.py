"""Rendered diffs between two Git revisions of a programme (or a revision and the working tree).

What reviewers care about is what changed in the *documents*, not in the YAML:
a renamed signatory is one YAML line but a changed line in every deliverable.
So both sides are rendered in memory and compared as the text a reader sees (one
paragraph per line), and, for offices that review "con revisioni", as Word files
whose every difference is a tracked change (`tracked_changes`).

A revision is rendered from a temporary worktree (generator/git.py); the working
tree side (`rev2=None`) is the programme folder as it is on disk. Library code:
nothing is printed; errors are `FsegenError`s.
"""

from __future__ import annotations

import dataclasses
import difflib
import html
import re
from dataclasses import dataclass
from pathlib import Path

from generator import git
from generator.errors import ContentError, Finding, FsegenError
from generator.folders import Folders
from generator.limits import Limits
from generator.messages import _
from generator.pipeline import Options, render_all
from generator.pipeline.archive import read_archive

CONTEXT_LINES = 1
"""Lines of unchanged context around each change in the unified diffs.

One line is enough to see where a change sits (the paragraph before/after)
while keeping a one-word change in seven deliverables short to read."""

WORKING_TREE = "working tree"
"""Label of the on-disk side of a diff (`rev2=None`)."""


@dataclass(frozen=True)
class Side:
    """One deliverable as one side renders it: its text and its .docx."""

    text: str
    docx: bytes


@dataclass(frozen=True)
class DeliverableDiff:
    """One deliverable compared across two sides; a side is None where it does not exist."""

    id: str
    old: Side | None
    new: Side | None
    unified: str
    """The unified diff ("" when the texts are equal), without trailing newline."""

    @property
    def old_text(self) -> str | None:
        return self.old.text if self.old else None

    @property
    def new_text(self) -> str | None:
        return self.new.text if self.new else None

    @property
    def status(self) -> str:
        """"added", "removed", "changed" or "unchanged"."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.old.text != self.new.text else "unchanged"

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


def revision_error(revision: str | None, cause: ContentError, worktree: Path | None = None
                   ) -> ContentError:
    """The content of one side of a diff (a revision or the working tree) does not build:
    its findings, with files named as Git names them (`<revision>:<path>`)."""
    side = f"revision {revision!r}" if revision is not None else f"the {WORKING_TREE}"
    findings = [_relocate(f, revision, worktree) for f in cause.findings]
    return ContentError(findings, summary=f"{side}: the content does not build: {cause.message}")


def renderings(folders: Folders, limits: Limits = Limits()) -> dict[str, Side]:
    """Deliverable id -> its text and .docx, every deliverable rendered in memory (normal, non-
    strict build; ContentError when the content has errors). Nothing is written."""
    outcome = render_all(folders, Options(strict=False, draft=False, archive=False, limits=limits))
    return {ident: Side(rendered.shown or "", outcome.files[f"{ident}.docx"])
            for ident, rendered in sorted(outcome.outputs.items())}


def sent_label(folders: Folders, document_id: str, limits: Limits = Limits()) -> str:
    """How the sent side of `diff --sent` is named: `sent/<id> (protocol N)`."""
    archive = read_archive(folders.archive, document_id, limits)
    protocol = archive.record.get("protocol") if archive is not None else None
    return f"sent/{document_id}" + (f" (protocol {protocol})" if protocol else "")


def diff_sent(folders: Folders, document_id: str, limits: Limits = Limits()) -> list[DeliverableDiff]:
    """Each file of a sent document as it was sent (its archive under sent/) against what the
    content and templates render now, sorted by id."""
    archive = read_archive(folders.archive, document_id, limits)
    if archive is None:
        raise FsegenError(_("{document_id} has not been sent: {value} does not exist (fsegen send "
                            "archives a deliverable when it is sent)", document_id=document_id,
                            value=folders.archive / document_id))
    outcome = render_all(folders, Options(only=(document_id,), archive=False, limits=limits))
    new = {ident: Side(r.shown or "", outcome.files[f"{ident}.docx"]) for ident, r in outcome.outputs.items()
           if r.document_id == document_id}
    old = {ident: Side(archive.text(ident), archive.docx(ident) or b"") for ident in archive.outputs()}
    label = sent_label(folders, document_id, limits)
    return [DeliverableDiff(ident, old.get(ident), new.get(ident),
                            _unified(ident, old.get(ident), new.get(ident), label, WORKING_TREE))
            for ident in sorted(set(old) | set(new))]


def revision_renderings(programme_dir: Path, rev: str, content: Path = Path("content"),
                        templates: Path = Path("templates"), limits: Limits = Limits()) -> dict[str, Side]:
    """The renderings of the programme folder as it is in Git revision `rev`."""
    programme_dir = Path(programme_dir).resolve()
    content_rel = _relative_to_programme(content, programme_dir, "content")
    templates_rel = _relative_to_programme(templates, programme_dir, "templates")
    with git.checkout(programme_dir, rev) as (tree, base):
        folders = Folders(base / content_rel, base / templates_rel, base / ".fsegen-diff-output")
        if not folders.content.is_dir():
            raise FsegenError(_("revision {rev!r} has no content folder {as_posix}", rev=rev,
                                as_posix=content_rel.as_posix()))
        try:
            return renderings(folders, limits)
        except ContentError as error:
            raise revision_error(rev, error, tree) from error


def working_tree_renderings(programme_dir: Path, content: Path = Path("content"),
                            templates: Path = Path("templates"), limits: Limits = Limits()
                            ) -> dict[str, Side]:
    """The renderings of the programme folder as it is on disk."""
    programme_dir = Path(programme_dir).resolve()
    folders = Folders(programme_dir / content, programme_dir / templates, programme_dir / "output")
    if not folders.content.is_dir():
        raise FsegenError(_("content folder {content} does not exist", content=folders.content))
    try:
        return renderings(folders, limits)
    except ContentError as error:
        raise revision_error(None, error) from error


def diff_revisions(programme_dir: Path, rev1: str, rev2: str | None = None,
                   content: Path = Path("content"), templates: Path = Path("templates"),
                   limits: Limits = Limits()) -> list[DeliverableDiff]:
    """Every deliverable of `rev1` and `rev2` compared as rendered text, sorted by id.

    `rev2=None` compares against the working tree as it is on disk. A deliverable
    present on one side only has None as the other side and a diff against nothing.
    """
    old = revision_renderings(programme_dir, rev1, content, templates, limits)
    if rev2 is None:
        new = working_tree_renderings(programme_dir, content, templates, limits)
    else:
        new = revision_renderings(programme_dir, rev2, content, templates, limits)
    old_label, new_label = rev1, rev2 if rev2 is not None else WORKING_TREE
    return [
        DeliverableDiff(ident, old.get(ident), new.get(ident),
                        _unified(ident, old.get(ident), new.get(ident), old_label, new_label))
        for ident in sorted(set(old) | set(new))
    ]


def format_report(diffs: list[DeliverableDiff]) -> str:
    """Plain-text report: `=== <id> ===`, then the unified diff or `no change`.

    Added / removed deliverables get a `(new deliverable)` / `(deliverable
    removed)` line before their diff against nothing. Ends with a newline.
    """
    out: list[str] = []
    for diff in diffs:
        out.append(f"=== {diff.id} ===")
        if diff.status == "added":
            out.append("(new deliverable)")
        elif diff.status == "removed":
            out.append("(deliverable removed)")
        out.append(diff.unified if diff.changed else "no change")
    return "\n".join(out) + "\n"


def html_report(diffs: list[DeliverableDiff], rev1: str, rev2: str | None) -> str:
    """A self-contained HTML page (no scripts, no external resources), UTF-8.

    A title, a linked list of the deliverables with their status, then per
    deliverable a heading, difflib's side-by-side table (changes with
    `CONTEXT_LINES + 2` lines of context; "No Differences Found" when equal)
    and, when it changed, the unified diff in a collapsed <details>.
    """
    new_label = rev2 if rev2 is not None else WORKING_TREE
    title = f"fsegen: {rev1} → {new_label}"
    differ = difflib.HtmlDiff(wrapcolumn=80)
    sections: list[str] = []
    for diff in diffs:
        status = {"added": "new deliverable", "removed": "deliverable removed",
                  "changed": "changed", "unchanged": "no change"}[diff.status]
        old_lines = (diff.old_text or "").splitlines()
        new_lines = (diff.new_text or "").splitlines()
        table = differ.make_table(old_lines, new_lines,
                                  html.escape(f"{rev1}/{diff.id}"),
                                  html.escape(f"{new_label}/{diff.id}"),
                                  context=True, numlines=CONTEXT_LINES + 2)
        # The table marks changes inside a line, which splits words across
        # <span>s; the unified diff below keeps them searchable and copyable.
        unified = (f"<details><summary>unified diff</summary>\n<pre>{html.escape(diff.unified)}</pre>\n"
                   "</details>\n" if diff.changed else "")
        sections.append(
            f'<section id="{html.escape(diff.id)}">\n'
            f'<h2>{html.escape(diff.id)} <span class="status {diff.status}">{status}</span></h2>\n'
            f"{table}\n{unified}</section>")
    summary = "".join(
        f'<li><a href="#{html.escape(d.id)}">{html.escape(d.id)}</a> — '
        f'{"no change" if not d.changed else d.status}</li>\n' for d in diffs)
    return _PAGE.format(title=html.escape(title), summary=summary, sections="\n".join(sections))


SUMMARY_LIMIT = 900_000
"""Characters of a Markdown report at most: GitHub refuses a job summary over 1 MiB."""


def markdown_report(diffs: list[DeliverableDiff], rev1: str, rev2: str | None,
                    limit: int = SUMMARY_LIMIT) -> str:
    """A Markdown report (a pull request's job summary): a table of the deliverables and how
    many lines changed in each, then the unified diff of each changed one in a ```diff block.
    Diffs past `limit` characters are left out, saying so."""
    new_label = rev2 if rev2 is not None else WORKING_TREE
    changed = [d for d in diffs if d.changed]
    lines = [f"## Deliverables: `{rev1}` → {_code(new_label)}", "",
             f"{len(changed)} of {len(diffs)} deliverables change.", "",
             "| deliverable | change |", "|---|---|"]
    lines += [f"| {d.id} | {_change(d)} |" for d in diffs]
    out = "\n".join(lines) + "\n"
    for diff in changed:
        fence = "`" * max(3, _longest_backticks(diff.unified) + 1)
        block = (f"\n<details open><summary><b>{diff.id}</b>: {_change(diff)}</summary>\n\n"
                 f"{fence}diff\n{diff.unified}\n{fence}\n\n</details>\n")
        if len(out) + len(block) > limit:
            out += (f"\n*The diffs of {len(changed) - changed.index(diff)} more deliverables are left out "
                    f"(the summary would pass {limit:,} characters): run `fsegen diff {rev1}` "
                    "to read them.*\n")
            break
        out += block
    return out


def _change(diff: DeliverableDiff) -> str:
    """`+3 −2 lines`, `new deliverable`, `deliverable removed` or `no change`."""
    if diff.status in ("added", "removed"):
        return "new deliverable" if diff.status == "added" else "deliverable removed"
    if not diff.changed:
        return "no change"
    body = [line for line in diff.unified.splitlines()[2:] if not line.startswith("@@")]
    plus = sum(1 for line in body if line.startswith("+"))
    minus = sum(1 for line in body if line.startswith("-"))
    return f"+{plus} −{minus} lines"


def _longest_backticks(text: str) -> int:
    """The longest run of backticks in `text` (a fence must be longer)."""
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _code(text: str) -> str:
    return text if text == WORKING_TREE else f"`{text}`"


_PAGE = """<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
pre {{ background: #f6f6f6; padding: .5em; }}
table.diff {{ font-family: monospace; border-collapse: collapse; border: 1px solid #ccc;
  margin-bottom: 2em; }}
table.diff td {{ padding: 0 .4em; vertical-align: top; white-space: pre-wrap; }}
.diff_header {{ background-color: #e0e0e0; }}
td.diff_header {{ text-align: right; }}
.diff_next {{ background-color: #c0c0c0; }}
.diff_add {{ background-color: #aaffaa; }}
.diff_chg {{ background-color: #ffff77; }}
.diff_sub {{ background-color: #ffaaaa; }}
.status {{ font-size: 60%; font-weight: normal; padding: .1em .4em; border-radius: .3em; background: #eee; }}
.status.changed, .status.added {{ background: #ffe08a; }}
.status.removed {{ background: #ffaaaa; }}
</style>
</head>
<body>
<h1>{title}</h1>
<ul>
{summary}</ul>
{sections}
</body>
</html>
"""


# --- helpers ---------------------------------------------------------------


def _unified(ident: str, old: Side | None, new: Side | None, old_label: str, new_label: str) -> str:
    old_lines = old.text.splitlines() if old else []
    new_lines = new.text.splitlines() if new else []
    if old is not None and new is not None and old_lines == new_lines:
        return ""
    return "\n".join(difflib.unified_diff(
        old_lines, new_lines, fromfile=f"{old_label}/{ident}", tofile=f"{new_label}/{ident}",
        n=CONTEXT_LINES, lineterm=""))


def _relative_to_programme(path: Path, programme_dir: Path, what: str) -> Path:
    """`path` relative to the programme folder (it must lie inside it when absolute)."""
    path = Path(path)
    if not path.is_absolute():
        return path
    try:
        return path.resolve().relative_to(programme_dir)
    except ValueError:
        raise FsegenError(_("the {what} folder {path} is outside the programme folder {programme_dir}, "
                            "so it cannot be taken from a Git revision", what=what, path=path,
                            programme_dir=programme_dir)) from None


def _relocate(finding: Finding, revision: str | None, worktree: Path | None) -> Finding:
    """A finding whose file lies in the temporary worktree, named as git does: `<revision>:<path>`."""
    if revision is None or worktree is None or not finding.file:
        return finding
    try:
        inside = Path(finding.file).resolve().relative_to(worktree.resolve())
    except (ValueError, OSError):
        return finding
    return dataclasses.replace(finding, file=f"{revision}:{inside.as_posix()}")
