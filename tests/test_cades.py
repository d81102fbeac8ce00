"""CAdES envelopes (.p7m) and the signatory's certificate, with real components, no mocks.

A throwaway CA made here with `cryptography`; certificates that name their holder as Italian
qualified ones do (common name, `serialNumber: TINIT-<codice fiscale>`); the PDF/A made by
LibreOffice from a real build; the envelope checked by OpenSSL's own `cms -verify`, which
gives back the very bytes of the PDF/A, and by `fsegen verify --trust`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from generator.lifecycle.cades import open_envelope, sign_cades, validate_envelope
from generator.lifecycle.identity import Declared, holder, identity_problems
from generator.lifecycle.signer import Pkcs12Signer, SigningError
from generator.rendering.pdfa import pdfa_identification
from tests.conftest import refused, run_fsegen, write_small_programme
from tests.test_one_verdict import partners_and_declarations

pytestmark = [pytest.mark.needs_soffice, pytest.mark.xdist_group("cades")]

PASSPHRASE = "prova-cades"
NOW = dt.datetime.now(dt.UTC)
ROSSI_CF = "RSSNNA80A41D612P"


def _name(cn: str, fiscal_code: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "IT"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    if fiscal_code:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"TINIT-{fiscal_code}"))
    return x509.Name(attributes)


@dataclass(frozen=True)
class Ca:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, folder: Path, cn: str, fiscal_code: str | None = None, days: tuple[int, int] = (-1, 365)
              ) -> Path:
        """A PKCS#12 file: a key and a certificate for signatures (non-repudiation) of `cn`."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cert = (x509.CertificateBuilder().subject_name(_name(cn, fiscal_code)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOW + dt.timedelta(days=days[0]))
                .not_valid_after(NOW + dt.timedelta(days=days[1]))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                               critical=True)
                .sign(self.key, hashes.SHA256()))
        path = folder / f"{cn.replace(' ', '-').lower()}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"firma", key, cert, [self.cert], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
        return path


@pytest.fixture(scope="module")
def ca() -> Ca:
    return new_ca()


