"""Values still to fill in: DA COMPILARE, the placeholder `fsegen init` writes, for dates too.

A skeleton must hold no value that looks real: a date to fill in is written `DA COMPILARE`
(`deadline: DA COMPILARE`), never a plausible date that nobody remembers to change. The
placeholders rule lists every one left (the loader records where each was typed), and:

- an optional date still to fill in (`Unfilled | None`, the call's `published` and
  `deadline`) is unknown: None, as if left out, so that what depends on it says it is missing;
- a required date (a document's `date`) is `Unfilled`: a date standing in for the real one
  (the call's deadline in force, else the day of the run), which the rules and the
  document's facts "as of its date" use, and which the deliverable prints as DA COMPILARE.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

PLACEHOLDER = "DA COMPILARE"
"""What `fsegen init` writes where the office has a value to give."""

_EDITOR_SCHEMA = {"anyOf": [{"type": "string", "format": "date"},
                            {"type": "string", "pattern": "^DA COMPILARE"}]}
"""A date, or the placeholder (an editor accepts both, as the loader does)."""


class Unfilled(dt.date):
    """A date still to fill in: it compares and counts as the day it stands in for, and is
    printed DA COMPILARE."""

    unfilled = True

    def __str__(self) -> str:
        return PLACEHOLDER

    def __repr__(self) -> str:
        return f"Unfilled({self.isoformat()})"


def is_placeholder(value: Any) -> bool:
    """Whether `value` is text that says DA COMPILARE."""
    return isinstance(value, str) and PLACEHOLDER in value


def standing_in(day: dt.date) -> Unfilled:
    """A date to fill in, standing in as `day`."""
    return Unfilled(day.year, day.month, day.day)


def _required(value: Any) -> Any:
    return standing_in(dt.date.today()) if is_placeholder(value) else value


def _optional(value: Any) -> Any:
    return None if is_placeholder(value) else value


PlannedDate = Annotated[dt.date, BeforeValidator(_required), WithJsonSchema(_EDITOR_SCHEMA)]
"""A required date that may be DA COMPILARE: `Unfilled` until it is given."""

OptionalDate = Annotated[dt.date | None, BeforeValidator(_optional),
                         WithJsonSchema({"anyOf": [*_EDITOR_SCHEMA["anyOf"], {"type": "null"}]})]
"""An optional date that may be DA COMPILARE: unknown (None) until it is given."""
