"""Template problems are reported with the template and the name; lists restart numbering."""

from __future__ import annotations

import docx
from docx.oxml.ns import qn

from generator.templating.prose import parse_prose
from tests.conftest import add_paragraph, add_prose, edit, refused

TEMPLATE = "templates/integrazione-allegato-1.docx"




def test_unknown_variable_names_template_and_variable(small_programme, fsegen):
    add_paragraph(small_programme / TEMPLATE, "{{ programme.budget_totale }}")
    refused(fsegen(small_programme, "build"), "templates/integrazione-allegato-1.docx", "budget_totale")
    assert not (small_programme / "output").exists()


def test_printing_none_is_an_error(small_programme, fsegen):
    add_paragraph(small_programme / TEMPLATE, "Sigla: {{ promoter.short_name }}")
    refused(fsegen(small_programme, "build"), "prints an empty value (None)", "{{ promoter.short_name }}")


def test_leftover_template_syntax_is_caught(small_programme, fsegen):
    add_paragraph(small_programme / TEMPLATE, "{_{ programme.title }_}")  # docxtpl turns this into "{{ ... }}"
    refused(fsegen(small_programme, "build"), "template syntax left")


def test_template_syntax_error(small_programme, fsegen):
    add_paragraph(small_programme / TEMPLATE, "{% if programme.title %}senza fine")
    refused(fsegen(small_programme, "build"), "template syntax")


def test_second_numbered_list_restarts_at_one(small_programme, fsegen):
    edit(small_programme, "content/documents/allegato.yaml", "      - list: measures\n",
         "      - list: measures\n      - list: projects\n        numbered: true\n")
    assert fsegen(small_programme, "build").exit_code == 0, "build failed"
    document = docx.Document(str(small_programme / "output/allegato.docx"))
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert len(numbered) == 4
    ids = [p._p.pPr.numPr.numId.val if p._p.pPr.numPr is not None else None for p in numbered]
    assert ids[0] == ids[1] is None  # the first list uses the style's numbering
    assert ids[2] == ids[3] is not None
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(ids[2]))
    assert num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}").get(qn("w:val")) == "1"


def test_small_programme_builds_with_the_same_templates(small_programme, fsegen):
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(small_programme / "output/allegato.docx"))
    text = [p.text for p in document.paragraphs]
    assert "Il programma comprende due progetti:" in text
    assert "Progetto PONTI. Ambito di Valdarno Nord (ente capofila Unione dei Comuni del Valdarno);" in text
    assert "Firenze, 2 marzo 2023" in text
    assert "Dott.ssa Anna Rossi" in text
    assert "A CURA DELL'UNIONE DEI COMUNI DEL VALDARNO" in "\n".join(text)
    stamp, header = [p.text for p in document.sections[0].header.paragraphs][:2]
    assert stamp.startswith("BOZZA")  # a new document is a bozza, stamped on every page
    assert header == ""  # no file number in this programme: no "Fascicolo" line


def test_prose_subset():
    paragraphs = parse_prose("Testo **grassetto** e *corsivo* < 3 & 13.3\\2020\n\n- uno\n- due\n\n1. a\n")
    assert [p.style for p in paragraphs] == ["paragraph", "bullet", "bullet", "number"]
    runs = paragraphs[0].runs
    assert [(r.text, r.bold, r.italic) for r in runs] == [
        ("Testo ", False, False), ("grassetto", True, False), (" e ", False, False),
        ("corsivo", False, True), (" < 3 & 13.3\\2020", False, False)]
    assert paragraphs[1].list_id == paragraphs[2].list_id != paragraphs[3].list_id


def test_adjacent_numbered_lists_number_separately(small_programme, fsegen):
    add_prose(small_programme, "content/documents/allegato.yaml", "Il programma comprende",
              "1. primo\n        2. secondo")
    edit(small_programme, "content/documents/allegato.yaml", "progetti:\n      - list: projects",
         "progetti:\n      - |\n        1. prima voce\n      - list: projects")
    assert fsegen(small_programme, "build").exit_code == 0
    from generator.rendering.text import docx_to_text

    lines = docx_to_text(small_programme / "output/allegato.docx").splitlines()
    assert "1. primo" in lines and "2. secondo" in lines
    assert "1. prima voce" in lines
    assert any(line.startswith("1. Progetto PONTI") for line in lines), lines
    assert any(line.startswith("2. Progetto RETE") for line in lines), lines


