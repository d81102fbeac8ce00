"""Rendered .docx bytes -> PDF/A-2b bytes, through headless LibreOffice.

Why it is shaped like this (each point was measured on LibreOffice 7.4):
- Only the JSON filter-option syntax really selects PDF/A; the older
  `SelectPdfVersion=2` form exits 0 and writes a plain PDF. So every PDF is
  checked for `pdfaid:part` 2 / `pdfaid:conformance` B in its XMP metadata, and
  for `pdfuaid:part` 1: the export is tagged (a structure tree, the document's
  language as `/Lang`, alternative text on figures) and identifies as PDF/UA-1.
- Two soffice processes sharing a user profile make the second one fail
  silently, so each run gets its own profile, HOME and TMPDIR in one scratch
  folder, and cleaning up after it is one `rmtree`.
- Start-up dominates the cost, so a batch goes to one soffice; but soffice 7.4
  converts only the first 245 files of a command line and exits 0, so batches
  hold at most `BATCH` files and every expected PDF is checked to exist.
- soffice is a child that dies with us: its own process group, killed (with its
  scratch folder removed) on timeout, on any exception, on SIGINT/SIGTERM (the
  CLI turns SIGTERM into SystemExit) and at exit. A crash is retried once for
  the files it did not convert, and an error quotes soffice's last lines.
Nothing here writes to the output folder: the writer does.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import hashlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from generator.errors import DocumentError, OutputError, ToolError
from generator.messages import Joined, _
from generator.rendering import orphans
from generator.rendering.pdfa import pdfa_identification, pdfua_identification
from generator.templating.package import open_package

INSTALL_HINT = (
    "apt-get install -y libreoffice-writer-nogui "
    "fonts-crosextra-carlito fonts-crosextra-caladea"
)

EXPORT_OPTIONS = {
    "SelectPdfVersion": ("long", "2"),  # PDF/A-2b
    "UseTaggedPDF": ("boolean", "true"),  # a structure tree: headings, tables, figures
    "PDFUACompliance": ("boolean", "true"),  # PDF/UA-1 identification (pdfuaid:part 1)
    "UseLosslessCompression": ("boolean", "true"),  # charts and the emblem stay sharp
}
"""The PDF export filter's options (LibreOffice's `writer_pdf_Export`)."""

PDFA_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {name: {"type": kind, "value": value} for name, (kind, value) in EXPORT_OPTIONS.items()},
    separators=(",", ":"))
"""Accessible PDF/A-2b (tagged, PDF/UA-1), in the JSON syntax LibreOffice >= 7.4 honours (see
the module docstring)."""

BATCH = 200
"""Files per soffice command line (7.4 silently stops after 245)."""

READER_GRACE = 10
"""Seconds to wait, once soffice has exited, for the last of its output."""

_CHILDREN: set[subprocess.Popen] = set()
_CHILDREN_LOCK = threading.Lock()


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
        raise ToolError(_("FSEGEN_SOFFICE={value!r} is not an executable LibreOffice. Fix the variable, or "
                          "unset it and install LibreOffice: {install}",
                          value=override, install=INSTALL_HINT))
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    mac = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
    if mac.is_file() and os.access(mac, os.X_OK):
        return str(mac)
    raise ToolError(_("LibreOffice (soffice) was not found; it is needed to export PDF/A. Install it with: "
                      "{install}", install=INSTALL_HINT))


def libreoffice_identity() -> str:
    """Which LibreOffice converts, without starting it: its program, and the size and time of
    its binary and build number (`program/versionrc`). A PDF made by another installation (an
    upgrade) is made again. `fsegen doctor` asks the program for its version."""
    program = Path(find_soffice()).resolve()
    seen = [str(program)]
    for path in (program, program.parent / "soffice.bin", program.parent / "versionrc"):
        with contextlib.suppress(OSError):
            stat = path.stat()
            seen.append(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\0".join(seen).encode()).hexdigest()[:16]


class _Progress:
    """Counts the files soffice reports converted, for every batch and thread, and tells the
    caller's `progress(done, total)`."""

    def __init__(self, total: int, report: Callable[[int, int], None] | None):
        self.total = total
        self.report = report
        self.done: set[str] = set()
        self.lock = threading.Lock()
        self._tell()

    def converted(self, name: str) -> None:
        with self.lock:
            if name in self.done:
                return
            self.done.add(name)
            self._tell()

    def _tell(self) -> None:
        if self.report is not None:
            self.report(min(len(self.done), self.total), self.total)


