"""Sign deliverable PDFs (PAdES) and check the signatures already in them.

Why it is shaped like this:
- pyHanko does the PDF and CMS work; this module makes our choices and turns
  the many exception types of pyHanko, python-pkcs11 and cryptography into one
  `SigningError` that says what is wrong and how to fix it.
- A signature is an incremental update: LibreOffice's bytes stay as they are
  and the ByteRange covers all of the file but the signature value, as PDF/A-2
  (6.4.3) requires. pyHanko rewrites the XMP packet (ModifyDate, Producer), so
  the PDF/A identification is compared before and after signing.
- Baseline B-B: there is no network, so nothing fetches a timestamp, OCSP or
  CRL, unless a time-stamping authority URL is given (then B-T). Validation
  fetches nothing either: "trusted" means the signer's certificate chains to
  one of the roots given; revocation is not checked.
- Signers are frozen dataclasses, so a CLI builds them without importing
  pyHanko (about a second of start-up, imported only when used). A PIN or
  passphrase may be named by an environment variable, read only while
  signing: it never shows on a command line (`ps`) nor in a repr.
- Nothing here prints. pyHanko logs tracebacks for ordinary outcomes (an
  untrusted chain); its loggers get a NullHandler, so they stay quiet unless
  the application configures logging.
- A signature no validator would accept is refused before it is made: a
  certificate not valid today (expired, not yet valid) or whose key usage
  does not allow signing, and a PDF that is not PDF/A (what is handed in is
  PDF/A). `force` signs anyway and says why it should not have.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import logging
import os
import warnings
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import FsegenError
from generator.lifecycle.identity import Declared, identity_problems
from generator.messages import Message, _
from generator.rendering.pdfa import pdfa_identification
from generator.rendering.xmp import keep_prefix

for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())
# pyHanko imports cryptography's DSA support, deprecated upstream: a warning once per PDF
# signed, about an algorithm fsegen never uses.
warnings.filterwarnings("ignore", message="DSA is deprecated", module="pyhanko")

class SigningError(FsegenError):
    """A PDF cannot be signed or checked; the message says how to fix it."""


@dataclass(frozen=True)
class Pkcs12Signer:
    """Key and certificate in a PKCS#12 (.p12/.pfx) file.

    The passphrase is `passphrase`, or the value of the environment variable
    named by `passphrase_env` (better: it stays off the command line).
    """

    path: Path
    passphrase: str | None = field(default=None, repr=False)
    passphrase_env: str | None = None


@dataclass(frozen=True)
class Pkcs11Signer:
    """Key and certificate on a PKCS#11 token: a smart card, a USB key, an HSM.

    `module` is the vendor's PKCS#11 library (libbit4xpki.so,
    opensc-pkcs11.so, libsofthsm2.so...); `token` is the token label. The key
    is chosen by `key_label` and/or `key_id` (hex, as pkcs11-tool prints it);
    the certificate by `cert_label`, else by the key's label or id. The PIN
    is `pin`, or the value of the environment variable named by `pin_env`;
    with neither, only a reader with its own PIN pad can be used.
    """

    module: Path
    token: str
    key_label: str | None = None
    key_id: str | None = None
    cert_label: str | None = None
    pin: str | None = field(default=None, repr=False)
    pin_env: str | None = None


SignerSpec = Pkcs12Signer | Pkcs11Signer


@dataclass(frozen=True)
class Signed:
    """A signed PDF, and what was wrong with signing it when `force` signed it anyway."""

    data: bytes
    warnings: list[str] = field(default_factory=list)


def sign_pdf(data: bytes, signer: SignerSpec, **options: Any) -> bytes:
    """The PDF `data` with one more PAdES signature (see `sign_document`)."""
    return sign_document(data, signer, **options).data


def sign_document(
    data: bytes,
    signer: SignerSpec,
    *,
    reason: str | None = None,
    location: str | None = None,
    timestamp: str | None = None,
    force: bool = False,
    declared: Declared | None = None,
) -> Signed:
    """The PDF `data` with one more PAdES signature, added as an incremental update.

    Baseline B-B; with `timestamp`, the URL of an RFC 3161 time-stamping
    authority, B-T. `reason` and `location` go in the signature (the signer's name is its
    certificate's). A
    certificate that cannot give a valid signature, or a PDF that is not PDF/A,
    or (`declared`) a certificate of someone other than the signatory the file declares,
    is refused (SigningError) unless `force`: then the problems are returned.
    """
    reader = read_pdf(data)
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers, timestamps

    before = pdfa_identification(data)
    meta = signers.PdfSignatureMetadata(
        field_name=_new_field_name(reader), reason=reason, location=location,
        md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
    )
    stamper = timestamps.HTTPTimeStamper(timestamp) if timestamp else None
    with ExitStack() as stack:
        backend = open_signer(signer, stack)
        problems = signing_problems(before, backend.signing_cert.dump(), dt.datetime.now(dt.UTC), declared)
        refuse_unless_forced(problems, force)
        keep_prefix()  # pyHanko writes the XMP again: our metadata keep their declared prefix
        writer = IncrementalPdfFileWriter(io.BytesIO(data))
        try:
            signed = signers.sign_pdf(writer, meta, signer=backend, timestamper=stamper).getvalue()
        except Exception as exc:  # token, TSA and CMS failures come in many types
            raise signing_failed(exc, signer, timestamp) from exc
    after = pdfa_identification(signed)
    if after != before:
        raise SigningError(_("signing changed the PDF/A identification (part, conformance) from {before} "
                             "to {after}, so the signed file was not kept; please report this",
                             before=before, after=after))
    return Signed(signed, problems)


def open_signer(signer: SignerSpec, stack: ExitStack):
    """pyHanko's signer for a PKCS#12 file or a token (its session closed with `stack`)."""
    return _pkcs11_signer(signer, stack) if isinstance(signer, Pkcs11Signer) else _pkcs12_signer(signer)


def refuse_unless_forced(problems: list[str], force: bool) -> None:
    """A SigningError listing `problems`, unless there are none or `force` signs anyway."""
    if problems and not force:
        raise SigningError("not signed: " + "; ".join(problems) + " (fsegen sign --force signs "
                           "anyway, and the signature will not validate)")


def signing_problems(pdfa: tuple[str | None, str | None], certificate: bytes,
                     now: dt.datetime, declared: Declared | None = None) -> list[str]:
    """Why a signature would not validate (`certificate`: DER), or why the PDF should not be
    signed: not PDF/A, a certificate not valid `now`, a key usage that does not allow signing,
    a certificate of someone other than the `declared` signatory."""
    from cryptography import x509

    found = identity_problems(certificate, declared) if declared is not None else []
    if pdfa == (None, None):
        found.append("the PDF is not PDF/A (sign the PDF/A that fsegen build --format pdf makes)")
    cert = x509.load_der_x509_certificate(certificate)
    subject = cert.subject.rfc4514_string()
    if now < cert.not_valid_before_utc:
        found.append(f"the certificate of {subject} is valid only from {cert.not_valid_before_utc:%d/%m/%Y}")
    if now > cert.not_valid_after_utc:
        found.append(f"the certificate of {subject} expired on {cert.not_valid_after_utc:%d/%m/%Y}")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return found
    if not (usage.digital_signature or usage.content_commitment):
        found.append(f"the certificate of {subject} is not for signing (its key usage has neither "
                     "digitalSignature nor nonRepudiation)")
    return found


def read_pdf(data: bytes):
    """A pyHanko reader over `data`; a SigningError if pyHanko is missing or this is no PDF."""
    try:
        from pyhanko.pdf_utils.reader import PdfFileReader
    except ImportError as exc:
        raise SigningError(_("digital signatures need pyHanko ({error}); install it with: pip install "
                             "'fsegen[sign]'", error=str(exc))) from exc
    if not isinstance(data, bytes) or data.lstrip()[:5] != b"%PDF-":
        raise SigningError(_("this is not a PDF (it does not start with %PDF-); give the exported .pdf "
                             "file"))
    try:
        reader = PdfFileReader(io.BytesIO(data))
        reader.root  # noqa: B018 (reads the catalogue now, so damage shows here)
    except Exception as exc:  # pyHanko raises many types for broken files
        raise SigningError(_("the PDF cannot be read ({error}); export it again", error=str(exc))) from exc
    if reader.encrypted:
        raise SigningError(_("the PDF is encrypted; export it again without a password"))
    return reader


def signature_fields(reader) -> list:
    """The filled signature fields, oldest first (document timestamps left out)."""
    try:
        return list(reader.embedded_regular_signatures)
    except Exception as exc:  # pyHanko raises many types for damaged fields
        raise SigningError(_("the PDF's signature fields are damaged ({error}); get the signed file again",
                             error=str(exc))) from exc


def _new_field_name(reader) -> str:
    """`Firma`, or `Firma2`, `Firma3`... when the document is already signed."""
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, *_rest in enumerate_sig_fields(reader)}
    return next(name for n in itertools.count(1) if (name := f"Firma{n}" if n > 1 else "Firma") not in taken)


