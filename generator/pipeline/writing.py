"""The only writer: the whole set of outputs replaces `output/` at once, or nothing changes.

A deliverable is a dated act; a folder holding half of one build and half of the
previous one, under a manifest that matches neither, is worse than no folder. So a
build writes its complete set (new files, plus the files it keeps from the
previous build) into a fresh sibling folder, syncs it, and then swaps it with
`output/` in one atomic step (`renameat2(RENAME_EXCHANGE)` on Linux). Killed at
any instruction, `output/` is the old complete set or the new one; what a killed
run leaves beside it (hidden `.fsegen-*` folders) is removed by the next run. A
lock beside the folder keeps two builds from interleaving.

Where the exchange is not available (not Linux, or a file system without it),
the swap is two renames, and a run that finds `output/` missing puts back the
newest complete set (one whose manifest was written: it is written last).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import OutputError
from generator.messages import _

MANIFEST = "manifest.json"
PREFIX = ".fsegen-"


@dataclass
class WriteReport:
    """What a write did, in terms the user can check."""

    folder: Path
    written: list[Path] = field(default_factory=list)
    """Files of this build (rewritten or new)."""
    kept: list[Path] = field(default_factory=list)
    """Files carried over unchanged from the previous output."""
    removed: list[str] = field(default_factory=list)
    """Files the previous manifest owned that this build no longer produces."""
    leftover: str | None = None
    """A problem after the swap: the new set is in place, but something was left behind."""


def write_outputs(out_dir: Path, files: dict[str, bytes], keep: AbstractSet[str] = frozenset(),
                  owned: AbstractSet[str] = frozenset()) -> WriteReport:
    """Replace `out_dir` by `files` (name -> bytes; the manifest among them), plus the files
    named in `keep` and any file of `out_dir` no manifest owns. `owned` are the files of the
    previous manifest: those neither written nor kept are removed (and reported)."""
    _check_names(Path(out_dir), files)
    with staged(out_dir) as stage:
        for name in keep:
            stage.carry(name)
        for name, data in files.items():
            if name != MANIFEST:
                stage.write(name, data)
        return stage.commit(files[MANIFEST], set(owned))


def _with_parent(folder: Path) -> Path:
    """`folder` under its parent, created and resolved (the lock and the stage live beside it);
    a symbolic link to a folder stands for that folder (the new set replaces it, and the link
    still leads to it)."""
    folder = Path(folder)
    if folder.is_symlink() and folder.resolve().is_dir():
        folder = folder.resolve()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(_("cannot create {folder}: {problem}", folder=str(folder.parent),
                            problem=error.strerror or str(error))) from error
    return folder.parent.resolve() / folder.name


@contextlib.contextmanager
def staged(out_dir: Path) -> Iterator[Stage]:
    """A new output set, written file by file beside `out_dir` under its lock, and put in its
    place by `Stage.commit` (all or nothing); left unfinished, it is removed."""
    out_dir = _with_parent(out_dir)
    with output_lock(out_dir):
        recover(out_dir)
        _refuse_foreign_entries(out_dir)
        stage = Stage(out_dir)
        try:
            yield stage
        finally:
            if not stage.committed:
                _remove(stage.folder)


class Stage:
    """The folder a build writes into before it becomes the output folder."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.previous = _plain_files(out_dir)
        self.committed = False
        self.written: list[str] = []
        self.kept: list[str] = []
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}new.{out_dir.name}.", dir=out_dir.parent))
            os.chmod(self.folder, _folder_mode(out_dir))
        except OSError as error:
            raise self._failed(error) from error

    def write(self, name: str, data: bytes) -> None:
        """A file of this build."""
        try:
            _write(self.folder / name, data)
        except OSError as error:
            raise self._failed(error) from error
        self.written.append(name)

    def carry(self, name: str) -> bool:
        """A file of the previous output, unchanged (hard-linked, not rewritten); False if absent."""
        if name not in self.previous:
            return False
        try:
            _carry(self.out_dir / name, self.folder / name)
        except OSError as error:
            raise self._failed(error) from error
        self.kept.append(name)
        return True

    def discard(self, name: str) -> None:
        """Drop a staged file the set must not hold (a .docx made only to convert it)."""
        with contextlib.suppress(OSError):
            (self.folder / name).unlink()
        self.written = [n for n in self.written if n != name]
        self.kept = [n for n in self.kept if n != name]

    def path(self, name: str) -> Path:
        """Where a staged file lies until the commit."""
        return self.folder / name

    def commit(self, manifest: bytes, owned: set[str]) -> WriteReport:
        """Carry the files no manifest owns, write the manifest last, and swap the folders."""
        done = set(self.written) | set(self.kept)
        foreign = [n for n in self.previous if n not in done and n not in owned | {MANIFEST}]
        try:
            for name in foreign:
                _carry(self.out_dir / name, self.folder / name)
            _write(self.folder / MANIFEST, manifest)  # last: it marks a complete set
            _sync(self.folder)
            old = _swap(self.folder, self.out_dir)
        except OSError as error:
            raise self._failed(error) from error
        self.committed = True
        return self._report(done, owned, old)

    def _report(self, done: set[str], owned: set[str], old: Path | None) -> WriteReport:
        report = WriteReport(self.out_dir)
        report.written = [self.out_dir / name for name in self.written + [MANIFEST]]
        report.kept = [self.out_dir / name for name in self.kept]
        report.removed = sorted(n for n in self.previous if n in owned and n not in done
                                and n != MANIFEST)
        if old is not None:
            _remove(old)
            if old.exists():
                report.leftover = f"the previous output is left in {old}; delete it by hand"
        return report

    def _failed(self, error: OSError) -> OutputError:
        _remove(self.folder) if hasattr(self, "folder") else None
        return OutputError(_("cannot write into {folder}: {problem}; {name}/ was left as it was",
                             folder=str(self.out_dir), problem=error.strerror or str(error),
                             name=self.out_dir.name))


