"""What the analysis of a template found is kept between runs, and never trusted blindly."""

from __future__ import annotations

import json

from generator.templating.memo import remembered

TEMPLATE = "templates/integrazione-allegato-1.docx"


def test_a_result_is_computed_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("FSEGEN_CACHE_DIR", str(tmp_path))
    calls = []

    def compute():
        calls.append(1)
        return {"fields": ["lead"]}

    first = remembered("example", "source", compute, lambda v: v, lambda d: d)
    second = remembered("example", "source", compute, lambda v: v, lambda d: d)
    assert first == second == {"fields": ["lead"]} and calls == [1]
    remembered("example", "another source", compute, lambda v: v, lambda d: d)
    assert calls == [1, 1]


def test_a_damaged_entry_is_computed_again(tmp_path, monkeypatch):
    monkeypatch.setenv("FSEGEN_CACHE_DIR", str(tmp_path))
    remembered("example", "source", lambda: [1, 2], lambda v: v, lambda d: d)
    (entry,) = (tmp_path / "analyses").glob("*.json")
    entry.write_text("{not json", encoding="utf-8")
    assert remembered("example", "source", lambda: [1, 2], lambda v: v, list) == [1, 2]
    assert json.loads(entry.read_text(encoding="utf-8")) == [1, 2]


def test_an_unknown_field_is_reported_by_every_check_not_only_the_first(small_programme, fsegen):
    import docx

    path = small_programme / TEMPLATE
    document = docx.Document(str(path))
    document.add_paragraph("{{ project.lead.nme }}")
    document.save(str(path))
    for _ in range(2):  # the second run reads what the first found
        result = fsegen(small_programme, "check")
        assert result.exit_code != 0
        assert "has no field 'nme' (did you mean 'name'?)" in result.output
    document.paragraphs[-1].text = "{{ project.lead.name }}"
    document.save(str(path))
    assert "has no field 'nme'" not in fsegen(small_programme, "check").output  # a new template
