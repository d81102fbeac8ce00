"""Digital signatures with real components, no mocks.

A throwaway CA made here with `cryptography`, a real PDF/A-2b made once by
LibreOffice, a real PKCS#11 token emulated by SoftHSM2 in a temporary folder,
and a time-stamping authority on the loopback interface answered by pyHanko's
own test TSA. Apart from the one LibreOffice conversion, the file runs in
seconds.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pypdf import PdfWriter
from pypdf.annotations import FreeText

from generator.lifecycle.signatures import is_signed, validate_signatures
from generator.lifecycle.signer import Pkcs11Signer, Pkcs12Signer, SigningError, sign_pdf
from generator.rendering.pdf import convert_to_pdfa
from generator.rendering.pdfa import pdfa_identification
from tests.conftest import need_tool, refused, run_fsegen

# every test signs the PDF/A that LibreOffice made; one worker makes it (and the token) once
pytestmark = [pytest.mark.needs_soffice, pytest.mark.xdist_group("signing")]

CLAUSE = "Firmato digitalmente ai sensi dell'Art. 24 del D.Lgs. 82/2005"
PASSPHRASE = "passphrase di prova"
PIN, SO_PIN, TOKEN = "123456", "654321", "fsegen-test"
SOFTHSM_MODULES = [  # Debian/Ubuntu, Fedora, Homebrew
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
]
NOW = dt.datetime.now(dt.UTC)
TSA_TIME = (NOW - dt.timedelta(seconds=30)).replace(microsecond=0)  # the test TSA's clock, told apart from ours


@dataclass(frozen=True)
class Pki:
    root_pem: bytes
    other_root_pem: bytes
    p12: Path
    signer_key: rsa.RSAPrivateKey
    signer_cert: x509.Certificate
    tsa_key: rsa.RSAPrivateKey
    tsa_cert: x509.Certificate


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _usage(**on: bool) -> x509.KeyUsage:
    names = ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
             "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"]
    return x509.KeyUsage(**{n: on.get(n, False) for n in names})


def _certificate(subject, public_key, issuer, issuer_key, *, ca=False, usage, eku=None):
    builder = (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(_name(issuer))
        .public_key(public_key).serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(issuer_key, hashes.SHA256())


def _root(cn: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(cn, key.public_key(), cn, key, ca=True, usage=_usage(key_cert_sign=True, crl_sign=True))


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> Pki:
    """A root CA, a signer certified for signatures (with non-repudiation), a TSA, and an unrelated root."""
    root_key, root = _root("fsegen Test Root CA")
    _, other_root = _root("Some Other Root CA")
    signer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    usage = _usage(digital_signature=True, content_commitment=True)
    signer = _certificate("Anna Rossi", signer_key.public_key(), "fsegen Test Root CA", root_key, usage=usage)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = _certificate("fsegen Test TSA", tsa_key.public_key(), "fsegen Test Root CA", root_key,
                       usage=_usage(digital_signature=True), eku=[ExtendedKeyUsageOID.TIME_STAMPING])
    p12 = tmp_path_factory.mktemp("pki") / "anna-rossi.p12"
    encryption = serialization.BestAvailableEncryption(PASSPHRASE.encode())
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"anna", signer_key, signer, [root], encryption))
    return Pki(_pem(root), _pem(other_root), p12, signer_key, signer, tsa_key, tsa)


@pytest.fixture(scope="session")
def pdfa(tmp_path_factory) -> bytes:
    """A real PDF/A-2b deliverable, converted once by LibreOffice."""
    folder = tmp_path_factory.mktemp("pdfa")
    document = docx.Document()
    document.add_paragraph("Integrazione all'Allegato 1: attività e responsabilità del capofila.")
    document.add_paragraph(CLAUSE)
    document.save(folder / "allegato.docx")
    return convert_to_pdfa({"allegato.docx": (folder / "allegato.docx").read_bytes()})["allegato.pdf"]


@pytest.fixture(scope="session")
def signed(pdfa, pki) -> bytes:
    return sign_pdf(pdfa, Pkcs12Signer(pki.p12, passphrase=PASSPHRASE), reason=CLAUSE, location="Milano")


def test_pkcs12_signature_is_intact_valid_and_trusted(signed, pki):
    [status] = validate_signatures(signed, [pki.root_pem])
    assert status.ok, status.message
    assert (status.field, status.signer) == ("Firma", "Anna Rossi")
    assert abs(status.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    assert is_signed(signed)


def test_signature_is_pades_and_an_incremental_update(signed, pdfa):
    assert signed.startswith(pdfa)  # LibreOffice's bytes are untouched
    assert b"/SubFilter /ETSI.CAdES.detached" in signed
    start, signed_len, resume, tail = map(int, re.search(rb"/ByteRange \[(\d+) (\d+) (\d+) (\d+)\]", signed).groups())
    assert (start, resume + tail) == (0, len(signed))  # everything but the signature value is signed
    assert signed[signed_len:signed_len + 1] == b"<" and signed[resume - 1:resume] == b">"


def test_pdfa_2b_identification_survives_signing(signed, pdfa):
    assert pdfa_identification(pdfa) == ("2", "B")
    assert pdfa_identification(signed) == ("2", "B")


def test_untrusted_with_another_root(signed, pki, tmp_path):
    other = tmp_path / "other-root.pem"
    other.write_bytes(pki.other_root_pem)
    [status] = validate_signatures(signed, [other])
    assert (status.intact, status.valid, status.trusted, status.ok) == (True, True, False, False)
    assert "does not chain to any trust root" in status.message


def test_a_byte_changed_in_the_signed_range_is_caught(signed, pki):
    signed_len = int(re.search(rb"/ByteRange \[0 (\d+) ", signed).group(1))
    # A byte inside a stream of the original file: the PDF still parses.
    position = re.compile(rb"stream\r?\n").search(signed, len(signed) // 3).end() + 3
    assert position < signed_len
    tampered = bytearray(signed)
    tampered[position] ^= 0x01
    [status] = validate_signatures(bytes(tampered), [pki.root_pem])
    assert not status.intact and not status.ok
    assert "changed after signing" in status.message


def test_later_changes_are_reported_but_a_second_signature_is_allowed(signed, pki):
    writer = PdfWriter(io.BytesIO(signed), incremental=True)
    writer.add_annotation(0, FreeText(text="aggiunto dopo la firma", rect=(50, 50, 250, 100)))
    annotated = io.BytesIO()
    writer.write(annotated)
    [status] = validate_signatures(annotated.getvalue(), [pki.root_pem])
    assert status.intact and not status.covers_document
    assert "modified after this signature" in status.message

    countersigned = sign_pdf(signed, Pkcs12Signer(pki.p12, passphrase=PASSPHRASE))
    statuses = validate_signatures(countersigned, [pki.root_pem])
    assert [s.field for s in statuses] == ["Firma", "Firma2"]
    assert all(s.ok for s in statuses), [s.message for s in statuses]
    assert pdfa_identification(countersigned) == ("2", "B")


def test_passphrase_from_environment(pdfa, pki, monkeypatch):
    monkeypatch.setenv("FSEGEN_TEST_P12_PASS", PASSPHRASE)
    spec = Pkcs12Signer(pki.p12, passphrase_env="FSEGEN_TEST_P12_PASS")
    assert PASSPHRASE not in repr(spec)
    assert validate_signatures(sign_pdf(pdfa, spec), [pki.root_pem])[0].ok


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"passphrase": "sbagliata"}, "wrong passphrase for"),
        ({}, "protected by a passphrase and none was given"),
        ({"passphrase_env": "FSEGEN_TEST_UNSET"}, "FSEGEN_TEST_UNSET (the PKCS#12 passphrase) is not set"),
    ],
)
def test_pkcs12_mistakes(pdfa, pki, spec, expected):
    with pytest.raises(SigningError, match=re.escape(expected)):
        sign_pdf(pdfa, Pkcs12Signer(pki.p12, **spec))


def test_not_a_pdf_or_not_a_p12_or_not_a_certificate(pdfa, pki, tmp_path):
    with pytest.raises(SigningError, match="not a PDF"):
        sign_pdf(b"PK\x03\x04 a .docx perhaps", Pkcs12Signer(pki.p12, passphrase=PASSPHRASE))
    with pytest.raises(SigningError, match="cannot be read"):
        validate_signatures(b"%PDF-1.7\nnothing else", [pki.root_pem])
    not_p12 = tmp_path / "root.p12"
    not_p12.write_bytes(pki.root_pem)
    with pytest.raises(SigningError, match=r"is not a PKCS#12 \(.p12/.pfx\) file"):
        sign_pdf(pdfa, Pkcs12Signer(not_p12, passphrase=PASSPHRASE))
    with pytest.raises(SigningError, match="is not a PEM or DER certificate"):
        validate_signatures(pdfa, [pki.p12])
    assert not is_signed(pdfa) and validate_signatures(pdfa, [pki.root_pem]) == []


# --- PKCS#11: a real token emulated by SoftHSM2 -------------------------------


@pytest.fixture(scope="session")
def token(tmp_path_factory, pki) -> str:
    """A SoftHSM2 token in a temporary folder holding the signer's key and certificate; the module path."""
    module = next((m for m in SOFTHSM_MODULES if Path(m).is_file()), None)
    if module is None or shutil.which("softhsm2-util") is None:
        need_tool("SoftHSM2 is not installed (Debian: apt-get install softhsm2)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(conf))  # read when the module is first loaded: set for the session
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN,
                        "--so-pin", SO_PIN], check=True, capture_output=True)
        _import_to_token(module, pki)
        yield module


