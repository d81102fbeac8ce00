"""`fsegen init` writes only inside its folder and all or nothing; content read only from inside
the content folder."""

from __future__ import annotations

from pathlib import Path


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_init_refuses_a_symlinked_subfolder_and_writes_nothing(tmp_path, fsegen):
    elsewhere = tmp_path / "altrove"
    elsewhere.mkdir()
    target = tmp_path / "programma"
    target.mkdir()
    (target / "content").symlink_to(elsewhere, target_is_directory=True)
    result = fsegen(tmp_path, "init", str(target))
    assert result.exit_code == 2 and "is a symbolic link" in result.output
    assert files_under(elsewhere) == [] and files_under(target) == ["content"]


def test_a_failed_init_takes_back_what_it_wrote_and_names_the_file(tmp_path, fsegen):
    target = tmp_path / "programma"
    target.mkdir()
    (target / ".github").write_text("un file dove init vuole una cartella\n")
    result = fsegen(tmp_path, "init", str(target))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert ".github/workflows" in result.output and "nothing was written" in result.output
    assert files_under(target) == [".github"]


def test_a_content_file_linked_from_outside_is_refused(example, tmp_path, fsegen):
    secret = tmp_path.parent / f"{tmp_path.name}-segreto.yaml"
    secret.write_text("glossary:\n  PSW: parola segreta\n", encoding="utf-8")
    (example / "content" / "altro.yaml").symlink_to(secret)
    result = fsegen(example, "check")
    assert result.exit_code == 1 and "is a link to" in result.output and "outside the content folder" in result.output
    assert "parola segreta" not in result.output
    (example / "content" / "altro.yaml").unlink()
    (example / "content" / "documents" / "copia.yaml").symlink_to(
        example / "content" / "documents" / "scheda-progetto.yaml")
    result = fsegen(example, "check")  # a link inside the content folder is content
    assert result.exit_code == 0 and "19 deliverables checked" in result.output  # 5 sheets more
