"""CAdES: a PDF/A wrapped in a signed envelope (`.p7m`), and the envelopes checked.

Many Italian offices sign with CAdES rather than PAdES: the file handed in is
`<name>.pdf.p7m`, a CMS SignedData (RFC 5652) that holds the PDF/A itself and a signature
over it, made by pyHanko (`Signer.async_sign_general_data`, enveloping, with the CAdES
signed attributes: content type, message digest, signing time and the ESS
signing-certificate-v2 that makes it CAdES-BES; with a time-stamping authority, a signature
timestamp: CAdES-T). Any CMS tool reads it: `openssl cms -verify -inform DER -in x.pdf.p7m
-CAfile root.pem -out x.pdf` gives the PDF/A back.

The same refusals as PAdES (generator/lifecycle/signer.py): a certificate not valid today, not
for signing, of someone other than the declared signatory, or a file that is not PDF/A.
Checking an envelope fetches nothing, like checking a PDF's signatures: "trusted" means the
signer's certificate chains to a root given; revocation is not checked. An envelope's
signature status is a `SignatureStatus`, so `fsegen verify` reports both kinds alike.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as dt
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path

from generator.lifecycle.identity import Declared
from generator.lifecycle.signatures import SignatureStatus, load_roots, trust_message
from generator.lifecycle.signer import (
    Signed,
    SignerSpec,
    SigningError,
    open_signer,
    refuse_unless_forced,
    signing_failed,
    signing_problems,
)
from generator.messages import _
from generator.rendering.pdfa import pdfa_identification

P7M = ".p7m"
"""What an envelope adds to the name of the file it holds (`allegato.pdf.p7m`)."""


def sign_cades(data: bytes, signer: SignerSpec, *, timestamp: str | None = None, force: bool = False,
               declared: Declared | None = None) -> Signed:
    """The PDF/A `data` in a CAdES-BES envelope (DER), signed with `signer` (B-T with `timestamp`,
    the URL of an RFC 3161 authority). Refused (SigningError) as `sign_document` refuses, unless
    `force`: then the problems are returned."""
    if not isinstance(data, bytes) or data.lstrip()[:5] != b"%PDF-":
        raise SigningError(_("this is not a PDF (it does not start with %PDF-); give the exported .pdf "
                             "file"))
    from pyhanko.sign import timestamps

    pdfa = pdfa_identification(data)
    stamper = timestamps.HTTPTimeStamper(timestamp) if timestamp else None
    with ExitStack() as stack:
        backend = open_signer(signer, stack)
        problems = signing_problems(pdfa, backend.signing_cert.dump(), dt.datetime.now(dt.UTC), declared)
        refuse_unless_forced(problems, force)
        try:
            envelope = asyncio.run(backend.async_sign_general_data(
                data, "sha256", detached=False, use_cades=True, timestamper=stamper))
        except Exception as exc:  # token, TSA and CMS failures come in many types
            raise signing_failed(exc, signer, timestamp) from exc
    return Signed(envelope.dump(), problems)


def open_envelope(data: bytes):
    """(the content, the CMS SignedData) of a .p7m, in DER or in base64 (some offices' tools
    write it so); a SigningError when it is not a signed envelope that holds its content."""
    from asn1crypto import cms

    blob = data
    if blob[:1] != b"\x30":  # not DER: perhaps base64, with or without PEM armour
        lines = [line for line in data.splitlines() if line and not line.startswith(b"-----")]
        try:
            blob = base64.b64decode(b"".join(lines), validate=True)
        except (binascii.Error, ValueError):
            raise SigningError(_("this is not a signed envelope (.p7m): neither DER nor base64")) from None
    try:
        info = cms.ContentInfo.load(blob)
        if info["content_type"].native != "signed_data":
            raise ValueError(_("a CMS {native}, not signed data", native=info['content_type'].native))
        signed = info["content"]
        content = signed["encap_content_info"]["content"].native
    except ValueError as exc:
        raise SigningError(_("this is not a signed envelope (.p7m): {error}", error=str(exc))) from exc
    if content is None:
        raise SigningError(_("the envelope holds no content (a detached signature): sign the PDF/A again "
                             "with fsegen sign --cades"))
    return bytes(content), signed


def envelope_signer(data: bytes) -> bytes:
    """The DER certificate of the envelope's (first) signer."""
    _content, signed = open_envelope(data)
    from pyhanko.sign.general import extract_signer_info

    info = extract_signer_info(signed)
    sid = info["sid"]
    for candidate in signed["certificates"]:
        cert = candidate.chosen
        if sid.name == "issuer_and_serial_number" and cert.issuer == sid.chosen["issuer"] \
                and cert.serial_number == sid.chosen["serial_number"].native:
            return cert.dump()
        if sid.name == "subject_key_identifier" and cert.key_identifier == sid.chosen.native:
            return cert.dump()
    raise SigningError(_("the envelope does not carry its signer's certificate"))


def validate_envelope(data: bytes, trust_roots: Sequence[bytes | str | Path]) -> SignatureStatus:
    """The status of the envelope's signature against `trust_roots` (intact: the content is what
    was signed; it always covers the whole document it holds)."""
    content, signed = open_envelope(data)
    from pyhanko.sign.validation.generic_cms import async_validate_detached_cms
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=load_roots(trust_roots), allow_fetching=False)
    try:
        # pyHanko validates a signature over given bytes: the same SignedData without its content
        # (what is signed is the content's digest in the signed attributes, not where it is kept)
        detached = signed.copy()
        encapsulated = signed["encap_content_info"]
        detached["encap_content_info"] = type(encapsulated)({"content_type": encapsulated["content_type"]})
        status = asyncio.run(async_validate_detached_cms(content, detached,
                                                         signer_validation_context=context))
    except Exception as exc:  # noqa: BLE001 (a malformed envelope is the file's problem, not a crash)
        return SignatureStatus("CAdES", "unknown signer", None, False, False, False, True,
                               _("the envelope's signature cannot be checked: {error}", error=str(exc)))
    subject = status.signing_cert.subject
    signer = subject.native.get("common_name") or subject.human_friendly
    stamped = status.timestamp_validity
    when = stamped.timestamp if stamped is not None else status.signer_reported_dt
    message: str
    if not status.intact:
        message = _("the content was changed after signing: it no longer matches the signature")
    elif not status.valid:
        message = _("the signature value does not match the signer's certificate: it is forged or damaged")
    elif not status.trusted:
        message = trust_message(status)
    else:
        message = _("intact, valid and trusted")
    return SignatureStatus("CAdES", signer, when, status.intact, status.valid, status.trusted, True, message,
                           status.signing_cert.dump())
