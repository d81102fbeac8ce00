"""`fsegen verify`: the output folder against its manifest, and every signature in it.

Each signed PDF (PAdES) and each CAdES envelope (`.pdf.p7m`) is checked: intact, valid,
covering the whole document, trusted when roots are given; an envelope must hold the PDF
beside it (else it is an envelope of an earlier build). When the content is there, each
signature's certificate must be the signatory its deliverable declares (the `signatory`
finding). Nothing is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.errors import Finding
from generator.lifecycle.cades import P7M, open_envelope, validate_envelope
from generator.lifecycle.identity import Declared, identity_problems
from generator.lifecycle.signatures import SignatureStatus, is_signed, validate_signatures
from generator.lifecycle.signer import SigningError
from generator.messages import _

SIGN_AGAIN = "sign the file again, or give the right --trust root"


def signed_files(folder: Path) -> list[Path]:
    """The PDFs and envelopes of `folder`, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name.endswith((".pdf", P7M)))


def signature_findings(folder: Path, trust: Sequence[Path], declared: dict[str, Declared]) -> list[Finding]:
    """A finding for each signature in `folder` that does not hold, or is not its signatory's."""
    findings = []
    for path in signed_files(folder):
        statuses, problems = file_signatures(path, trust)
        findings += [Finding(_("{name}: {problem}", name=path.name, problem=str(problem)), file=str(path),
                             rule="signature", hint=SIGN_AGAIN)
                     for problem in problems]
        for status in statuses:
            holds = status.intact and status.valid and status.covers_document
            if not holds or (trust and not status.trusted):
                findings.append(Finding(_("{name}: signature {field} of {signer}: {message}",
                                          name=path.name, field=status.field, signer=status.signer,
                                          message=status.message), file=str(path), rule="signature",
                                        hint=SIGN_AGAIN))
        findings += signatory_findings(path, statuses, declared)
    return findings


def output_of(path: Path) -> str:
    """The output id of a PDF or envelope (`allegato.pdf.p7m` -> `allegato`)."""
    return path.name.removesuffix(P7M).removesuffix(".pdf")


def file_signatures(path: Path, trust: Sequence[Path]) -> tuple[list[SignatureStatus], list[str]]:
    """The signatures of a PDF (none when unsigned) or of an envelope, and what else is wrong
    with the file (an envelope that does not hold the PDF beside it)."""
    data = path.read_bytes()
    if not path.name.endswith(P7M):
        return (validate_signatures(data, list(trust)) if is_signed(data) else []), []
    try:
        content, _signed = open_envelope(data)
    except SigningError as error:
        return [], [error.message]
    problems = []
    beside = path.with_name(path.name.removesuffix(P7M))
    if beside.is_file() and beside.read_bytes() != content:
        problems.append(f"the envelope does not hold {beside.name} as it is now (an envelope of an "
                        "earlier build): sign the new PDF/A with fsegen sign --cades")
    return [validate_envelope(data, list(trust))], problems


def signatory_findings(path: Path, statuses: list[SignatureStatus],
                       declared: dict[str, Declared]) -> list[Finding]:
    """A finding for each signature whose certificate is not the file's declared signatory."""
    expected = declared.get(output_of(path))
    if expected is None:
        return []
    return [Finding(_("{name}: {problem}", name=path.name, problem=str(problem)), file=str(path),
                    rule="signatory",
                    hint=_("have {name} sign it with their own certificate, or correct the signatory of "
                           "the document (people.{value})", name=expected.name,
                           value=expected.person or '...'))
            for status in statuses if status.certificate is not None
            for problem in identity_problems(status.certificate, expected)]
