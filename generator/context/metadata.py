"""The metadata of each file as a public body keeps it: AgID's Allegato 5, from the content.

The Linee guida sulla formazione, gestione e conservazione dei documenti informatici (AgID,
Allegato 5) list the metadata of a documento informatico. Those the content can fill are
filled here, per file, with the names of the Allegato: the identifier, how it was formed
(`a`, by software), its type, the registration (the protocol number and date, as `fsegen
send` recorded them or as `protocol:` gives them; else none, dated the document's date), the
subjects (author: the signatory and the body it signs for; recipients), the subject line,
the attachments, confidentiality, format and version. The fingerprint and whether the file
is signed are the packet's to add (generator/lifecycle/packet.py), since they are the file's.
The same dictionary goes into the PDF/A's XMP (generator/rendering/xmp.py) and into the
packet's `metadati.xml`.
"""

from __future__ import annotations

from typing import Any

from generator import __version__
from generator.context.views import Context, View

TYPES = {"formulario": "Formulario di candidatura", "integrazione": "Integrazione documentale",
         "scheda": "Scheda progetto", "relazione": "Relazione sullo stato di attuazione",
         "lettera": "Lettera", "altro": "Documento"}
"""The document type (TipologiaDocumentale) of each kind, when `metadata.type` does not say it."""

Tree = dict[str, Any]
"""Metadata as Allegato 5 names them -> a text, a nested dictionary, or a list of them."""


def _body(view: View[Any] | None) -> Tree | None:
    """A body as a subject: PG (persona giuridica) or PAI (public administration)."""
    if view is None:
        return None
    found: Tree = {"Denominazione": view.name}
    if view.fiscal_code:
        found["CodiceFiscale"] = view.fiscal_code
    return found


def _person(view: View[Any] | None) -> Tree | None:
    """A person as a subject (PF, persona fisica)."""
    if view is None:
        return None
    found: Tree = {"Nominativo": view.name}
    if view.fiscal_code:
        found["CodiceFiscale"] = view.fiscal_code
    return found


def _recipients(context: Context) -> list[View[Any]]:
    document = context.document
    assert document is not None
    named = list(document.metadata.recipients)
    if named:
        return named
    letters = [a.organisation for a in document.addressees if a.organisation is not None]
    return letters or ([context.call.issuer] if context.call.issuer is not None else [])


def _registration(context: Context, sent: Any = None) -> Tree:
    """DatiDiRegistrazione: the protocol recorded by `fsegen send` (`sent`, while it records it),
    or written as `protocol:`."""
    document = context.document
    assert document is not None
    sent, protocol = sent or document.sent, document.protocol
    number = sent.protocol if sent is not None else protocol.number if protocol is not None else None
    day = sent.date if sent is not None else (protocol.date or document.date) if protocol is not None \
        else document.date
    registration: Tree = {"TipologiaDiFlusso": "U",
                              "TipoRegistro": "Protocollo Ordinario" if number else "Nessuno",
                              "DataRegistrazione": day.isoformat()}
    if number:
        registration["NumeroDocumento"] = number
    return registration


def file_metadata(context: Context, output_id: str, sent: Any = None) -> Tree:
    """Allegato 5's metadata of the file `output_id`, whose context is `context` (`sent`: the
    sending `fsegen send` is recording, protocol and date)."""
    document = context.document
    assert document is not None
    body = document.signatory.on_behalf_of if document.signatory is not None else None
    body = body or context.organisation or context.promoter
    subjects: list[Tree] = [{"Ruolo": "Autore", "PF": _person(context.signer)} if context.signer else {},
                                {"Ruolo": "Mittente", "PG": _body(body)}]
    subjects += [{"Ruolo": "Destinatario", "PG": _body(v)} for v in _recipients(context)]
    found: Tree = {
        "IdDoc": {"Identificativo": output_id},
        "ModalitaDiFormazione": "a",
        "TipologiaDocumentale": document.metadata.type or TYPES.get(document.kind, "Documento"),
        "DatiDiRegistrazione": _registration(context, sent),
        "Soggetti": [s for s in subjects if s],
        "ChiaveDescrittiva": {"Oggetto": document.subject or document.title},
        "Allegati": {"NumeroAllegati": str(len(context.attachments))},
        "Riservato": "true" if document.metadata.confidential else "false",
        "IdentificativoDelFormato": {"Formato": "application/pdf (PDF/A-2b)",
                                     "ProdottoSoftware": {"NomeProdotto": "fsegen, LibreOffice",
                                                          "VersioneProdotto": __version__}},
        "NomeDelDocumento": f"{output_id}.pdf",
        "VersioneDelDocumento": document.metadata.version,
    }
    if document.file_number:
        found["Classificazione"] = {"IndiceDiClassificazione": document.file_number}
    return found


def flat(metadata: Tree) -> dict[str, str]:
    """The metadata as one line each, by their last names (`Oggetto`, `NumeroDocumento`; subjects
    as `Autore`, `Mittente`, `Destinatario`, several joined by "; "): what the XMP holds."""
    lines: dict[str, str] = {}

    def walk(value: Any, name: str) -> None:
        if isinstance(value, dict) and "Ruolo" in value:
            who = next((v for k, v in value.items() if k != "Ruolo" and isinstance(v, dict)), {})
            text = " ".join(str(v) for v in who.values())
            role = str(value["Ruolo"])
            lines[role] = f"{lines[role]}; {text}" if role in lines else text
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, key)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, name)
        else:
            lines[name] = str(value)

    walk(metadata, "")
    return lines
