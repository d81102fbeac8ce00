"""Export rendered .docx deliverables to PDF/A-2b with headless LibreOffice.

Why it is shaped like this (each point was measured on LibreOffice 7.4):
- Only the JSON filter-option syntax really selects PDF/A; the older
  `SelectPdfVersion=2` form exits 0 and writes a plain PDF. So every PDF is
  checked for `pdfaid:part` 2 / `pdfaid:conformance` B in its XMP metadata.
- Two soffice processes sharing a user profile make the second one fail
  silently, so each run gets its own throw-away profile (and HOME).
- Start-up dominates the cost, so a whole batch goes to ONE soffice process.
- soffice writes into a staging folder; PDFs reach `out_dir` only after all
  of them passed verification, so a failure never leaves partial output.
"""

from __future__ import annotations

import importlib.metadata
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from generator.errors import EnvironmentProblem, OutputError

INSTALL_HINT = (
    "apt-get install -y libreoffice-writer-nogui "
    "fonts-crosextra-carlito fonts-crosextra-caladea"
)

# PDF/A-2b, in the JSON syntax LibreOffice >= 7.4 honours (see module doc).
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'

PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"

# Fonts our templates use or that LibreOffice substitutes metric-compatibly
# (Carlito for Calibri, Caladea for Cambria, Liberation for Times/Arial).
REQUIRED_FONTS = {
    "Carlito": "apt-get install -y fonts-crosextra-carlito",
    "Caladea": "apt-get install -y fonts-crosextra-caladea",
    "Liberation Serif": "apt-get install -y fonts-liberation2",
    "Liberation Sans": "apt-get install -y fonts-liberation2",
}

PYTHON_PACKAGES = ("docxtpl", "python-docx", "jinja2", "pypdf")


def find_soffice() -> str:
    """Locate LibreOffice; `FSEGEN_SOFFICE` wins so CI can pin a build.

    An explicit `FSEGEN_SOFFICE` that does not resolve is an error rather
    than a silent fallback to whatever is on PATH.
    """
    override = os.environ.get("FSEGEN_SOFFICE")
    if override:
        found = shutil.which(override)
        if found:
            return found
        raise EnvironmentProblem(
            f"FSEGEN_SOFFICE={override!r} is not an executable LibreOffice. "
            f"Fix the variable, or unset it and install LibreOffice: {INSTALL_HINT}"
        )
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if mac.is_file() and os.access(mac, os.X_OK):
        return str(mac)
    raise EnvironmentProblem(
        "LibreOffice (soffice) was not found; it is needed to export PDF/A. "
        f"Install it with: {INSTALL_HINT}"
    )