def convert_to_pdfa(documents: dict[str, bytes], *, timeout: float = 600, batch: int = BATCH,
                    workers: int | None = None, progress: Callable[[int, int], None] | None = None
                    ) -> dict[str, bytes]:
    """PDF/A-2b bytes of every .docx (name -> bytes), by the same names ending in .pdf.

    Batches of at most `batch` files run on up to `workers` soffice processes at once
    (default: two where there are two cores and several batches); `timeout` bounds each.
    Every PDF is checked to exist, to have pages and to identify as PDF/A-2b.
    `progress(done, total)` is called at the start and as soffice reports each file done.
    """
    names = list(documents)
    _check_names(names)
    _check_packages(documents)
    if not names:
        return {}
    soffice = find_soffice()
    counter = _Progress(len(names), progress)
    batches = [names[i:i + max(batch, 1)] for i in range(0, len(names), max(batch, 1))]
    workers = workers or min(len(batches), 2, os.cpu_count() or 1)
    if workers <= 1:
        parts = [_convert_batch(soffice, {n: documents[n] for n in b}, timeout, counter) for b in batches]
    else:
        with ThreadPoolExecutor(workers, thread_name_prefix="fsegen-soffice") as pool:
            try:
                parts = list(pool.map(lambda b: _convert_batch(
                    soffice, {n: documents[n] for n in b}, timeout, counter), batches))
            except BaseException:
                kill_children()
                raise
    return {name: data for part in parts for name, data in part.items()}


def _convert_batch(soffice: str, documents: dict[str, bytes], timeout: float,
                   counter: _Progress | None = None) -> dict[str, bytes]:
    """One batch in its own scratch folder; the files a crash left unconverted are retried once."""
    scratch = Path(tempfile.mkdtemp(prefix="fsegen-soffice-"))
    orphans.watch(folder=scratch)  # removed even if fsegen is killed while it converts
    try:
        inputs = scratch / "in"
        inputs.mkdir()
        for name, data in documents.items():
            (inputs / name).write_bytes(data)
        output = scratch / "out"
        pending, said = list(documents), ""
        for attempt in (1, 2):
            said = _run(soffice, [inputs / n for n in pending], output, scratch / f"run{attempt}",
                        timeout, counter.converted if counter else None)
            pending = [n for n in pending if not _pdf(output, n).is_file()]
            if not pending:
                break
        return _collect(documents, output, said)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        orphans.release(folder=scratch)


def _collect(documents: dict[str, bytes], output: Path, said: str) -> dict[str, bytes]:
    """The verified PDFs of a batch, or an OutputError naming every file that failed."""
    problems = [msg for name in documents if (msg := _verify(name, _pdf(output, name)))]
    if problems:
        listed = Joined(problems, "\n  ")
        raise OutputError(_("PDF/A export failed:\n  {problems}\nLibreOffice said: {said}", problems=listed,
                            said=said) if said else _("PDF/A export failed:\n  {problems}", problems=listed))
    return {_pdf(output, name).name: _pdf(output, name).read_bytes() for name in documents}


GATE = 'read -r _ || exit 1; exec "$0" "$@"'
"""How soffice is started: by a shell that waits for a line from fsegen, sent once the watchdog
knows the process group (generator/rendering/orphans.py); if fsegen is killed before, the line
never comes and soffice never starts (it was left running when the kill came in between)."""


def _run(soffice: str, inputs: list[Path], outdir: Path, home: Path, timeout: float,
         converted: Callable[[str], None] | None = None) -> str:
    """Run one soffice (own profile, HOME and TMPDIR, own process group); return its last lines.
    `converted(name)` hears of each file soffice reports done (its "convert ..." lines)."""
    (home / "tmp").mkdir(parents=True)
    argv = [soffice, f"-env:UserInstallation={(home / 'profile').as_uri()}", "--headless",
            "--norestore", "--nolockcheck", "--convert-to", PDFA_FILTER, "--outdir", str(outdir),
            *[str(path) for path in inputs]]
    proc = _start(argv, home)
    lines: list[str] = []
    reader = threading.Thread(target=_read_lines, args=(proc.stdout, lines, converted), daemon=True,
                              name="fsegen-soffice-output")
    reader.start()
    try:
        proc.wait(timeout=timeout)
        reader.join(timeout=READER_GRACE)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        names = ", ".join(path.name for path in inputs[:5]) + (" ..." if len(inputs) > 5 else "")
        seconds = f"{timeout:g}"
        raise OutputError(_("LibreOffice did not finish converting {names} within {seconds} s (set "
                            "FSEGEN_LIMIT_CONVERSION to allow longer)",
                            names=names, seconds=seconds)) from None
    except BaseException:
        _kill_group(proc)
        raise
    finally:
        with _CHILDREN_LOCK:
            _CHILDREN.discard(proc)
        orphans.release(group=proc.pid)
    said = last_lines("".join(lines))
    if proc.returncode != 0:
        return f"exit code {proc.returncode}" + (f": {said}" if said else "")
    return said


