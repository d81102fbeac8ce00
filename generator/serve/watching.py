"""Saves under a programme's content and templates folders, as they come.

Both resident commands wait on it: `fsegen serve` rebuilds its preview and
`fsegen check --watch` judges again. Saves that come within `STEP` milliseconds of each
other are one batch (an editor writes a file in several steps); LibreOffice's and Word's
lock files are no save.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

from generator.folders import Folders

STEP = 50
"""Milliseconds without a new change that close a batch."""


def changes(folders: Folders, stop: threading.Event | None = None) -> Iterator[list[Path]]:
    """Each batch of changed files, until `stop` is set or the process is interrupted (Ctrl-C
    ends the iteration, quietly)."""
    import watchfiles

    class Filter(watchfiles.DefaultFilter):
        ignore_entity_patterns = (*watchfiles.DefaultFilter.ignore_entity_patterns,
                                  r"^\.~lock\.", r"^~\$")  # LibreOffice's and Word's lock files

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # not its "stopping watch" on Ctrl-C
    paths = [folder for folder in (folders.content, folders.templates) if folder.is_dir()]
    for batch in watchfiles.watch(*paths, watch_filter=Filter(), stop_event=stop, step=STEP,
                                  raise_interrupt=False, ignore_permission_denied=True):
        changed = sorted({Path(path) for _, path in batch})
        yield [path for path in changed if path.exists()] or changed  # not an editor's temporary files


def shown(path: Path, base: Path | None = None) -> str:
    """A changed file as the user names it: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(base or Path.cwd()))
    except ValueError:
        return str(path)
