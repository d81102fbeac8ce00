"""What one run may cost: the limits that keep untrusted content and templates in bounds.

Content and templates arrive by pull request, so the limits are read from the
environment of the person or CI job running fsegen (`FSEGEN_LIMIT_SECONDS=120`),
never from the content, which is the untrusted side.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Defaults fit any real programme; each is overridden by `FSEGEN_LIMIT_<NAME>`."""

    seconds: float = 60.0
    """CPU seconds to render one deliverable (its prose, phrases and Word template)."""
    build: float = 14_400.0
    """CPU seconds all the deliverables of one run may take together (a slow macro that every
    deliverable uses costs the run this much at most, not deliverables x `seconds`)."""
    output: int = 100_000_000
    """Characters one deliverable's templates may print (Word XML included)."""
    text: int = 1_000_000
    """Characters one expression may build (`'a' * n`, `~`, `join`, `replace`)."""
    items: int = 10_000
    """Items `range()` may yield, and of a list built with `*`."""
    steps: int = 5_000_000
    """Loop steps over `range()` in one deliverable."""
    paragraph: int = 100_000
    """Characters of one paragraph of prose once rendered."""
    part: int = 64_000_000
    """Bytes one part of a .docx (its XML, an image) may expand to when unzipped."""
    package: int = 256_000_000
    """Bytes all parts of one .docx may expand to together."""
    ratio: int = 200
    """How many times larger than its compressed size a part may expand (zip bombs)."""
    conversion: float = 600.0
    """Seconds LibreOffice may take for one batch of PDFs (of at most 200 files)."""

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by positive `FSEGEN_LIMIT_<NAME>` values (others are ignored)."""
        given: Mapping[str, str] = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # field name -> its int or float
        for field in fields(cls):
            raw = given.get(f"FSEGEN_LIMIT_{field.name.upper()}")
            if raw is None:
                continue
            with contextlib.suppress(ValueError):
                value = float(raw) if field.type == "float" else int(raw)
                if value > 0:
                    values[field.name] = value
        return cls(**values)
