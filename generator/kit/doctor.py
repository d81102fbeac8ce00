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
from generator.rendering.pdf import find_soffice
from generator.versions import SHAPING, installed, normalized

CONSTRAINTS = Path(__file__).with_name("constraints.txt")
"""The versions CI and the README install."""


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
            rows.append(Row(f"font {family}", "fc-list not found: apt-get install -y fontconfig", "missing"))
        elif family.casefold() in families:
            rows.append(Row(f"font {family}", "installed", "ok"))
        else:
            rows.append(Row(f"font {family}", f"missing: {hint}", "missing"))

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        version, ok = _tool_version([pdfinfo, "-v"])
        rows.append(Row("pdfinfo", f"{pdfinfo}: {version}", "ok" if ok else "missing"))
    else:
        rows.append(Row("pdfinfo", "missing: apt-get install -y poppler-utils", "missing"))

    versions, pinned = installed(), pinned_versions(constraints)
    for package in PYTHON_PACKAGES:
        have, pin = versions.get(normalized(package)), pinned.get(normalized(package))
        if have is None:
            rows.append(Row(f"python {package}", f"missing: pip install {package}", "missing"))
        elif pin is not None and pin != have:
            rows.append(Row(f"python {package}", f"{have}, but CI pins {pin}: outputs may differ "
                            f"from CI's (pip install -c {constraints} {package}=={pin})", "differs"))
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
        return f"cannot run: {exc}", False
    output = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
    first = output[0].strip() if output else "no output"
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