def new_ca() -> Ca:
    """A root CA for signatures, made now."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fsegen CAdES Test Root CA")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                           critical=True)
            .sign(key, hashes.SHA256()))
    return Ca(key, cert)


@pytest.fixture(scope="module")
def programme(tmp_path_factory) -> Path:
    """The small programme with a declaration of partnership for its one partner (the Unione,
    whose legal representative is Anna Rossi), built as docx and PDF/A once. Read-only."""
    root = write_small_programme(tmp_path_factory.mktemp("cades"))
    partners_and_declarations(root)
    path = root / "content/organisations.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    honorific: Dott.ssa\n", f"    honorific: Dott.ssa\n    fiscal_code: {ROSSI_CF}\n"), encoding="utf-8")
    built = run_fsegen(root, "build", "--format", "docx,pdf")
    assert built.returncode == 0, built.stdout + built.stderr
    return root


@pytest.fixture
def folder(programme, tmp_path) -> Path:
    """A copy of the built programme, safe to sign in."""
    subprocess.run(["cp", "-a", f"{programme}/.", str(tmp_path)], check=True)
    return tmp_path


def _sign(folder: Path, p12: Path, *args: str) -> subprocess.CompletedProcess:
    return run_fsegen(folder, "sign", "output/dichiarazione-rete-unione.pdf", "--p12", str(p12),
                      "--passphrase-env", "FSEGEN_TEST_PASS", *args,
                      env=dict(os.environ, FSEGEN_TEST_PASS=PASSPHRASE))


def test_a_p7m_verifies_with_openssl_and_fsegen_and_holds_the_pdfa(folder, ca, tmp_path_factory):
    p12 = ca.issue(tmp_path_factory.mktemp("keys"), "Anna Rossi", ROSSI_CF)
    pdf = folder / "output/dichiarazione-rete-unione.pdf"
    before = pdf.read_bytes()
    signed = _sign(folder, p12, "--cades")
    assert signed.returncode == 0, signed.stderr
    assert "signed output/dichiarazione-rete-unione.pdf.p7m" in signed.stdout
    envelope = folder / "output/dichiarazione-rete-unione.pdf.p7m"
    assert pdf.read_bytes() == before  # CAdES leaves the PDF as it is
    root = folder / "root.pem"
    root.write_bytes(ca.pem)
    out = folder / "from-openssl.pdf"
    result = subprocess.run(["openssl", "cms", "-verify", "-inform", "DER", "-in", str(envelope),
                             "-CAfile", str(root), "-purpose", "any", "-out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "Verification successful" in result.stderr, result.stderr
    assert out.read_bytes() == before and pdfa_identification(out) == ("2", "B")
    printed = subprocess.run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", str(envelope)],
                             capture_output=True, text=True, check=True).stdout
    assert "id-smime-aa-signingCertificateV2" in printed and "signingTime" in printed  # CAdES-BES
    verified = run_fsegen(folder, "verify", "--trust", str(root))
    assert verified.returncode == 0, verified.stdout + verified.stderr
    manifest = json.loads((folder / "output/manifest.json").read_text(encoding="utf-8"))
    [entry] = [e for e in manifest["files"] if e["file"].endswith(".p7m")]
    assert entry["signed"] and entry["format"] == "p7m" and entry["deliverable"] == "dichiarazione-rete-unione"


def test_a_rebuild_keeps_the_envelope_of_an_unchanged_pdf(folder, ca, tmp_path_factory):
    p12 = ca.issue(tmp_path_factory.mktemp("keys"), "Anna Rossi", ROSSI_CF)
    assert _sign(folder, p12, "--cades").returncode == 0
    envelope = (folder / "output/dichiarazione-rete-unione.pdf.p7m").read_bytes()
    assert run_fsegen(folder, "build", "--format", "docx,pdf").returncode == 0
    assert (folder / "output/dichiarazione-rete-unione.pdf.p7m").read_bytes() == envelope
    assert run_fsegen(folder, "verify").returncode == 0


def test_an_envelope_of_an_earlier_pdf_or_a_changed_byte_is_named(folder, ca, tmp_path_factory):
    p12 = ca.issue(tmp_path_factory.mktemp("keys"), "Anna Rossi", ROSSI_CF)
    assert _sign(folder, p12, "--cades", "--output", "busta.pdf.p7m").returncode == 0
    envelope = (folder / "busta.pdf.p7m").read_bytes()
    root = folder / "root.pem"
    root.write_bytes(ca.pem)
    content, _ = open_envelope(envelope)
    position = envelope.index(content[1000:1032])
    tampered = bytearray(envelope)
    tampered[position] ^= 0x01
    status = validate_envelope(bytes(tampered), [root])
    assert not status.intact and "changed after signing" in status.message
    assert validate_envelope(envelope, [root]).ok


def test_a_certificate_of_someone_else_is_refused_and_nothing_changes(folder, ca, tmp_path_factory):
    keys = tmp_path_factory.mktemp("keys")
    output = folder / "output"
    before = {p.name: p.read_bytes() for p in output.iterdir()}
    for args in ((), ("--cades",)):
        shown = refused(_sign(folder, ca.issue(keys, "Mario Bianchi"), *args),
                        "the certificate is Mario Bianchi's, but dichiarazione-rete-unione declares "
                        "that Anna Rossi signs it", "--force")
        assert "Traceback" not in shown
        assert {p.name: p.read_bytes() for p in output.iterdir()} == before
    refused(_sign(folder, ca.issue(keys, "Anna Rossi", "RSSNNA80A41D612Z")),
            "carries the codice fiscale RSSNNA80A41D612Z, but Anna Rossi's is RSSNNA80A41D612P")
    refused(_sign(folder, ca.issue(keys, "Anna Rossi", ROSSI_CF, days=(-400, -10)), "--cades"), "expired on")
    assert {p.name: p.read_bytes() for p in output.iterdir()} == before


def test_forced_with_someone_else_s_certificate_verify_names_the_signatory(folder, ca, tmp_path_factory):
    p12 = ca.issue(tmp_path_factory.mktemp("keys"), "Mario Bianchi")
    forced = _sign(folder, p12, "--cades", "--force")
    assert forced.returncode == 0 and "warning: the certificate is Mario Bianchi's" in forced.stderr
    root = folder / "root.pem"
    root.write_bytes(ca.pem)
    refused(run_fsegen(folder, "verify", "--trust", str(root)),
            "dichiarazione-rete-unione.pdf.p7m: the certificate is Mario Bianchi's", "(signatory)")


def test_holders_are_read_as_italian_certificates_name_them(ca, tmp_path):
    cases = {"ROSSI ANNA": "Anna Rossi", "Anna Rossi/RSSNNA80A41D612P": "Anna Rossi",
             "Nicolò Dell'Acqua": "Nicolo DELL'ACQUA"}
    for cn, declared in cases.items():
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(ca.cert.subject)
                .public_key(key.public_key()).serial_number(1).not_valid_before(NOW)
                .not_valid_after(NOW + dt.timedelta(days=1)).sign(ca.key, hashes.SHA256()))
        der = cert.public_bytes(serialization.Encoding.DER)
        assert identity_problems(der, Declared("x", declared, None)) == [], cn
    other = x509.Name([x509.NameAttribute(NameOID.GIVEN_NAME, "Anna"), x509.NameAttribute(NameOID.SURNAME, "Rossi"),
                       x509.NameAttribute(NameOID.SERIAL_NUMBER, f"IT:{ROSSI_CF}")])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(other).issuer_name(ca.cert.subject).public_key(key.public_key())
            .serial_number(2).not_valid_before(NOW).not_valid_after(NOW + dt.timedelta(days=1))
            .sign(ca.key, hashes.SHA256()))
    found = holder(cert.public_bytes(serialization.Encoding.DER))
    assert (found.name, found.fiscal_code) == ("Anna Rossi", ROSSI_CF)


def test_what_is_not_a_pdf_or_not_an_envelope(ca, tmp_path):
    p12 = ca.issue(tmp_path, "Anna Rossi")
    with pytest.raises(SigningError, match="not a PDF"):
        sign_cades(b"PK\x03\x04", Pkcs12Signer(p12, passphrase=PASSPHRASE))
    with pytest.raises(SigningError, match="not a signed envelope"):
        open_envelope(b"%PDF-1.7 not an envelope")
