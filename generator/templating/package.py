"""Open a .docx (a zip package) in bounded memory, refusing zip bombs before unzipping.

Templates arrive by pull request and `fsegen totext` runs on any .docx Git hands it,
so a 330 KB file that expands to gigabytes must be refused up front. Python's
zipfile never inflates a part past the size its header declares (a longer stream
fails its check), so checking the declared sizes and ratios bounds the memory.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from generator.errors import DocumentError
from generator.limits import Limits
from generator.messages import Message, _

_SMALL_PART = 1_000_000
"""Parts below this size are not held to the compression ratio (tiny XML compresses well)."""


def open_package(source: Path | bytes, limits: Limits = Limits(), shown: str | None = None,
                 kind: str | None = None) -> zipfile.ZipFile:
    """The zip archive of a .docx (or of another zip package, `kind`), checked against the size
    limits; DocumentError otherwise."""
    shown = shown or (str(source) if isinstance(source, (str, Path)) else "the document")
    kind = kind or _("a Word document (.docx is a zip package)")
    try:
        data = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
        archive = zipfile.ZipFile(io.BytesIO(data))
    except OSError as error:
        raise DocumentError(_("cannot read {file}: {problem}", file=shown,
                              problem=error.strerror or str(error))) from error
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise DocumentError(_("{file} is not {kind}: {problem}", file=shown, kind=kind, problem=str(error))) \
            from error
    check_sizes(archive, limits, shown)
    return archive


def check_sizes(archive: zipfile.ZipFile, limits: Limits, shown: str) -> None:
    """Refuse a package whose parts would expand past the limits (size and ratio)."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        part, size = info.filename, _mb(info.file_size)
        if info.file_size > limits.part:
            _refuse(shown, _("its part {part} expands to {size}", part=part, size=size),
                    _("the limit is {limit} (FSEGEN_LIMIT_PART)", limit=_mb(limits.part)))
        if info.file_size > _SMALL_PART and ratio > limits.ratio:
            times, packed = f"{ratio:,.0f}", _mb(info.compress_size)
            _refuse(shown, _("its part {part} expands {times} times ({packed} to {size})", part=part,
                             times=times, packed=packed, size=size),
                    _("the limit is {limit} times (FSEGEN_LIMIT_RATIO); a zip bomb?", limit=limits.ratio))
        if total > limits.package:
            _refuse(shown, _("its parts expand to more than {limit}", limit=_mb(limits.package)),
                    _("the limit of one package (FSEGEN_LIMIT_PACKAGE)"))


def read_part(archive: zipfile.ZipFile, name: str, shown: str = "the document") -> bytes:
    """One part's bytes (bounded by the checked declared size)."""
    try:
        return archive.read(name)
    except KeyError as error:
        raise DocumentError(_("{file} has no part {part}", file=shown, part=name)) from error
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as error:
        raise DocumentError(_("{file}: its part {part} is damaged: {problem}", file=shown, part=name,
                              problem=str(error))) from error


def _refuse(shown: str, what: Message, limit: Message) -> None:
    raise DocumentError(_("{file} is refused: {what}; {limit}", file=shown, what=what, limit=limit))


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


def checked_bytes(path: Path, limits: Limits = Limits(), shown: str | None = None) -> bytes:
    """The bytes of a .docx file, after its package passed the size limits."""
    shown = shown or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise DocumentError(_("cannot read {file}: {problem}", file=shown,
                              problem=error.strerror or str(error))) from error
    open_package(data, limits, shown).close()
    return data