def _secret(value: str | None, env: str | None, what: str) -> str | None:
    """The PIN or passphrase, from the environment variable `env` if one is named."""
    if env is None:
        return value
    if env not in os.environ:
        raise SigningError(_("the environment variable {env} (the {what}) is not set; export it before "
                             "signing", env=env, what=what))
    return os.environ[env]


def _pkcs12_signer(spec: Pkcs12Signer):
    from asn1crypto.pkcs12 import Pfx
    from cryptography.hazmat.primitives.serialization import pkcs12
    from pyhanko.sign.signers import SimpleSigner

    try:
        blob = Path(spec.path).read_bytes()
    except OSError as exc:
        raise SigningError(_("cannot read the PKCS#12 file {path}: {problem}", path=spec.path,
                             problem=str(exc.strerror or exc))) from exc
    secret = _secret(spec.passphrase, spec.passphrase_env, "PKCS#12 passphrase")
    passphrase = secret.encode("utf-8") if secret else None
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(blob, passphrase)
    except ValueError as exc:  # cryptography says the same for both causes
        try:
            Pfx.load(blob).native  # noqa: B018 (parses the whole structure)
        except ValueError:
            raise SigningError(_("{path} is not a PKCS#12 (.p12/.pfx) file", path=spec.path)) from exc
        if passphrase is None:
            raise SigningError(_("{path} is protected by a passphrase and none was given",
                                 path=spec.path)) from exc
        where = _(" (from ${variable})", variable=spec.passphrase_env) if spec.passphrase_env else ""
        raise SigningError(_("wrong passphrase{where} for {path}; check it and try again", where=where,
                             path=spec.path)) from exc
    if key is None or cert is None:
        raise SigningError(_("{path} has no private key with its certificate; export both into the file",
                             path=spec.path))
    return SimpleSigner.load_pkcs12_data(blob, other_certs=(), passphrase=passphrase)


