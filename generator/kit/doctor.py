"""`fsegen doctor`: is this machine ready to export PDF/A, and does it make the bytes CI makes?

LibreOffice, the fonts it substitutes, pdfinfo; then the libraries that shape a deliverable's
bytes (generator/versions.py) against the versions CI pins (generator/kit/constraints.txt): a
library of another version still works, but the example's byte pins may not hold.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import NamedTuple

from generator.errors import ToolError
from generator.messages import N_, _
from generator.rendering.pdf import find_soffice
from generator.versions import SHAPING, installed, normalized

CONSTRAINTS = Path(__file__).with_name("constraints.txt")
"""The versions CI and the README install."""


STATES = {"ok": N_("ok"), "missing": N_("MISSING"), "differs": N_("DIFFERS")}
"""The state column of `fsegen doctor`, as the reader says it."""


class Row(NamedTuple):
    """One line of `fsegen doctor`."""

    what: str
    detail: str
    state: str
    """ok, missing (the command fails), or differs (from the version CI pins)."""

    @property
    def ok(self) -> bool:
        return self.state != "missing"

# Fonts our templates use or that LibreOffice substitutes metric-compatibly
# (Carlito for Calibri, Caladea for Cambria, Liberation for Times/Arial).
REQUIRED_FONTS = {
    "Carlito": "apt-get install -y fonts-crosextra-carlito",
    "Caladea": "apt-get install -y fonts-crosextra-caladea",
    "Liberation Serif": "apt-get install -y fonts-liberation2",
    "Liberation Sans": "apt-get install -y fonts-liberation2",
}

PYTHON_PACKAGES = ("pypdf", *SHAPING)


def environment_report(constraints: Path = CONSTRAINTS) -> list[Row]:
    """The rows of `fsegen doctor`; never raises. A missing piece is reported with the command
    that fixes it; a library whose version differs from the one `constraints` pins, with it."""
    rows: list[Row] = []
    try:
        soffice = find_soffice()
    except ToolError as exc:
        rows.append(Row("LibreOffice", exc.message, "missing"))
    else:
        version, ok = _tool_version([soffice, "--version"])
        rows.append(Row("LibreOffice", f"{soffice}: {version}", "ok" if ok else "missing"))

    families = _installed_font_families()
    for family, hint in REQUIRED_FONTS.items():
        if families is None:
            rows.append(Row(f"font {family}", _("fc-list not found: apt-get install -y fontconfig"),
                            "missing"))
        elif family.casefold() in families:
            rows.append(Row(f"font {family}", _("installed"), "ok"))
        else:
            rows.append(Row(f"font {family}", _("missing: {hint}", hint=hint), "missing"))

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        version, ok = _tool_version([pdfinfo, "-v"])
        rows.append(Row("pdfinfo", f"{pdfinfo}: {version}", "ok" if ok else "missing"))
    else:
        rows.append(Row("pdfinfo", _("missing: {hint}", hint="apt-get install -y poppler-utils"), "missing"))

    versions, pinned = installed(), pinned_versions(constraints)
    for package in PYTHON_PACKAGES:
        have, pin = versions.get(normalized(package)), pinned.get(normalized(package))
        if have is None:
            install = f"pip install {package}"
            rows.append(Row(f"python {package}", _("missing: {hint}", hint=install), "missing"))
        elif pin is not None and pin != have:
            install = f"pip install -c {constraints} {package}=={pin}"
            rows.append(Row(f"python {package}", _("{have}, but CI pins {pin}: outputs may differ from CI's "
                                                   "({install})", have=have, pin=pin, install=install),
                            "differs"))
        else:
            rows.append(Row(f"python {package}", have, "ok"))
    return rows


def pinned_versions(path: Path = CONSTRAINTS) -> dict[str, str]:
    """name -> version of each `name==version` line of a constraints file."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    found = (re.match(r"^([A-Za-z0-9_.-]+)==([^\s;#]+)", line) for line in lines)
    return {normalized(m[1]): m[2] for m in found if m}


def _tool_version(argv: list[str]) -> tuple[str, bool]:
    """First line a tool prints for its version (some use stderr)."""
    try:
        with tempfile.TemporaryDirectory(prefix="fsegen-version-") as home:
            proc = subprocess.run(
                argv,
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
                env=dict(os.environ, HOME=home),
            )
    except (OSError, subprocess.SubprocessError) as exc:
        return _("cannot run: {problem}", problem=str(exc)), False
    output = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    first = output[0].strip() if output else _("no output")
    return first, proc.returncode == 0


def _installed_font_families() -> set[str] | None:
    """Casefolded font family names from fontconfig; None if fc-list is missing."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    try:
        proc = subprocess.run(
            [fc_list, ":", "family"],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {
        name.strip().casefold()
        for line in proc.stdout.splitlines()
        for name in line.split(",")
        if name.strip()
    }
