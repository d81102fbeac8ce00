"""Every kind of bad input: a clear message with file and line, exit 1, no traceback,
and the earlier good output left as it was."""

from __future__ import annotations

import pytest

from tests.conftest import edit, refused, write_tree

OUTPUT = "output/allegato.docx"


@pytest.fixture
def built(small_programme, fsegen):
    """The small programme, built once successfully; returns (folder, good bytes)."""
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    return small_programme, (small_programme / OUTPUT).read_bytes()


def assert_refused(fsegen, folder, good, location, *fragments):
    """build refuses, naming `location` and each fragment, and leaves the good output as it was."""
    said = refused(fsegen(folder, "build"), location, *fragments)
    assert (folder / OUTPUT).read_bytes() == good
    return said


def test_yaml_syntax_error(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "kind: cooperativa sociale",
               "kind: 'cooperativa sociale")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:7:11", "YAML syntax",
                   "end of stream while scanning a quoted scalar")


def test_yaml_bad_indentation_points_at_the_line(built, fsegen):
    folder, good = built
    edit(folder, "content/programme.yaml", "  fund: FSE+", "   fund: FSE+")
    assert_refused(fsegen, folder, good, "content/programme.yaml:5", "YAML syntax")


def test_duplicate_key(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    kind: unione di comuni",
               "    kind: unione di comuni\n    name: Unione bis")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:5:5",
                   "duplicate key 'name'", "already defined on line 3")


def test_unknown_key_suggests_the_closest(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    title: PONTI", "    titel: PONTI")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:19:5",
                   "unknown key 'titel'", "did you mean 'title'?")


def test_wrong_type(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    districts: [nord]", "    districts: nord")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:20:5",
                   "projects.ponte.districts", "list")


def test_number_where_text_is_expected_hints_quoting(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    kind: cooperativa sociale",
               "    kind: cooperativa sociale\n    vat_number: 12345678903")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:8:5",
                   "organisations.coop.vat_number", "quote it")


def test_missing_field(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    lead: coop\n", "")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:22:3",
                   "missing required field 'lead'", "projects.rete")


def test_unresolved_reference(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    lead: coop", "    lead: cop")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:25:5",
                   "organisations has no item 'cop'", "did you mean 'coop'?", "(references)")


def test_invalid_partita_iva(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    kind: cooperativa sociale",
               "    kind: cooperativa sociale\n    vat_number: '05060480969'")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:8:5",
                   "partita IVA '05060480969': its cifra di controllo (the last digit, 9) does not match")


def test_invalid_codice_fiscale(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    kind: cooperativa sociale",
               "    kind: cooperativa sociale\n    fiscal_code: RSSMRA80A01H501X")
    assert_refused(fsegen, folder, good, "content/organisations.yaml:8:5",
                   "codice fiscale 'RSSMRA80A01H501X': its carattere di controllo (the 16th, X)")


def test_alias_bomb_is_refused(built, fsegen):
    folder, good = built
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' \
           'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
    write_tree(folder, {"content/bomb.yaml": bomb})
    assert_refused(fsegen, folder, good, "content/bomb.yaml:2", "alias *a is not allowed")


def test_all_problems_are_reported_together(built, fsegen):
    folder, good = built
    edit(folder, "content/organisations.yaml", "    title: PONTI", "    titel: PONTI")
    edit(folder, "content/organisations.yaml", "    lead: coop", "    lead: [coop]")
    edit(folder, "content/programme.yaml", "  fund: FSE+", "  fund: FSE+\n  fondo: x")
    output = assert_refused(fsegen, folder, good, "content/organisations.yaml:19:5",
                            "content/programme.yaml:6:3")
    assert "projects.rete.lead" in output
    assert "3 errors, 0 warnings; nothing was written." in output


def test_unknown_name_in_prose_points_at_the_prose_line(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml",
               "{{ projects | length | in_lettere }} progetti:",
               "{{ projects | length | in_lettere }} progetti\n    di {{ programme.missing }}:")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:", "programme")


