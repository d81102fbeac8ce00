"""Inputs found by review that once gave a traceback, a wrong output or a silent pass."""

from __future__ import annotations

import json

from tests.conftest import edit, refused, write_tree

DOC = "content/documents/allegato.yaml"


def test_arithmetic_error_in_prose_is_a_finding(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'Quota: {{ 1 // 0 }}'")
    refused(fsegen(small_programme, "check"), f"{DOC}:16", "division")


def test_draft_with_an_unknown_reference_is_refused_cleanly(small_programme, fsegen):
    edit(small_programme, "content/organisations.yaml", "    lead: coop", "    lead: coopx")
    refused(fsegen(small_programme, "build", "--draft"), "organisations has no item 'coopx'")


def test_printing_a_content_object_or_list_is_refused(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'Capofila: {{ projects.rete.lead }}'")
    refused(fsegen(small_programme, "check"), f"{DOC}:16", "not text", ".name")


def test_model_id_fields_are_not_hidden_by_collection_ids(small_programme, fsegen):
    edit(small_programme, DOC, "sections:", "requests:\n  - id: progetti\n    text: Elencare i progetti\nsections:")
    edit(small_programme, DOC, "  - title: PROGETTI", "  - title: PROGETTI\n    answers: [progetti]")
    edit(small_programme, DOC, "'Misure collegate:'", "'Richiesta {{ document.requests[0].id }}:'")
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    from generator.rendering.text import docx_to_text

    assert "Richiesta progetti:" in docx_to_text(small_programme / "output/allegato.docx")


def test_unknown_field_in_prose_names_the_item_and_its_fields(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'Misure di {{ projects.rete.capofila }}:'")
    refused(fsegen(small_programme, "check"), "Project 'rete' has no field 'capofila'", "fields: title")


def test_unclosed_tag_in_prose_does_not_expose_internals(small_programme, fsegen):
    edit(small_programme, DOC, "'Misure collegate:'", "'{% if programme.title %}Misure'")
    result = fsegen(small_programme, "check")
    refused(result, f"{DOC}:16")
    assert "endautoescape" not in result.output


def test_unknown_per_item_output_is_refused(example, fsegen):
    refused(fsegen(example, "build", "scheda-progetto-nosuch"), "no deliverable 'scheda-progetto-nosuch'")
    assert not (example / "output").exists()


def test_partial_build_keeps_the_manifest_whole_and_verify_sees_unlisted_files(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    assert fsegen(example, "build", "integrazione-allegato-1").exit_code == 0
    manifest = json.loads((example / "output/manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 20  # 7 application deliverables, 6 progress reports and their
    # tables (.xlsx), the payment claim
    sheet = example / "output/scheda-progetto-ciao.docx"
    sheet.write_bytes(sheet.read_bytes() + b"x")
    (example / "output/extra.docx").write_bytes(b"x")
    result = fsegen(example, "verify")
    refused(result, "scheda-progetto-ciao.docx changed", "extra.docx is in output but not in the manifest")


def test_a_directory_in_the_way_leaves_every_output_untouched(example, fsegen):
    assert fsegen(example, "build").exit_code == 0
    before = {p.name: p.read_bytes() for p in (example / "output").iterdir() if p.is_file()}
    (example / "output/scheda-progetto-in-lav.docx").unlink()
    (example / "output/scheda-progetto-in-lav.docx").mkdir()
    edit(example, "content/programme.yaml", "title: Programma di intervento territoriale",
         "title: Programma territoriale")
    refused(fsegen(example, "build"), "not a file is in the way")
    after = {p.name: p.read_bytes() for p in (example / "output").iterdir() if p.is_file()}
    before.pop("scheda-progetto-in-lav.docx")
    assert after == before


def test_empty_document_file_is_an_error(small_programme, fsegen):
    write_tree(small_programme, {"content/documents/vuoto.yaml": "\n"})
    refused(fsegen(small_programme, "check"), "content/documents/vuoto.yaml:1", "it is empty")


def test_phrase_macro_errors_point_at_the_macro_line(small_programme, fsegen):
    phrases = small_programme / "templates/phrases.jinja"
    lines = phrases.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("{% macro measures("))
    lines.insert(number, "{{ item.nonexistent }}")
    phrases.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(fsegen(small_programme, "check"), f"templates/phrases.jinja:{number + 1}", "nonexistent")


def test_where_on_a_reference_field_and_unknown_where_key(small_programme, fsegen):
    edit(small_programme, DOC, "      - list: measures\n", "      - list: projects\n        where: {lead: coop}\n")
    assert fsegen(small_programme, "build").exit_code == 0
    edit(small_programme, DOC, "        where: {lead: coop}", "        where: {leed: coop}")
    refused(fsegen(small_programme, "check"), "projects have no field 'leed'")
