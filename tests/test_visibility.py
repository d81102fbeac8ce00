"""The EU's visibility: the emblem and the statement of the period on every deliverable of a
funded operation, worded from the call's data, drawn from the emblem's official geometry,
and held by the eu-visibility rule. The built .docx files are opened again."""

from __future__ import annotations

import io
import math
import zipfile

import docx
import pytest

from generator.model import Call
from generator.rendering import emblem
from tests.conftest import check_json, copy_programme, edit

STATEMENT_2014 = "Unione europea – Fondo sociale europeo"
STATEMENT_2021 = "Cofinanziato dall'Unione europea"
ALT = "Emblema dell'Unione europea"


def call(**fields) -> Call:
    base = {"kind": "avviso pubblico", "title": "Avviso", "operational_programme": "PR FSE+ Toscana",
            "fund": "FSE+", "axis": "Priorità 3"}
    return Call.model_validate(base | fields)


@pytest.mark.parametrize(("fields", "period", "statement"), [
    ({}, "2021-2027", STATEMENT_2021),  # FSE+ exists only in 2021-2027
    ({"fund": "FSE", "operational_programme": "POR-FSE Regione Lombardia"}, "2014-2020", STATEMENT_2014),
    ({"fund": "FESR", "operational_programme": "PR FESR Marche 2021-2027"}, "2021-2027", STATEMENT_2021),
    ({"fund": "FESR", "operational_programme": "POR FESR 2014-20"}, "2014-2020",
     "Unione europea – Fondo europeo di sviluppo regionale"),
    ({"fund": "FESR", "operational_programme": "PR FESR"}, None, None),  # a fund of both periods
    ({"fund": "FNPS", "visibility": {"period": "2014-2020"}}, "2014-2020", None),  # no EU fund name
    ({"fund": "FNPS", "visibility": {"period": "2014-2020", "fund_name": "Fondo X"}}, "2014-2020",
     "Unione europea – Fondo X"),
    ({"visibility": {"statement": "Finanziato dall'Unione europea"}}, "2021-2027",
     "Finanziato dall'Unione europea"),
    ({"visibility": {"eu_funded": False}}, "2021-2027", None),
])
def test_the_statement_is_worded_from_the_call(fields, period, statement):
    found = call(**fields)
    assert found.period == period
    assert found.eu_statement == statement


def test_the_emblem_has_the_official_geometry():
    """A flag 1.5 times as wide as high; twelve upright five-pointed stars at the hours of a
    clock on a circle of radius a third of the height, centred where the diagonals cross; each
    star's points on a circle of radius an eighteenth of the height."""
    (width, height), stars = emblem.geometry(18.0)
    assert (width, height) == (27.0, 18.0)
    assert len(stars) == 12 and all(len(star) == 10 for star in stars)
    for hour, star in enumerate(stars):
        centre = (sum(x for x, _ in star[::2]) / 5, sum(y for _, y in star[::2]) / 5)
        angle = math.radians(90 - 30 * hour)
        assert centre == pytest.approx((13.5 + 6 * math.cos(angle), 9 - 6 * math.sin(angle)))
        assert all(math.dist(centre, point) == pytest.approx(1.0) for point in star[::2])
        top = star[0]
        assert top[0] == pytest.approx(centre[0]) and top[1] < centre[1]  # upright: a point straight up


