"""Check the signatures already in a PDF: intact, valid, trusted, covering the whole file.

Validation fetches nothing (there may be no network): "trusted" means the signer's
certificate chains to one of the roots given; revocation is not checked. Each
signature's status says in words what is wrong, for `fsegen verify`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.lifecycle.signer import SigningError, read_pdf, signature_fields
from generator.messages import _

if TYPE_CHECKING:
    from asn1crypto.x509 import Certificate


@dataclass(frozen=True)
class SignatureStatus:
    """What one embedded signature is worth; `ok` only if every check holds."""

    field: str
    signer: str
    signing_time: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_document: bool
    message: str
    certificate: bytes | None = None
    """The signer's certificate (DER), when the signature carries it."""

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.covers_document


def is_signed(data: bytes) -> bool:
    """Whether the PDF holds at least one signature, valid or not."""
    return bool(signature_fields(read_pdf(data)))


def validate_signatures(data: bytes, trust_roots: Sequence[bytes | str | Path]) -> list[SignatureStatus]:
    """Check every signature in the PDF against `trust_roots`, oldest first.

    A root is a PEM or DER certificate, or a PEM bundle, given as bytes or as
    a file path. Document timestamps (PAdES-LTA) are not listed.
    """
    reader = read_pdf(data)
    from pyhanko_certvalidator import ValidationContext

    roots = load_roots(trust_roots)
    return [
        _status(embedded, ValidationContext(trust_roots=roots, allow_fetching=False))
        for embedded in signature_fields(reader)
    ]


def load_roots(trust_roots: Sequence[bytes | str | Path]) -> list[Certificate]:
    """asn1crypto certificates, parsed strictly now (asn1crypto alone parses lazily)."""
    from asn1crypto.x509 import Certificate
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    roots: list[Certificate] = []
    for root in trust_roots:
        try:
            blob = root if isinstance(root, bytes) else Path(root).read_bytes()
        except OSError as exc:
            raise SigningError(_("cannot read trust root {root!s}: {problem}", root=root,
                                 problem=str(exc.strerror or exc))) from exc
        try:
            pem = b"-----BEGIN" in blob
            certs = x509.load_pem_x509_certificates(blob) if pem else [x509.load_der_x509_certificate(blob)]
        except ValueError as exc:
            where = _("a trust root given as bytes") if isinstance(root, bytes) else _("trust root {root}",
                                                                                    root=root)
            raise SigningError(_("{where} is not a PEM or DER certificate", where=where)) from exc
        roots.extend(Certificate.load(cert.public_bytes(Encoding.DER)) for cert in certs)
    return roots


def _status(embedded, context) -> SignatureStatus:
    from pyhanko.sign.validation import validate_pdf_signature

    signer = _signer_name(embedded)
    try:
        status = validate_pdf_signature(embedded, context)
    except Exception as exc:  # noqa: BLE001 (a malformed signature is the document's problem, not a crash)
        return SignatureStatus(embedded.field_name, signer, None, False, False, False, False,
                               _("the signature cannot be checked: {error}", error=str(exc)))
    covers = _covers_document(status)
    stamped = status.timestamp_validity  # a timestamp's time beats the time the signer claims
    when = stamped.timestamp if stamped is not None else status.signer_reported_dt
    return SignatureStatus(embedded.field_name, signer, when, status.intact, status.valid, status.trusted,
                           covers, _message(status, covers), embedded.signer_cert.dump())


def _covers_document(status) -> bool:
    """Signed the whole file, or only more signatures or validation data came later."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import SignatureCoverageLevel as Coverage

    if status.coverage == Coverage.ENTIRE_FILE:
        return True
    level = status.modification_level
    allowed = level is not None and level <= ModificationLevel.FORM_FILLING
    return status.coverage == Coverage.ENTIRE_REVISION and bool(status.docmdp_ok) and allowed


def _signer_name(embedded) -> str:
    try:
        subject = embedded.signer_cert.subject
    except Exception:  # noqa: BLE001 (a signature without its certificate)
        return "unknown signer"
    return subject.native.get("common_name") or subject.human_friendly


TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND":
        _("does not chain to any trust root given; add its CA's root to the trust roots"),
    "EXPIRED": _("had expired"), "OUT_OF_BOUNDS_NO_POE": _("is outside its validity period"),
    "NOT_YET_VALID": _("is not yet valid"), "REVOKED": _("is revoked"),
    "SIG_CONSTRAINTS_FAILURE": _("does not allow signing (key usage)"),
}
CHANGES = {"ANNOTATIONS": _("annotations were added"), "OTHER": _("its content was changed")}


def trust_message(status) -> str:
    """Why the signer's certificate of a pyHanko signature status is not trusted."""
    indic = getattr(status.trust_problem_indic, "name", "")
    why = TRUST_PROBLEMS.get(indic) or (_("{problem}", problem=indic.lower().replace("_", " ")) if indic
                                        else _("is not trusted"))
    return _("the signer's certificate {why}", why=why)


def _message(status, covers: bool) -> str:
    """One line: what is wrong with the signature, or that nothing is."""
    if not status.intact:
        return _("the document was changed after signing: the signed bytes no longer match the signature")
    if not status.valid:
        return _("the signature value does not match the signer's certificate: it is forged or damaged")
    problems = []
    if not status.trusted:
        problems.append(trust_message(status))
    if not covers:
        level = getattr(status.modification_level, "name", "")
        what = CHANGES.get(level, _("it was changed"))
        problems.append(_("the document was modified after this signature ({what}): it signs an earlier "
                          "revision only", what=what))
    said = problems[0] if problems else _("intact, valid, trusted, and covering the whole document")
    for problem in problems[1:]:
        said = _("{first}; {second}", first=said, second=problem)
    return said
