"""A signature no validator would accept is refused before it is made: a certificate expired or
not yet valid, one whose key usage is not for signing, a PDF that is not PDF/A. `--force` signs
anyway and says why the signature will not validate."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pypdf import PdfWriter

from generator.lifecycle.signatures import validate_signatures
from generator.lifecycle.signer import Pkcs12Signer, SigningError, sign_document
from generator.rendering.pdf import convert_to_pdfa
from tests.test_signing import _certificate, _pem, _root, _usage

pytestmark = [pytest.mark.needs_soffice, pytest.mark.slow]
PASSPHRASE = "prova"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def pdfa(tmp_path_factory) -> bytes:
    document = docx.Document()
    document.add_paragraph("Dichiarazione di partenariato.")
    buffer = io.BytesIO()
    document.save(buffer)
    return convert_to_pdfa({"dichiarazione.docx": buffer.getvalue()})["dichiarazione.pdf"]


@pytest.fixture(scope="module")
def root():
    return _root("fsegen Refusals Root CA")


def p12(folder: Path, root, name: str, *, usage=None, start=-1, end=365) -> Path:
    """A PKCS#12 file with a key and a certificate valid from NOW+start to NOW+end days."""
    root_key, root_cert = root
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _certificate(name, key.public_key(), "fsegen Refusals Root CA", root_key,
                        usage=usage or _usage(digital_signature=True, content_commitment=True))
    if (start, end) != (-1, 365):  # the builder of test_signing dates it from yesterday
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        cert = (x509.CertificateBuilder().subject_name(cert.subject).issuer_name(cert.issuer)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOW + dt.timedelta(days=start)).not_valid_after(NOW + dt.timedelta(days=end)))
        for extension in _certificate(name, key.public_key(), "fsegen Refusals Root CA", root_key,
                                      usage=_usage(digital_signature=True)).extensions:
            cert = cert.add_extension(extension.value, extension.critical)
        cert = cert.sign(root_key, hashes.SHA256())
    path = folder / f"{name}.p12"
    encryption = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    path.write_bytes(pkcs12.serialize_key_and_certificates(name.encode(), key, cert, [root_cert], encryption))
    return path


@pytest.mark.parametrize(("case", "options", "message"), [
    ("scaduto", {"start": -400, "end": -10}, "expired on"),
    ("futuro", {"start": 10, "end": 400}, "is valid only from"),
    ("cifratura", {"usage": _usage(key_encipherment=True)}, "is not for signing"),
])
def test_a_certificate_that_cannot_sign_validly_is_refused_unless_forced(pdfa, root, tmp_path, case,
                                                                          options, message):
    spec = Pkcs12Signer(p12(tmp_path, root, case, **options), passphrase=PASSPHRASE)
    with pytest.raises(SigningError, match=message):
        sign_document(pdfa, spec)
    forced = sign_document(pdfa, spec, force=True)
    assert any(message in warning for warning in forced.warnings)
    [status] = validate_signatures(forced.data, [_pem(root[1])])
    assert not status.ok  # what the refusal said: a validator rejects it


def test_a_pdf_that_is_not_pdfa_is_refused(root, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    plain = io.BytesIO()
    writer.write(plain)
    spec = Pkcs12Signer(p12(tmp_path, root, "valido"), passphrase=PASSPHRASE)
    with pytest.raises(SigningError, match="the PDF is not PDF/A"):
        sign_document(plain.getvalue(), spec)


def test_the_command_refuses_then_forces_with_a_warning(pdfa, root, tmp_path, fsegen):
    pdf = tmp_path / "allegato.pdf"
    pdf.write_bytes(pdfa)
    path = p12(tmp_path, root, "scaduto", start=-400, end=-10)
    args = ("sign", str(pdf), "--p12", str(path), "--passphrase-env", "FSEGEN_TEST_PASSPHRASE")
    import os
    os.environ["FSEGEN_TEST_PASSPHRASE"] = PASSPHRASE
    try:
        refused = fsegen(tmp_path, *args)
        assert refused.exit_code == 1 and "expired on" in refused.output and "--force" in refused.output
        assert pdf.read_bytes() == pdfa  # nothing signed
        forced = fsegen(tmp_path, *args, "--force")
        assert forced.exit_code == 0 and "warning: the certificate of" in forced.stderr
        assert pdf.read_bytes() != pdfa and "DSA is deprecated" not in forced.output
    finally:
        del os.environ["FSEGEN_TEST_PASSPHRASE"]
