"""`fsegen doctor`: is this machine ready to export PDF/A? (LibreOffice, fonts, libraries)"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import tempfile

from generator.errors import ToolError
from generator.rendering.pdf import find_soffice

# Fonts our templates use or that LibreOffice substitutes metric-compatibly
# (Carlito for Calibri, Caladea for Cambria, Liberation for Times/Arial).
REQUIRED_FONTS = {
    "Carlito": "apt-get install -y fonts-crosextra-carlito",
    "Caladea": "apt-get install -y fonts-crosextra-caladea",
    "Liberation Serif": "apt-get install -y fonts-liberation2",
    "Liberation Sans": "apt-get install -y fonts-liberation2",
}

PYTHON_PACKAGES = ("docxtpl", "python-docx", "jinja2", "pypdf")


def environment_report() -> list[tuple[str, str, bool]]:
    """Rows (what, detail, ok) for `fsegen doctor`; never raises.

    A missing piece is reported with ok=False and the command that fixes it.
    """
    rows: list[tuple[str, str, bool]] = []
    try:
        soffice = find_soffice()
    except ToolError as exc:
        rows.append(("LibreOffice", exc.message, False))
    else:
        version, ok = _tool_version([soffice, "--version"])
        rows.append(("LibreOffice", f"{soffice}: {version}", ok))

    families = _installed_font_families()
    for family, hint in REQUIRED_FONTS.items():
        if families is None:
            rows.append((f"font {family}", "fc-list not found: apt-get install -y fontconfig", False))
        elif family.casefold() in families:
            rows.append((f"font {family}", "installed", True))
        else:
            rows.append((f"font {family}", f"missing: {hint}", False))

    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        version, ok = _tool_version([pdfinfo, "-v"])
        rows.append(("pdfinfo", f"{pdfinfo}: {version}", ok))
    else:
        rows.append(("pdfinfo", "missing: apt-get install -y poppler-utils", False))

    for package in PYTHON_PACKAGES:
        try:
            rows.append((f"python {package}", importlib.metadata.version(package), True))
        except importlib.metadata.PackageNotFoundError:
            rows.append((f"python {package}", f"missing: pip install {package}", False))
    return rows


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