def _import_to_token(module: str, pki: Pki) -> None:
    """Put the signer's key and certificate on the token, under label "firma" and id 01."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    der_key = pki.signer_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                           serialization.NoEncryption())
    der_cert = pki.signer_cert.public_bytes(serialization.Encoding.DER)
    common = {Attribute.TOKEN: True, Attribute.LABEL: "firma", Attribute.ID: b"\x01"}
    with pkcs11.lib(module).get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        session.create_object({**decode_rsa_private_key(der_key), **common,
                               Attribute.PRIVATE: True, Attribute.SENSITIVE: True})
        session.create_object({**decode_x509_certificate(der_cert), **common,
                               Attribute.CLASS: ObjectClass.CERTIFICATE})


def test_pkcs11_token_signs_and_the_signature_validates(pdfa, pki, token, monkeypatch):
    monkeypatch.setenv("FSEGEN_TEST_PIN", PIN)
    spec = Pkcs11Signer(Path(token), TOKEN, key_label="firma", pin_env="FSEGEN_TEST_PIN")
    signed = sign_pdf(pdfa, spec, reason=CLAUSE)
    [status] = validate_signatures(signed, [pki.root_pem])
    assert status.ok, status.message
    assert status.signer == "Anna Rossi"
    assert pdfa_identification(signed) == ("2", "B")
    by_id = sign_pdf(pdfa, Pkcs11Signer(Path(token), TOKEN, key_id="01", pin=PIN))
    assert validate_signatures(by_id, [pki.root_pem])[0].ok


def test_pkcs11_wrong_pin(pdfa, token):
    with pytest.raises(SigningError, match=f"wrong PIN for token '{TOKEN}'"):
        sign_pdf(pdfa, Pkcs11Signer(Path(token), TOKEN, key_label="firma", pin="000000"))


def test_pkcs11_unknown_token_lists_the_tokens_seen(pdfa, token):
    with pytest.raises(SigningError, match=f"no token labelled 'carta-firma'.*tokens seen: '{TOKEN}'"):
        sign_pdf(pdfa, Pkcs11Signer(Path(token), "carta-firma", key_label="firma", pin=PIN))


def test_pkcs11_unknown_key_lists_the_keys_on_the_token(pdfa, token):
    with pytest.raises(SigningError, match=r"no matching key.*keys on the token: 'firma' \(id 01\)"):
        sign_pdf(pdfa, Pkcs11Signer(Path(token), TOKEN, key_label="firma-2020", pin=PIN))


def test_pkcs11_module_that_is_not_one(pdfa, tmp_path):
    fake = tmp_path / "libnotpkcs11.so"
    fake.write_bytes(b"not a shared library")
    with pytest.raises(SigningError, match="is not a usable PKCS#11 module"):
        sign_pdf(pdfa, Pkcs11Signer(fake, TOKEN, key_label="firma", pin=PIN))


# --- timestamps: a TSA on the loopback interface --------------------------------


@pytest.fixture
def tsa_url(pki):
    """URL of an RFC 3161 TSA on 127.0.0.1, answered by pyHanko's test time-stamper."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    der_key = pki.tsa_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(pki.tsa_cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
        fixed_dt=TSA_TIME,
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(request).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_timestamped_signature(pdfa, pki, tsa_url):
    signed = sign_pdf(pdfa, Pkcs12Signer(pki.p12, passphrase=PASSPHRASE), timestamp=tsa_url)
    [status] = validate_signatures(signed, [pki.root_pem])
    assert status.ok, status.message
    assert status.signing_time == TSA_TIME  # the TSA's time, not the time the signer claims


