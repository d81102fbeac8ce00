"""Git, as fsegen uses it: a revision checked out aside, commit facts, the state of a folder.

A revision is checked out into a temporary detached worktree (`git worktree add
--detach`), removed again however the caller ends, so the user's checkout, index
and stash are never touched. Git's own message is quoted in every error, with a
hint where the fix is known (a shallow clone in CI needs `fetch-depth: 0`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import FsegenError, ToolError
from generator.messages import _

GIT_TIMEOUT = 120


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """A git command in `cwd`, in English, never asking for input."""
    git = shutil.which("git")
    if git is None:
        raise ToolError(_("git was not found; it is needed to compare revisions. Install it with: "
                          "apt-get install -y git"))
    try:
        return subprocess.run([git, "-C", str(cwd), *args], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=GIT_TIMEOUT, env=_env())
    except OSError as error:
        raise ToolError(_("cannot run git ({git}): {error}", git=git, error=str(error))) from error
    except subprocess.TimeoutExpired:
        raise ToolError(_("git {join} did not finish within {git_timeout} s", join=' '.join(args),
                          git_timeout=GIT_TIMEOUT)) from None


def output(cwd: Path, *args: str, what: str) -> str:
    """stdout of a git command (stripped); FsegenError saying `what` and git's message otherwise."""
    result = run(cwd, *args)
    if result.returncode != 0:
        said = result.stderr.strip() or result.stdout.strip() or f"exit code {result.returncode}"
        raise FsegenError(_("{what} (git said: {said})", what=what, said=said))
    return result.stdout.strip()


def quiet(cwd: Path, *args: str) -> None:
    """A clean-up git command whose failure must not hide the real outcome."""
    with contextlib.suppress(FsegenError):
        run(cwd, *args)


def resolve(programme_dir: Path, rev: str) -> tuple[Path, str, str]:
    """(top of the repository, programme folder's prefix in it, commit id of `rev`)."""
    programme_dir = Path(programme_dir).resolve()
    if not programme_dir.is_dir():
        raise FsegenError(_("programme folder {programme_dir} does not exist", programme_dir=programme_dir))
    what = f"{programme_dir} is not inside a Git repository"
    top = Path(output(programme_dir, "rev-parse", "--show-toplevel", what=what))
    prefix = output(programme_dir, "rev-parse", "--show-prefix", what=what)
    result = run(top, "rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        hint = ""
        if output(top, "rev-parse", "--is-shallow-repository", what=what) == "true":
            hint = ("; this clone is shallow: fetch the history (`git fetch --unshallow`, or "
                    "`fetch-depth: 0` in the actions/checkout step of a CI workflow)")
        raise FsegenError(_("unknown revision {rev!r} in the repository at {top}{hint} (git said: "
                            "{strip})", rev=rev, top=top, hint=hint, strip=result.stderr.strip()))
    return top, prefix, result.stdout.strip()


@contextlib.contextmanager
def checkout(programme_dir: Path, rev: str) -> Iterator[tuple[Path, Path]]:
    """(the temporary worktree, the programme folder in it) as they are in revision `rev`."""
    top, prefix, commit = resolve(programme_dir, rev)
    scratch = Path(tempfile.mkdtemp(prefix="fsegen-diff-"))
    tree = scratch / "tree"
    added = False
    try:
        output(top, "worktree", "add", "--detach", "--quiet", str(tree), commit,
               what=_("cannot check out revision {rev!r} into a temporary worktree", rev=rev))
        added = True
        yield tree, (tree / prefix if prefix else tree)
    finally:
        if added:
            quiet(top, "worktree", "remove", "--force", str(tree))
        quiet(top, "worktree", "prune")
        shutil.rmtree(scratch, ignore_errors=True)


def commit_author_and_date(programme_dir: Path, rev: str) -> tuple[str, dt.datetime]:
    """Who made revision `rev`, and when (for the tracked changes of a Word file)."""
    top, _found, commit = resolve(programme_dir, rev)
    name, stamp = output(top, "log", "-1", "--format=%an%x00%cI", commit,
                         what=_("cannot read commit {rev!r}", rev=rev)).split("\0")
    return name, dt.datetime.fromisoformat(stamp)


def state(folder: Path) -> dict:
    """Commit of the folder's repository and whether its files differ from it (for manifests);
    fsegen's own hidden files (cache, lock, a build's staging folder) do not count."""
    try:
        commit = run(folder, "rev-parse", "HEAD")
    except FsegenError:
        return {"commit": None, "dirty": None}
    if commit.returncode != 0:
        return {"commit": None, "dirty": None}
    status = run(folder, "status", "--porcelain", "--untracked-files=all", "--", ".",
                 ":(exclude,glob)**/.fsegen-*", ":(exclude,glob)**/.fsegen-*/**")
    return {"commit": commit.stdout.strip(),
            "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["LC_ALL"] = "C"  # git's messages in English, as we quote them
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    return env