def _pkcs11_signer(spec: Pkcs11Signer, stack: ExitStack):
    try:
        import pkcs11
        from pyhanko.sign.pkcs11 import PKCS11Signer
    except ImportError as exc:
        raise SigningError(_("PKCS#11 tokens need python-pkcs11 ({error}); install it with: pip install "
                             "'fsegen[sign]'", error=str(exc))) from exc

    token = _find_token(spec)
    pin = _secret(spec.pin, spec.pin_env, "token PIN")
    if pin is None and not token.flags & pkcs11.TokenFlag.PROTECTED_AUTHENTICATION_PATH:
        raise SigningError(_("token {token!r} needs a PIN: put it in an environment variable and name "
                             "that", token=spec.token))
    try:
        session = token.open(user_pin=pkcs11.PROTECTED_AUTH if pin is None else pin)
    except (pkcs11.PinIncorrect, pkcs11.PinLenRange) as exc:
        raise SigningError(_("wrong PIN for token {token!r}; check it before trying again, as a few "
                             "wrong PINs lock the token", token=spec.token)) from exc
    except pkcs11.PinLocked as exc:
        raise SigningError(_("the PIN of token {token!r} is locked; unlock it with the PUK",
                             token=spec.token)) from exc
    except pkcs11.PKCS11Error as exc:
        raise SigningError(_("cannot open token {token!r}: {p11_text}", token=spec.token,
                             p11_text=_p11_text(exc))) from exc
    stack.callback(session.close)
    try:
        key_id = bytes.fromhex(spec.key_id.replace(":", "")) if spec.key_id else None
    except ValueError:
        raise SigningError(_("key id {key_id!r} is not hexadecimal (write it like 01 or a1:b2)",
                             key_id=spec.key_id)) from None
    if not (spec.key_label or spec.cert_label or key_id):
        raise SigningError(_("say which key to use, by label or id; {objects_on}",
                             objects_on=_objects_on(session)))
    signer = PKCS11Signer(session, cert_label=spec.cert_label, key_label=spec.key_label, key_id=key_id)
    try:
        signer.signing_cert  # noqa: B018 (loads key and certificate now, for a clear error)
    except Exception as exc:  # pyHanko and python-pkcs11 both raise here
        raise SigningError(_("no matching key and certificate on token {token!r} ({p11_text}); "
                             "{objects_on}", token=spec.token, p11_text=_p11_text(exc),
                             objects_on=_objects_on(session))) from exc
    return signer


