"""Text reaches the deliverable intact: XML specials, euro, accents; control characters refused."""

from __future__ import annotations

import json

import docx

from tests.conftest import edit, refused, write_tree

ORGS, DOC = "content/organisations.yaml", "content/documents/allegato.yaml"

SPECIALS = "Ricerca & Sviluppo (R&D) <w:br/> \"virgolette\" l'apostrofo 1.234 € città"


def test_special_characters_survive_in_body_list_and_header(small_programme, fsegen):
    # A JSON string is a valid double-quoted YAML scalar.
    edit(small_programme, ORGS, "Cooperativa Sociale Il Ponte", json.dumps(SPECIALS, ensure_ascii=False))
    edit(small_programme, DOC, "place: Firenze", "place: Firenze\nfile_number: 'A&B <1> \"2\" €'")
    edit(small_programme, DOC, "'Misure collegate:'", "'Prosa: & < > \" '' € {{ organisations.coop.name }}'")

    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    built = docx.Document(str(small_programme / "output/allegato.docx"))
    body = [p.text for p in built.paragraphs]
    stamp, header = [p.text for p in built.sections[0].header.paragraphs][:2]  # a bozza: stamped
    assert stamp.startswith("BOZZA") and header == "Fascicolo A&B <1> \"2\" €"
    assert any(p == f"Prosa: & < > \" ' € {SPECIALS}" for p in body), body
    # in the project item the lead is already in round brackets: its own become square
    nested = SPECIALS.replace("(R&D)", "[R&D]")
    assert any(nested in p and p.startswith("Progetto RETE") for p in body), body


def test_control_character_is_refused_with_its_line(small_programme, fsegen):
    write_tree(small_programme, {"content/extra.yaml": 'events:\n  e:\n    date: 2023-01-01\n'
                                 '    kind: incontro\n    title: "A\\x0bB"\n'})
    refused(fsegen(small_programme, "check"), "content/extra.yaml:5", "control character U+000B")


def test_text_is_normalised_to_nfc(small_programme):
    decomposed = "Citta\u0300"  # "Città" with a combining grave accent
    edit(small_programme, "content/programme.yaml", "valle dell'Arno", decomposed)
    from generator.content.loading import load_content

    loaded = load_content(small_programme / "content")
    assert loaded.content.programme.territory == "Città"


MARKDOWN_LOOKALIKES = "PONTI *bis* e __due__ [1] `x` #3 - 1. <b>"


def test_a_fact_in_prose_is_text_not_markdown(small_programme, fsegen):
    """A title with asterisks prints its asterisks, in plain runs; only the prose's own
    **bold** formats."""
    edit(small_programme, ORGS, "title: PONTI", f"title: {json.dumps(MARKDOWN_LOOKALIKES)}")
    edit(small_programme, DOC, "'Misure collegate:'",
         "'Titolo: **{{ projects.ponte.title }}** e *{{ projects.rete.title }}*.'")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    built = docx.Document(str(small_programme / "output/allegato.docx"))
    item = next(p for p in built.paragraphs if p.text.startswith("Progetto PONTI"))
    assert MARKDOWN_LOOKALIKES in item.text
    assert not any(run.bold or run.italic for run in item.runs if "bis" in run.text)
    prose = next(p for p in built.paragraphs if p.text.startswith("Titolo:"))
    assert prose.text == f"Titolo: {MARKDOWN_LOOKALIKES} e RETE."
    assert [run.text for run in prose.runs if run.bold] == [MARKDOWN_LOOKALIKES]
    assert [run.text for run in prose.runs if run.italic] == ["RETE"]