def test_the_emblem_picture_is_reflex_blue_with_yellow_stars():
    from PIL import Image

    picture = Image.open(io.BytesIO(emblem.png())).convert("RGB")
    flag = round(picture.height * 1.5)
    assert picture.width == round(picture.height * emblem.WIDTH_CM / emblem.HEIGHT_CM)
    assert picture.getpixel((flag // 2, picture.height // 2)) == (0x00, 0x33, 0x99)  # the centre
    (_, height), stars = emblem.geometry(picture.height)
    x, y = (sum(c for c, _ in stars[0][::2]) / 5, sum(c for _, c in stars[0][::2]) / 5)
    assert picture.getpixel((round(x), round(y))) == (0xFF, 0xCC, 0x00)  # the star at 12
    assert picture.getpixel((picture.width - 2, picture.height // 2)) == (255, 255, 255)  # clear space
    assert emblem.png() == emblem.png()


def first_paragraph(path) -> tuple[str, list[str]]:
    """The first paragraph of a built .docx: its text, and the alt texts of its pictures."""
    document = docx.Document(str(path))
    paragraph = document.paragraphs[0]
    alts = [e.get("descr") for e in paragraph._p.iter("{http://schemas.openxmlformats.org/drawingml/"
                                                      "2006/wordprocessingDrawing}docPr")]
    return paragraph.text, alts


def test_every_deliverable_of_the_example_carries_emblem_and_statement(built_example):
    built = sorted((built_example / "output").glob("*.docx"))
    assert len(built) == 14
    for path in built:
        assert first_paragraph(path) == (STATEMENT_2014, [ALT]), path.name
        with zipfile.ZipFile(path) as archive:
            assert emblem.png() in [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


@pytest.mark.parametrize("name", ["consorzio", "esino", "lodigiano", "maremma"])
def test_every_deliverable_of_the_test_programmes_carries_the_2021_statement(name, built_programme):
    built = sorted((built_programme(name) / "output").glob("*.docx"))
    assert built
    for path in built:
        assert first_paragraph(path) == (STATEMENT_2021, [ALT]), path.name


def without_the_eu_block(template) -> None:
    """The template as an office that removed the EU block would have it."""
    document = docx.Document(str(template))
    block = document.paragraphs[:3]
    assert [p.text for p in block] == ["{%p if funding %}", "{{ funding.emblem }}{{ funding.statement }}",
                                       "{%p endif %}"]
    for paragraph in block:
        paragraph._p.getparent().remove(paragraph._p)
    document.save(str(template))


def test_a_template_without_the_block_is_found(example, fsegen):
    without_the_eu_block(example / "templates" / "integrazione-allegato-1.docx")
    without_the_eu_block(example / "templates" / "formulario-candidatura.docx")
    code, found = check_json(fsegen, example, rule="eu-visibility")
    by_template = {f["file"]: f for f in found}
    assert set(by_template) == {"templates/integrazione-allegato-1.docx", "templates/formulario-candidatura.docx"}
    annex, form = by_template["templates/integrazione-allegato-1.docx"], by_template["templates/formulario-candidatura.docx"]
    assert annex["severity"] == "error" and code == 1  # definitivo: it cannot go out without
    assert form["severity"] == "warning"  # a bozza is told
    assert "does not show the EU emblem nor the statement 'Unione europea – Fondo sociale europeo'" \
        in annex["message"]
    assert "funded by the FSE, 2014-2020" in annex["message"]
    assert "{{ funding.emblem }}" in annex["hint"]


def test_a_call_of_an_unknown_period_is_told_where_to_say_it(example, fsegen):
    edit(example, "content/programme.yaml", "  fund: FSE\n", "  fund: FESR\n")
    code, found = check_json(fsegen, example, rule="eu-visibility")
    assert code == 1 and len(found) == 1
    assert found[0]["file"] == "content/programme.yaml" and found[0]["line"] == 9
    assert "period: 2021-2027" in found[0]["hint"]


def test_a_call_the_eu_does_not_fund_carries_neither(tmp_path, fsegen):
    folder = copy_programme("esino", tmp_path)
    edit(folder, "content/programme.yaml", "  fund: FSE+\n",
         "  fund: Fondo regionale\n  visibility:\n    eu_funded: false\n")
    assert fsegen(folder, "build", "--strict").exit_code == 0
    for path in (folder / "output").glob("*.docx"):
        text, alts = first_paragraph(path)
        assert "Unione europea" not in text and alts == []
        with zipfile.ZipFile(path) as archive:
            assert emblem.png() not in [archive.read(n) for n in archive.namelist() if n.startswith("word/media/")]


def test_the_emblem_printed_in_prose_is_refused(example, fsegen):
    from tests.conftest import add_prose, refused

    add_prose(example, "content/documents/integrazione-allegato-1.yaml", "Ad integrazione",
              "{{ funding.emblem }}")
    refused(fsegen(example, "build"), "the EU emblem can only be placed in a Word template")
