"""What a packet is written as: its index (*distinta*) as PDF/A, its metadata as XML, its
folder replaced whole."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.context.metadata import Tree
from generator.errors import OutputError
from generator.limits import Limits
from generator.messages import _
from generator.pipeline.writing import PREFIX, output_lock

if TYPE_CHECKING:
    from generator.content.loading import Loaded
    from generator.lifecycle.packet import Entry

METADATA_ROOT = "MetadatiDocumentiInformatici"
"""The root element of `metadati.xml`: one `DocumentoInformatico` per file, named as Allegato 5."""


def index_pdf(loaded: Loaded, document_id: str, entries: list[Entry], limits: Limits) -> bytes:
    """The index of the packet (each file, its SHA-256, its signer) as PDF/A, by LibreOffice."""
    from generator.pipeline.manifest import sha256
    from generator.rendering.distinta import Row, distinta
    from generator.rendering.pdf import convert_to_pdfa

    content = loaded.content
    document = content.documents[document_id]
    heading = ["DISTINTA DEI DOCUMENTI TRASMESSI", document.subject or document.title]
    if content.programme.title:
        heading.append(content.programme.title)
    rows = [Row(e.name, e.title, f"{e.signer} ({e.signature})" if e.signer else "non firmato",
                sha256(e.data)) for e in entries]
    closing = (f"{len(rows)} file; impronte calcolate con l'algoritmo SHA-256. I metadati di ciascun "
               "file (Linee guida AgID, Allegato 5) sono in metadati.xml.")
    docx = distinta(heading, rows, closing)
    return convert_to_pdfa({"distinta.docx": docx}, timeout=limits.conversion)["distinta.pdf"]


def metadata_xml(metadata: dict[str, Tree]) -> bytes:
    """`metadati.xml`: for each file (by name), its metadata as elements named as Allegato 5."""
    from lxml import etree

    root = etree.Element(METADATA_ROOT)

    def add(parent: Any, name: str, value: Any) -> None:
        if isinstance(value, list):
            for item in value:
                add(parent, name, item)
            return
        element = etree.SubElement(parent, name)
        if isinstance(value, dict):
            for key, inner in value.items():
                if inner is not None:
                    add(element, key, inner)
        else:
            element.text = str(value)

    for name, found in metadata.items():
        document = etree.SubElement(root, "DocumentoInformatico", file=name)
        for key, value in found.items():
            if key == "Soggetti":  # each subject with its role, in one list
                add(etree.SubElement(document, key), "Soggetto", value)
            else:
                add(document, key, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def replace_folder(folder: Path, files: dict[str, bytes]) -> Path:
    """`folder` holding exactly `files`, under its lock: written whole beside it (a packet made
    again replaces the last; an interrupted run leaves a hidden .fsegen- folder, nothing else)."""
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(folder):
        staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}new.{folder.name}.", dir=folder.parent))
        staging.chmod(0o755)
        old = staging.with_name(staging.name.replace(".new.", ".old.", 1))
        try:
            for name, data in sorted(files.items()):
                (staging / name).write_bytes(data)
            if folder.exists():
                folder.rename(old)
            staging.rename(folder)
        except OSError as error:
            raise OutputError(_("cannot write {folder}: {problem}", folder=folder,
                                problem=str(error.strerror or error))) from error
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            shutil.rmtree(old, ignore_errors=True)
    return folder