def convert_to_pdfa(
    docx_files: list[Path], out_dir: Path, timeout: float = 300
) -> list[Path]:
    """Convert a batch of .docx files to verified PDF/A-2b files in `out_dir`.

    One soffice process converts the whole batch (start-up is the main
    cost). Returns the PDF paths in input order. Nothing is written to
    `out_dir` unless every PDF was produced and identifies as PDF/A-2b.
    """
    inputs = [Path(f).resolve() for f in docx_files]
    if not inputs:
        return []
    _check_distinct_names(inputs)
    _check_inputs(inputs)
    soffice = find_soffice()

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        # Staging inside out_dir keeps os.replace on one filesystem (atomic).
        staging = Path(tempfile.mkdtemp(prefix=".fsegen-pdf-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out_dir}: {exc}") from exc

    try:
        with tempfile.TemporaryDirectory(prefix="fsegen-soffice-") as scratch:
            result = _run_soffice(soffice, inputs, staging, Path(scratch), timeout)
        pdfs = [staging / (src.stem + ".pdf") for src in inputs]
        problems = [
            msg
            for src, pdf in zip(inputs, pdfs)
            if (msg := _verify_pdf(src, pdf)) is not None
        ]
        if problems:
            detail = _soffice_messages(result)
            raise OutputError(
                "PDF/A export failed:\n  "
                + "\n  ".join(problems)
                + (f"\nLibreOffice said: {detail}" if detail else "")
            )
        final = []
        for pdf in pdfs:
            target = out_dir / pdf.name
            os.replace(pdf, target)
            final.append(target)
        return final
    except OSError as exc:
        raise OutputError(f"cannot write PDFs into {out_dir}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def pdfa_identification(pdf: Path | bytes) -> tuple[str | None, str | None]:
    """(part, conformance) from the XMP metadata; (None, None) if not PDF/A.

    `pdf` is a path or the file's bytes (signing checks its result in memory).
    Reads the raw metadata stream so both the element form
    (`<pdfaid:part>2</pdfaid:part>`) and the attribute form
    (`pdfaid:part="2"`, as pyHanko rewrites it) are recognised.
    """
    in_memory = isinstance(pdf, bytes)
    try:
        reader = PdfReader(io.BytesIO(pdf) if in_memory else str(pdf))
        metadata = reader.trailer["/Root"].get("/Metadata")
        if metadata is None:
            return None, None
        raw = metadata.get_object().get_data()
    except Exception as exc:  # pypdf raises many types for broken files
        where = "PDF data" if in_memory else str(pdf)
        raise OutputError(f"{where}: cannot read PDF metadata: {exc}") from exc
    try:
        root = ET.fromstring(raw.strip(b"\x00 \t\r\n"))
    except ET.ParseError:
        return _pdfaid_by_regex(raw)
    found: dict[str, str] = {}
    for element in root.iter():
        for key in ("part", "conformance"):
            qname = f"{{{PDFAID_NS}}}{key}"
            if element.tag == qname and element.text and element.text.strip():
                found.setdefault(key, element.text.strip())
            elif qname in element.attrib:
                found.setdefault(key, element.attrib[qname].strip())
    return found.get("part"), found.get("conformance")


def embedded_fonts(pdf: Path) -> list[tuple[str, bool]]:
    """Every font the pages use, with whether its program is embedded.

    PDF/A requires embedding; a font LibreOffice could not find would show
    up here as not embedded (or as an unexpected substitute name).
    """
    reader = PdfReader(str(pdf))
    fonts: dict[tuple[str, bool], None] = {}  # ordered set
    seen: set[int] = set()
    for page in reader.pages:
        _collect_fonts(page.get("/Resources"), fonts, seen)
    return list(fonts)


def environment_report() -> list[tuple[str, str, bool]]:
    """Rows (what, detail, ok) for `fsegen doctor`; never raises.

    A missing piece is reported with ok=False and the command that fixes it.
    """
    rows: list[tuple[str, str, bool]] = []
    try:
        soffice = find_soffice()
    except EnvironmentProblem as exc:
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


# --- helpers ---------------------------------------------------------------


def _check_distinct_names(inputs: list[Path]) -> None:
    """soffice names outputs after the input stem; duplicates would overwrite."""
    by_name: dict[str, Path] = {}
    for src in inputs:
        key = src.stem + ".pdf"
        if key in by_name:
            raise ValueError(
                f"input files {by_name[key]} and {src} would both become {key}; "
                "basenames must be distinct"
            )
        by_name[key] = src


def _check_inputs(inputs: list[Path]) -> None:
    """Reject non-OOXML inputs up front.

    LibreOffice happily imports a non-zip file as plain text and exits 0,
    which would turn a corrupt deliverable into a garbage PDF.
    """
    bad = []
    for src in inputs:
        if not src.is_file():
            bad.append(f"{src}: file not found")
            continue
        try:
            with zipfile.ZipFile(src) as archive:
                if "[Content_Types].xml" not in archive.namelist():
                    bad.append(f"{src}: not a Word document (no [Content_Types].xml)")
        except (zipfile.BadZipFile, OSError) as exc:
            bad.append(f"{src}: not a valid .docx ({exc})")
    if bad:
        raise OutputError("cannot export to PDF/A:\n  " + "\n  ".join(bad))


def _run_soffice(
    soffice: str, inputs: list[Path], outdir: Path, scratch: Path, timeout: float
) -> subprocess.CompletedProcess:
    """Run one soffice for the batch with a private profile and HOME.

    soffice is a wrapper that spawns soffice.bin, so it runs in its own
    process group and the whole group is killed on timeout.
    """
    profile = scratch / "profile"
    home = scratch / "home"
    home.mkdir()
    argv = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        PDFA_FILTER,
        "--outdir",
        str(outdir),
        *[str(src) for src in inputs],
    ]
    env = dict(os.environ, HOME=str(home))
    names = ", ".join(src.name for src in inputs)
    try:
        proc = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=str(scratch),
            start_new_session=True,
        )
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot start LibreOffice ({soffice}): {exc}. Install it with: {INSTALL_HINT}"
        ) from exc
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OutputError(
            f"LibreOffice did not finish converting {names} within {timeout:g} s"
        ) from None
    except BaseException:
        _kill_group(proc)
        raise
    result = subprocess.CompletedProcess(
        argv,
        proc.returncode,
        stdout.decode("utf-8", "replace"),
        stderr.decode("utf-8", "replace"),
    )
    if result.returncode != 0:
        raise OutputError(
            f"LibreOffice exited with code {result.returncode} while converting "
            f"{names}: {_soffice_messages(result) or 'no message'}"
        )
    return result


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the process group we created for this soffice (and only it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.communicate()


def _soffice_messages(result: subprocess.CompletedProcess) -> str:
    """Useful lines of soffice output, minus the harmless javaldx warning."""
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    keep = [
        ln.strip()
        for ln in lines
        if ln.strip() and "javaldx" not in ln and not ln.startswith("convert ")
    ]
    return "; ".join(keep[-10:])


def _verify_pdf(src: Path, pdf: Path) -> str | None:
    """None if `pdf` is a readable PDF/A-2b, else a message naming `src`."""
    if not pdf.is_file() or pdf.stat().st_size == 0:
        return f"{src}: LibreOffice produced no PDF (is the document readable?)"
    try:
        if len(PdfReader(str(pdf)).pages) == 0:
            return f"{src}: the PDF has no pages"
        part, conformance = pdfa_identification(pdf)
    except Exception as exc:
        return f"{src}: the PDF cannot be read: {exc}"
    if part != "2" or (conformance or "").upper() != "B":
        return (
            f"{src}: the PDF is not PDF/A-2b (pdfaid:part={part!r}, "
            f"pdfaid:conformance={conformance!r}); check the export filter options"
        )
    return None


def _pdfaid_by_regex(raw: bytes) -> tuple[str | None, str | None]:
    """Fallback for XMP packets that are not well-formed XML."""
    text = raw.decode("utf-8", "replace")
    values = []
    for key in ("part", "conformance"):
        match = re.search(
            rf"pdfaid:{key}\s*(?:>\s*([^<\s]+)\s*<|=\s*[\"']([^\"']+)[\"'])", text
        )
        values.append((match.group(1) or match.group(2)) if match else None)
    return values[0], values[1]


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _collect_fonts(resources, fonts: dict, seen: set[int]) -> None:
    """Walk /Font entries of a resource dict, recursing into form XObjects."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject):
        return
    font_dict = _resolve(resources.get("/Font"))
    if isinstance(font_dict, DictionaryObject):
        for ref in font_dict.values():
            font = _resolve(ref)
            if isinstance(font, DictionaryObject):
                fonts[_font_entry(font)] = None
                if font.get("/Subtype") == "/Type3":
                    _collect_fonts(font.get("/Resources"), fonts, seen)
    xobjects = _resolve(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for ref in xobjects.values():
            key = ref.idnum if isinstance(ref, IndirectObject) else id(ref)
            if key in seen:
                continue
            seen.add(key)
            xobject = _resolve(ref)
            if isinstance(xobject, DictionaryObject) and xobject.get("/Subtype") == "/Form":
                _collect_fonts(xobject.get("/Resources"), fonts, seen)


def _font_entry(font: DictionaryObject) -> tuple[str, bool]:
    """(BaseFont name, embedded?) for a simple, composite or Type3 font."""
    name = str(font.get("/BaseFont", font.get("/Name", "?"))).lstrip("/")
    if font.get("/Subtype") == "/Type3":
        return name, True  # glyphs are content streams inside the PDF
    descriptor = _resolve(font.get("/FontDescriptor"))
    if descriptor is None and font.get("/Subtype") == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts"))
        if isinstance(descendants, ArrayObject) and descendants:
            descriptor = _resolve(_resolve(descendants[0]).get("/FontDescriptor"))
    embedded = isinstance(descriptor, DictionaryObject) and any(
        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
    )
    return name, embedded


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