def test_empty_value_in_prose_is_an_error_not_none(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml", "'Misure collegate:'",
               "'Misure di {{ organisations.coop.short_name }}:'")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:16", "empty")


def test_unsupported_markdown_in_prose(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml", "'Misure collegate:'",
               "'[un link](https://example.org)'")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:16", "not supported")


def test_missing_template(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml", "template: integrazione-allegato-1.docx",
               "template: manca.docx")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:2:1",
                   "template manca.docx does not exist", "available: ")


def test_unquoted_text_ending_with_colon_gets_a_hint(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml", "'Misure collegate:'", "Misure collegate:")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:16",
                   "YAML read `Misure collegate:` as a key")


def test_two_deliverables_on_one_output_path_are_refused(built, fsegen):
    folder, good = built
    write_tree(folder, {"content/documents/scheda.yaml": """\
        for_each: projects
        title: Scheda
        template: integrazione-allegato-1.docx
        place: Firenze
        date: 2023-03-02
        """, "content/documents/scheda-rete.yaml": """\
        title: Scheda rete
        template: integrazione-allegato-1.docx
        place: Firenze
        date: 2023-03-02
        """})
    assert_refused(fsegen, folder, good, "content/documents/scheda", "both write scheda-rete.docx")


# -- the hint fits the mistake -------------------------------------------------------------


def test_an_indentation_mistake_is_told_as_one_not_as_quoting(built, fsegen):
    folder, good = built
    edit(folder, "content/programme.yaml", "  fund: FSE+", "  fund: FSE+\n   axis_nr: 3")
    said = assert_refused(fsegen, folder, good, "content/programme.yaml:6:", "indented deeper than the key "
                          "above it", "align `axis_nr:` with the keys around it")
    assert "must be quoted" not in said


def test_a_colon_in_a_value_is_told_to_be_quoted(built, fsegen):
    folder, good = built
    edit(folder, "content/programme.yaml", "title: Programma territoriale Valdarno",
         "title: Programma: territoriale Valdarno")
    assert_refused(fsegen, folder, good, "content/programme.yaml:", "a value containing ': ' must be quoted")


def test_a_list_item_where_a_key_belongs_and_an_unclosed_quote_say_so(built, fsegen):
    folder, good = built
    edit(folder, "content/programme.yaml", "  fund: FSE+", "  fund: FSE+\n  - asse 3")
    assert_refused(fsegen, folder, good, "content/programme.yaml:6:", "a list item where a key was expected")
    edit(folder, "content/programme.yaml", "  fund: FSE+\n  - asse 3", "  fund: \"FSE+")
    assert_refused(fsegen, folder, good, "content/programme.yaml:5:", "the quote opened here is never closed")


def test_a_value_starting_with_braces_is_told_to_be_quoted(built, fsegen):
    folder, good = built
    edit(folder, "content/programme.yaml", "network: Rete dei Comuni del Valdarno",
         "network: {{ programme.title }}")
    assert_refused(fsegen, folder, good, "content/programme.yaml:", "a key must be a plain value",
                   "quote the whole value")


def test_an_id_defined_in_two_files_names_both(built, fsegen):
    folder, good = built
    write_tree(folder, {"content/altri.yaml": "organisations:\n  coop:\n    name: Altra\n    kind: comune\n"})
    assert_refused(fsegen, folder, good, "content/organisations.yaml:5:",  # read after altri.yaml
                   "organisations.coop is defined twice: here and in content/altri.yaml:2")


def test_a_misspelt_id_in_select_gets_a_did_you_mean(built, fsegen):
    folder, good = built
    edit(folder, "content/documents/allegato.yaml", "numbered: true", "numbered: true\n        select: [pontte]")
    assert_refused(fsegen, folder, good, "content/documents/allegato.yaml:", "projects has no item 'pontte'",
                   "did you mean 'ponte'? use ids defined under projects: ponte, rete")