def test_a_tag_split_across_runs_by_word_still_renders(small_programme, fsegen):
    path = small_programme / TEMPLATE
    document = docx.Document(str(path))
    paragraph = document.add_paragraph()
    paragraph.add_run("Titolo: {{ programme.")
    paragraph.add_run("title }}").bold = True  # Word splits a tag where formatting changes
    document.save(str(path))
    assert fsegen(small_programme, "build").exit_code == 0
    built = docx.Document(str(small_programme / "output/allegato.docx"))
    assert "Titolo: Programma territoriale Valdarno" in [p.text for p in built.paragraphs]


def test_a_phrase_through_a_filter_keeps_its_marks_in_a_word_template(small_programme, fsegen):
    """A macro's text is Markdown whose facts are protected from the parser; a filter after it
    (`| upper`) made it plain text, which printed the protection ("CIAO\ufdd8") in a Word
    template: it prints the marks as written."""
    edit(small_programme, "content/organisations.yaml", "    title: PONTI\n", "    title: Ponti & reti!\n")
    add_paragraph(small_programme / TEMPLATE, "Titolo: {{ phrases.titolo_progetto(projects.ponte) | upper }}.")
    assert fsegen(small_programme, "build").exit_code == 0
    built = docx.Document(str(small_programme / "output/allegato.docx"))
    assert "Titolo: PROGETTO PONTI & RETI!." in [p.text for p in built.paragraphs]


def test_commands_that_do_not_render_import_no_word_library(example):
    """`list` and `check` render no Word file (issue 13): once a template's sources are known (read
    once per version of the template, with docxtpl, and kept in the user's cache), neither docxtpl
    nor python-docx nor lxml is imported, which is most of what they would cost."""
    import subprocess
    import sys

    first = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=example, capture_output=True,
                           text=True)
    assert first.returncode == 0, first.stderr  # reads the templates' sources, if not known yet
    for command in ("list", "check"):
        code = ("import sys; from click.testing import CliRunner; from generator.cli import main; "
                f"r = CliRunner().invoke(main, [{command!r}]); assert r.exit_code == 0, r.output; "
                "print(sorted({'docxtpl', 'docx', 'lxml'} & set(sys.modules)))")
        result = subprocess.run([sys.executable, "-c", code], cwd=example, capture_output=True, text=True)
        assert result.stdout.strip() == "[]", (command, result.stdout, result.stderr)


def test_the_template_analysis_knows_every_name_of_the_context():
    """template-fields types each name a Word template sees; a name added to `Context` and
    not there would be reported as unknown in every template that uses it."""
    from dataclasses import fields

    from generator.checks.template_fields import CONTEXT_TYPES
    from generator.context.views import Context

    names = {f.name for f in fields(Context) if not f.metadata.get("private")}
    assert names <= set(CONTEXT_TYPES), names - set(CONTEXT_TYPES)


def test_covering_lists_the_projects_of_a_district_in_content_order(small_programme, fsegen):
    """`covering[d.id]` in a Word template: a project on the whole territory is in every district."""
    edit(small_programme, "content/organisations.yaml", "    districts: [sud]", "    whole_territory: true")
    add_paragraph(small_programme / TEMPLATE, "{% for d in districts %}{{ d.name }}: {{ covering[d.id] | map("
                  "attribute='title') | join(', ') }}. {% endfor %}")
    result = fsegen(small_programme, "build", "--draft")
    assert result.exit_code == 0, result.output
    text = [p.text for p in docx.Document(str(small_programme / "output/allegato.docx")).paragraphs]
    assert "Valdarno Nord: PONTI, RETE. Valdarno Sud: RETE. " in text, text[-3:]


def test_every_deliverable_that_reads_covering_is_told_what_it_was_computed_from(small_programme):
    """The map is computed once; each record that looks at it gets its reads (the cache keys on
    every project's districts, the lifecycle rules see them read), however it is indexed."""
    from generator.content.loading import load_content
    from generator.context.views import base_context
    from generator.templating.recording import Recorder, recording

    context = base_context(load_content(small_programme / "content").content)
    with recording(Recorder("allegato")) as first:
        assert [p.title for p in context.covering["nord"]] == ["PONTI"]
    with recording(Recorder("scheda")) as second:
        district = context.districts.sud
        assert [p.title for p in context.covering[district]] == ["RETE"]
        assert context.covering["nowhere"] == []
    for record in (first, second):
        assert {("members", "projects"), ("item", "projects", "ponte"),
                ("item", "projects", "rete")} <= record.keys
        assert {("projects", "ponte", "districts"), ("projects", "rete", "whole_territory")} <= set(record.reads)
