"""A programme's own settings: `fsegen.toml` at its root, found from any subfolder.

Like `mkdocs.yml` for a site, the file marks the programme's folder: fsegen run in
`content/documents/` works on the whole programme, as if run where the file is. It says
what a plain command does there: the formats `fsegen build` makes, the folder it writes,
the language of fsegen's messages, the processes that render. Every key may be left out,
and an option given on the command line wins over it. It is read with the standard
library (tomllib) and checked like the content: an unknown key or a wrong value is an
error that names the file.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import ContentError, Finding, did_you_mean
from generator.messages import Message, _

NAME = "fsegen.toml"
"""The settings file; the folder that holds it is the programme's."""


class Config(BaseModel):
    """What a programme sets in its `fsegen.toml` (every key optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    formats: tuple[Literal["docx", "pdf", "md"], ...] = Field(default=("docx",), min_length=1)
    """What `fsegen build` makes when `--format` is not given: docx, pdf (PDF/A-2b), md."""
    output: str = Field(default="output", min_length=1)
    """The folder `fsegen build` writes, relative to the programme's folder (`--out` wins)."""
    language: Literal["it", "en"] | None = None
    """The language of fsegen's messages, here: it or en (by default, the computer's: LANG)."""
    jobs: int | None = Field(default=None, ge=1)
    """Processes that render deliverables (by default, one per core)."""


EXPECTED = {"formats": _("a list of docx, pdf and md, such as [\"docx\", \"pdf\"]"),
            "output": _("the name of a folder, such as \"output\""),
            "language": _("\"it\" or \"en\""), "jobs": _("a whole number, 1 or more")}
"""What each key takes, for the message of a wrong value."""


@dataclass(frozen=True)
class Programme:
    """Where the programme is and what it sets."""

    root: Path | None = None
    """The folder of its fsegen.toml; None when there is none (the current folder is taken)."""
    config: Config = field(default_factory=Config)

    @property
    def file(self) -> Path | None:
        return self.root / NAME if self.root is not None else None


def find(start: Path) -> Path | None:
    """The nearest `fsegen.toml` in `start` or a folder above it."""
    here = start.resolve()
    for folder in (here, *here.parents):
        candidate = folder / NAME
        if candidate.is_file():
            return candidate
    return None


def locate(start: Path) -> Programme:
    """The programme `start` is in: its folder and its settings (none found: the defaults)."""
    found = find(start)
    return Programme(found.parent, load(found)) if found is not None else Programme()


def load(path: Path) -> Config:
    """The settings of `path`; ContentError naming the file for a broken or unknown setting."""
    shown = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError([Finding(_("cannot read {file}: {problem}", file=shown, problem=str(error)),
                                    file=shown, rule="config")]) from error
    except tomllib.TOMLDecodeError as error:
        hint = _("check the quotes and brackets around that line (a value in quotes: output = \"output\")")
        raise ContentError([Finding(_("TOML syntax: {problem}", problem=str(error)), file=shown,
                                    rule="config", hint=hint)]) from error
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise ContentError([_finding(shown, item["loc"], item["type"]) for item in error.errors()]) from error


def _finding(shown: str, loc: tuple, kind: str) -> Finding:
    key = str(loc[0]) if loc else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, list(Config.model_fields), n=1)
        known: Message = _("the settings are: {keys}", keys=", ".join(Config.model_fields))
        return Finding(_("unknown setting {key!r}", key=key), file=shown, path=key, rule="config",
                       hint=did_you_mean(close, known))
    return Finding(_("{key} should be {expected}", key=key, expected=EXPECTED.get(key, "?")), file=shown,
                   path=key, rule="config")


def text(language: str | None = None, formats: tuple[str, ...] = ("docx",)) -> str:
    """The fsegen.toml `fsegen init` writes: each setting explained, in Italian as the office's
    other files are."""
    shown = ", ".join(f'"{f}"' for f in formats)
    chosen = f'language = "{language}"' if language else '# language = "it"'
    return f"""\
# Impostazioni di fsegen per questo Programma. fsegen le trova da qualunque sottocartella
# (anche da content/documents/) e lavora sull'intero Programma; un'opzione data sulla riga
# di comando prevale sull'impostazione scritta qui.

# Che cosa produce `fsegen build` senza --format: docx (Word), pdf (PDF/A-2b), md (Markdown).
formats = [{shown}]

# La cartella in cui `fsegen build` scrive i documenti (non va nel repository Git).
output = "output"

# La lingua dei messaggi di fsegen: "it" o "en" (senza: quella del computer, LANG).
{chosen}

# Quanti processi producono i documenti (senza: uno per ogni core del processore).
# jobs = 2
"""
