"""Atomic writes into `output/`: all or nothing, never a half-written file.

Everything is rendered in memory first; here each file goes to a temporary name
in the output folder and is renamed into place only once every file of the run
has been written, so a failed run leaves `output/` as it was.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from generator.errors import OutputError


def write_all(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write `files` (name -> bytes) into `out_dir` atomically; return the paths."""
    out_dir = Path(out_dir)
    for name in files:
        if Path(name).name != name or name.startswith("."):
            raise OutputError(f"refusing to write {name!r}: outputs are plain file names in {out_dir}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {out_dir}: {error.strerror}") from error
    blocked = [name for name in files if (out_dir / name).exists() and not (out_dir / name).is_file()]
    if blocked:  # found before any rename, so nothing is replaced
        raise OutputError(f"cannot write {out_dir / blocked[0]}: something that is not a file is "
                          "in the way; remove it and build again")
    staged: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out_dir)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o644)
            staged.append((name, Path(temporary)))
        for name, temporary in staged:
            os.replace(temporary, out_dir / name)
    except OSError as error:
        raise OutputError(f"cannot write into {out_dir}: {error.strerror or error}; "
                          "earlier outputs were left untouched") from error
    finally:
        for _, temporary in staged:
            if temporary.exists():
                temporary.unlink()
    return [out_dir / name for name in files]