def _find_token(spec: Pkcs11Signer):
    """The token labelled `spec.token`; the error lists the labels seen."""
    import pkcs11

    if not Path(spec.module).is_file():
        raise SigningError(_("PKCS#11 module {module} not found; give the path of the token vendor's "
                             "library", module=spec.module))
    try:
        lib = pkcs11.lib(str(spec.module))
        tokens = [slot.get_token() for slot in lib.get_slots(token_present=True)]
    except pkcs11.PKCS11Error as exc:
        raise SigningError(_("{module} is not a usable PKCS#11 module: {p11_text}", module=spec.module,
                             p11_text=_p11_text(exc))) from exc
    ready = [t for t in tokens if t.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED]
    for token in ready:
        if token.label == spec.token:
            return token
    seen = ", ".join(repr(t.label) for t in ready) or _("none (is the card in the reader?)")
    raise SigningError(_("no token labelled {token!r} in {module}; tokens seen: {seen}", token=spec.token,
                         module=spec.module, seen=seen))


def _objects_on(session) -> str | Message:
    """'keys on the token: ...; certificates: ...', with labels and hex ids."""
    from pkcs11 import Attribute, ObjectClass, PKCS11Error

    def listing(kind) -> str:
        found = [f"{o[Attribute.LABEL]!r} (id {bytes(o[Attribute.ID]).hex() or '-'})"
                 for o in session.get_objects({Attribute.CLASS: kind})]
        return ", ".join(found) or "none"

    try:
        keys, certificates = listing(ObjectClass.PRIVATE_KEY), listing(ObjectClass.CERTIFICATE)
        return _("keys on the token: {keys}; certificates: {certificates}", keys=keys,
                 certificates=certificates)
    except PKCS11Error as exc:  # a token may refuse to list them; the first error still counts
        return _("the token does not list its objects ({problem})", problem=_p11_text(exc))


def _p11_text(exc: Exception) -> str:
    """PKCS#11 errors often carry no message, only a class name."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def signing_failed(exc: Exception, spec: SignerSpec, timestamp: str | None) -> SigningError:
    """The SigningError for a failure inside pyHanko's sign_pdf."""
    from pyhanko.sign.timestamps import TimestampRequestError

    if isinstance(exc, TimestampRequestError):
        reason = exc.__cause__ or exc
        return SigningError(_("the time-stamping authority {timestamp} did not answer ({reason}); check "
                              "the URL and the network, or sign without a timestamp", timestamp=timestamp,
                              reason=reason))
    source = f"token {spec.token!r}" if isinstance(spec, Pkcs11Signer) else str(spec.path)
    return SigningError(_("signing with {source} failed: {p11_text}", source=source,
                          p11_text=_p11_text(exc)))
