"""The example programme builds into an annex that reads like the real one."""

from __future__ import annotations

import difflib
import re

import docx

from tests.conftest import REPO, refused

REFERENCE = REPO / "tests" / "reference" / "integrazione-allegato-1.txt"


def read_back(path) -> tuple[list[str], list[tuple[str, str]]]:
    """Header lines and (style, text) of every body paragraph of a built .docx."""
    document = docx.Document(str(path))
    header = [p.text for s in document.sections for p in s.header.paragraphs]
    body = [(p.style.name, p.text) for p in document.paragraphs]
    return header, body


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def similarity(built: str, reference: str) -> float:
    """Word-sequence similarity, ignoring case and punctuation (difflib ratio)."""
    return difflib.SequenceMatcher(None, words(built), words(reference), autojunk=False).ratio()


def test_example_builds_with_the_installed_command(built_example):
    """`built_example` is `python -m generator build` run once on a copy of the example."""
    assert (built_example / "output" / "integrazione-allegato-1.docx").is_file()
    said = (built_example / "build.stdout").read_text(encoding="utf-8")
    assert said == ("14 deliverables built (21 files in output/), 0 errors, 0 warnings, "
                    "12 acknowledged (fsegen status)\n")
    assert (built_example / "build.stderr").read_text(encoding="utf-8") == ""


def test_annex_has_every_fact_of_the_seed(built_example):
    header, body = read_back(built_example / "output" / "integrazione-allegato-1.docx")
    text = "\n".join(t for _, t in body)
    assert header[0] == "Fascicolo 13.3\\2020\\36"
    assert header[1].startswith("Pagina")
    assert body[0][1] == "Unione europea – Fondo sociale europeo"  # beside the EU emblem (2014-2020)
    assert body[1][1] == "OGGETTO: Integrazione Allegato 1°"
    assert "PROGRAMMA DI INTERVENTO TERRITORIALE\nMANIFESTAZIONE DI INTERESSE" in text
    assert "A CURA DELLA CITTÀ METROPOLITANA DI MILANO" in text  # the article from the data
    headings = [t for style, t in body if style == "Heading 1"]
    assert headings == [
        "ANALISI E MAPPATURA DEL CONTESTO TERRITORIALE DI RIFERIMENTO E SINERGIE ISTITUZIONALI",
        "VALORIZZAZIONE DELLE ESPERIENZE, DELLE RETI E INTEGRAZIONI CON ALTRE MISURE "
        "REGIONALI O NAZIONALI",
    ]
    projects = [t for style, t in body if style == "List Number"]
    assert len(projects) == 5
    for title, lead in [
        ("CIAO! Capacitazione, Inclusione, Attivazione Occupazione", "Azienda Sociale Sud Est Milano"),
        ("IN -LAV", "Asc Comuni Insieme"),
        ("WORK IN PROGRESS - PERCORSI DI INCLUSIONE IN COSTRUZIONE",
         "Azienda Speciale per i Servizi alla Persona di Castano"),
        ("FACCIAMO SQUADRA CONTRO LA POVERTA' - ADDA MARTESANA", "Comune di Melzo"),
        ("VULNERABILITA' - FORME INNOVATIVE DI SOSTEGNO ALLE PERSONE FRAGILI",
         "ASC Insieme per il Sociale di Cinisello"),
    ]:
        assert any(title in p and lead in p for p in projects), title
    # inside the parenthesis of the lead, the short name goes in square brackets: never "((...))"
    assert "inizialmente identificato in Azienda Sole del Legnanese [So.Le]" in projects[2]
    assert "05060480968" in projects[2]
    assert "quattro distretti: Melzo, Cernusco sul Naviglio, Pioltello e Trezzo" in projects[3]
    bullets = [t for style, t in body if style == "List Bullet"]
    assert len(bullets) == 6
    assert bullets[4].startswith("Reddito di cittadinanza, ")
    assert bullets[5].startswith("Garanzia giovani, ")
    for fact in ["cinque proposte progettuali", "Dote unica lavoro (DUL)",
                 "Piano E.M.E.R.G.O.", "tre strumenti", "7 reti",
                 "21/06/2019", "nel mese di giugno 2019",
                 "Milano, 20 luglio 2020", "Per il Legale Rappresentante",
                 "Dott. Dario Parravicini", "Art. 24 del D.Lgs. n. 82/2005"]:
        assert fact in text, fact


def test_annex_reads_like_the_reference(built_example):
    header, body = read_back(built_example / "output" / "integrazione-allegato-1.docx")
    built = "\n".join(header + [t for _, t in body])
    ratio = similarity(built, REFERENCE.read_text(encoding="utf-8"))
    print(f"word-sequence similarity to the reference annex: {ratio:.3f}")
    assert ratio >= 0.90
    page = REPO / "docs" / "explanation" / "example.md"
    stated = re.search(r"measured \*\*(0\.\d+)\*\*", page.read_text(encoding="utf-8"))
    assert stated and abs(float(stated.group(1)) - ratio) < 0.005, f"update the figure in {page}"


def test_list_shows_every_deliverable(example, fsegen):
    result = fsegen(example, "list")
    assert result.exit_code == 0
    lines = [line.split() for line in result.output.splitlines()[1:]]
    assert [line[0] for line in lines] == [
        "domanda-rimborso", "formulario-candidatura", "integrazione-allegato-1",
        "relazione-intermedia-progetto-ciao", "relazione-intermedia-progetto-in-lav",
        "relazione-intermedia-progetto-work-in-progress",
        "relazione-intermedia-progetto-facciamo-squadra",
        "relazione-intermedia-progetto-vulnerabilita", "relazione-intermedia",
        "scheda-progetto-ciao", "scheda-progetto-in-lav", "scheda-progetto-work-in-progress",
        "scheda-progetto-facciamo-squadra", "scheda-progetto-vulnerabilita"]
    assert lines[2][:3] == ["integrazione-allegato-1", "integrazione-allegato-1.docx",
                            "output/integrazione-allegato-1.docx"]
    assert lines[9][1:3] == ["scheda-progetto.docx", "output/scheda-progetto-ciao.docx"]


def test_check_writes_nothing(example, fsegen):
    result = fsegen(example, "check")
    assert result.exit_code == 0, result.output
    assert "14 deliverables checked, 0 errors, 0 warnings, 12 acknowledged" in result.output
    assert not (example / "output").exists()


def test_build_one_named_deliverable_and_refuse_unknown(example, fsegen):
    assert fsegen(example, "build", "integrazione-allegato-1").exit_code == 0
    refused(fsegen(example, "build", "nessuno"), "no deliverable 'nessuno'")


def test_wrong_usage_exits_2(example, fsegen):
    assert fsegen(example, "build", "--no-such-option").exit_code == 2
    assert fsegen(example, "frobnicate").exit_code == 2


def test_version(example, fsegen):
    result = fsegen(example, "--version")
    assert result.exit_code == 0 and "fsegen, version" in result.output