def test_unreachable_tsa(pdfa, pki):
    with socket.socket() as probe:  # a loopback port just released: nothing listens there
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    with pytest.raises(SigningError, match="time-stamping authority .* did not answer"):
        sign_pdf(pdfa, Pkcs12Signer(pki.p12, passphrase=PASSPHRASE), timestamp=url)


# --- from the command line: sign a built PDF/A, verify the output folder ---------------------


@pytest.mark.slow
def test_sign_a_built_pdf_then_verify_it(small_programme, pki, tmp_path):
    assert run_fsegen(small_programme, "build", "--format", "docx,pdf").returncode == 0
    root = tmp_path / "root.pem"
    root.write_bytes(pki.root_pem)
    other = tmp_path / "other.pem"
    other.write_bytes(pki.other_root_pem)
    env = dict(os.environ, FSEGEN_P12_PASS=PASSPHRASE)
    signed = run_fsegen(small_programme, "sign", "output/allegato.pdf", "--p12", str(pki.p12),
                        "--passphrase-env", "FSEGEN_P12_PASS", env=env)
    assert signed.returncode == 0, signed.stderr
    assert "signed output/allegato.pdf" in signed.stdout
    verified = run_fsegen(small_programme, "verify", "--trust", str(root))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    refused(run_fsegen(small_programme, "verify", "--trust", str(other)), "allegato.pdf: signature")
    data = bytearray((small_programme / "output/allegato.pdf").read_bytes())
    data[len(data) // 3] ^= 0x01
    (small_programme / "output/allegato.pdf").write_bytes(bytes(data))
    refused(run_fsegen(small_programme, "verify", "--trust", str(root)), "allegato.pdf")


def test_sign_needs_one_kind_of_key(small_programme):
    refused(run_fsegen(small_programme, "sign", "content/programme.yaml"), "--p12 FILE or --pkcs11-module",
            code=2)