def _read_lines(stream, lines: list[str], converted: Callable[[str], None] | None) -> None:
    """Collect soffice's output as it comes, telling `converted` of each "convert X -> Y" line."""
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace")
        lines.append(line)
        if converted is not None and line.startswith("convert ") and " -> " in line:
            converted(Path(line[len("convert "):].split(" -> ", 1)[0]).name)
    stream.close()


def kill_children() -> None:
    """Kill every soffice we started that is still running (at exit, on a signal)."""
    with _CHILDREN_LOCK:
        children = list(_CHILDREN)
    for proc in children:
        _kill_group(proc)


atexit.register(kill_children)


def _start(argv: list[str], home: Path) -> subprocess.Popen:
    """soffice (`argv`), in its own process group, own HOME and TMPDIR, watched by the watchdog
    before it may start (GATE)."""
    soffice = argv[0]
    env = dict(os.environ, HOME=str(home), TMPDIR=str(home / "tmp"))
    gated = os.name == "posix"
    try:
        if gated and shutil.which(soffice) is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), soffice)  # as Popen says it
        proc = subprocess.Popen(["/bin/sh", "-c", GATE, *argv] if gated else argv,
                                stdin=subprocess.PIPE if gated else subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=str(home),
                                start_new_session=True)
    except OSError as error:
        raise ToolError(_("cannot start LibreOffice ({soffice}): {problem}. Install it with: {install}",
                          soffice=soffice, problem=str(error), install=INSTALL_HINT)) from error
    with _CHILDREN_LOCK:
        _CHILDREN.add(proc)
    orphans.watch(group=proc.pid)  # its own process group: killed even if fsegen is killed
    if proc.stdin is not None:  # the watchdog knows it: soffice may start
        with contextlib.suppress(OSError, ValueError):
            proc.stdin.write(b"\n")
            proc.stdin.close()
    return proc


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the process group we created for this soffice (and only it)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, ValueError, OSError):
        proc.communicate(timeout=10)


def last_lines(output: str, count: int = 5) -> str:
    """soffice's last useful lines, minus the harmless javaldx warning and progress lines."""
    keep = [line.strip() for line in output.splitlines()
            if line.strip() and "javaldx" not in line and not line.startswith("convert ")]
    return "; ".join(keep[-count:])


def _pdf(folder: Path, docx_name: str) -> Path:
    return folder / (Path(docx_name).stem + ".pdf")


def _verify(name: str, pdf: Path) -> str | None:
    """None if `pdf` is a readable PDF/A-2b, else a message naming the source `name`."""
    from pypdf import PdfReader

    if not pdf.is_file() or pdf.stat().st_size == 0:
        return _("{name}: LibreOffice produced no PDF (is the document readable?)", name=name)
    try:
        if len(PdfReader(str(pdf)).pages) == 0:
            return _("{name}: the PDF has no pages", name=name)
        part, conformance = pdfa_identification(pdf)
    except Exception as error:  # noqa: BLE001 - pypdf raises many types for broken files
        return _("{name}: the PDF cannot be read: {problem}", name=name, problem=str(error))
    if part != "2" or (conformance or "").upper() != "B":
        return _("{name}: the PDF is not PDF/A-2b (pdfaid:part={part!r}, "
                 "pdfaid:conformance={conformance!r}); "
                 "check the export filter options", name=name, part=part, conformance=conformance)
    if pdfua_identification(pdf) != "1":
        return _("{name}: the PDF is not identified as PDF/UA-1; check the export filter options", name=name)
    return None


def _check_packages(documents: dict[str, bytes]) -> None:
    """Refuse what is not a .docx before soffice sees it: it would import a non-zip file as
    plain text and exit 0, turning a damaged deliverable into a PDF of garbage."""
    problems = []
    for name, data in documents.items():
        try:
            open_package(data, shown=name).close()
        except DocumentError as error:
            problems.append(error.message)
    if problems:
        raise OutputError(_("cannot export to PDF/A:\n  {problems}", problems=Joined(problems, "\n  ")))


def _check_names(names: list[str]) -> None:
    """soffice names each PDF after its input's stem: names must be plain .docx file names."""
    for name in names:
        if Path(name).name != name or not name.endswith(".docx"):
            raise OutputError(_("cannot export {name!r}: expected a plain .docx file name", name=name))