def write_file(path: Path, data: bytes) -> None:
    """One file outside the output folder, replaced atomically (a signed copy, a report)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(temporary)
        raise OutputError(_("cannot write {path}: {problem}", path=str(path),
                            problem=error.strerror or str(error))) from error


def write_folder(folder: Path, files: dict[str, bytes]) -> Path:
    """A new folder, written whole or not at all (the archive of a sent deliverable): staged
    beside it, synced, then renamed into place under the folder's lock. An existing folder is
    never touched: what was archived there stays as it is."""
    _check_names(Path(folder), files)
    folder = _with_parent(folder)
    with output_lock(folder):
        recover(folder)
        if folder.exists() or folder.is_symlink():
            raise OutputError(_("{folder} already exists: what was archived there stays as it is",
                                folder=str(folder)))
        staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}new.{folder.name}.", dir=folder.parent))
        try:
            os.chmod(staging, _folder_mode(folder.parent))
            for name, data in sorted(files.items()):
                _write(staging / name, data)
            _sync(staging)
            os.rename(staging, folder)
            _sync(folder.parent)
        except OSError as error:
            _remove(staging)
            raise OutputError(_("cannot write {folder}: {problem}; nothing was archived", folder=str(folder),
                                problem=error.strerror or str(error))) from error
    return folder


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the lock of one output folder (a hidden file beside it), or a clear error."""
    from filelock import FileLock, Timeout  # only a build that writes pays for it

    lock = FileLock(str(out_dir.parent / f"{PREFIX}lock.{out_dir.name}"), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(_("another fsegen run is writing {folder}; wait for it to finish and run again",
                            folder=str(out_dir))) from None
    except OSError as error:
        raise OutputError(_("cannot lock {folder}: {problem}", folder=str(out_dir),
                            problem=error.strerror or str(error))) from error
    try:
        yield
    finally:
        lock.release()


def recover(out_dir: Path) -> list[str]:
    """Finish or undo what a killed run left beside `out_dir`; return what was done."""
    done: list[str] = []
    staged = {kind: [p for p in out_dir.parent.glob(f"{PREFIX}{kind}.*")
                     if p.name[len(PREFIX) + len(kind) + 1:].rpartition(".")[0] == out_dir.name]
              for kind in ("new", "old")}
    leftovers = staged["new"] + staged["old"]
    if not out_dir.exists():
        complete = [p for p in leftovers if (p / MANIFEST).is_file()]
        if complete:  # a new set first: the old one was moved away only once the new was whole
            os.rename(complete[0], out_dir)
            done.append(_("restored {folder}/ from {previous}", folder=out_dir.name,
                          previous=complete[0].name))
            leftovers.remove(complete[0])
    for path in leftovers:
        _remove(path)
        done.append(_("removed {name}", name=path.name))
    return done


def _swap(staging: Path, out_dir: Path) -> Path | None:
    """Put `staging` in place of `out_dir`; return where the old folder now is (to delete)."""
    if not out_dir.exists():
        os.rename(staging, out_dir)
        return None
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise OSError(errno.ENOTDIR, _("it is not a folder"), str(out_dir))
    if _exchange(staging, out_dir):
        _sync(out_dir.parent)
        return staging
    old = out_dir.parent / staging.name.replace(f"{PREFIX}new.", f"{PREFIX}old.", 1)
    os.rename(out_dir, old)
    os.rename(staging, out_dir)
    _sync(out_dir.parent)
    return old


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _refuse_foreign_entries(out_dir: Path) -> None:
    """Folders and links in the output folder, hidden ones too (`.git`), would be lost when it
    is replaced: refuse them."""
    if not out_dir.is_dir():
        return
    for entry in sorted(out_dir.iterdir()):
        if entry.is_symlink() or not entry.is_file():
            raise OutputError(_("cannot write {entry}: something that is not a file is in the way (fsegen "
                                "replaces {name}/ as a whole); move it elsewhere and build again; "
                                "{name}/ was left as it was", entry=str(entry), name=out_dir.name))


def _remove(folder: Path) -> None:
    """Delete a folder of ours; what cannot be deleted stays, to be retried by the next run."""
    with contextlib.suppress(OSError):
        shutil.rmtree(folder, ignore_errors=True)


def _folder_mode(out_dir: Path) -> int:
    """The mode the output folder had, or a new folder's usual mode (mkdtemp's is private)."""
    try:
        return out_dir.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o777 & ~umask


def _plain_files(folder: Path) -> list[str]:
    """The files of a folder, hidden ones too (a `.gitkeep` is carried like any file no manifest
    owns; fsegen's own temporaries live beside the folder, never in it)."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_file() and not p.is_symlink())


def _carry(source: Path, target: Path) -> None:
    """The same file in the new set: a hard link (nothing rewritten), or a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.chmod(path, 0o644)


def _sync(folder: Path) -> None:
    """Make a folder's entries durable (no-op where folders cannot be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _check_names(out_dir: Path, files: dict[str, bytes]) -> None:
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise OutputError(_("refusing to write {name!r}: outputs are plain file names in {folder}",
                                name=name, folder=str(out_dir)))
