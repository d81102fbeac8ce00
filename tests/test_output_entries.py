"""What is in output/ besides the build is never lost: hidden files are carried like any file no
manifest owns, a hidden folder (a `.git`) refuses the build, and a linked output/ is followed."""

from __future__ import annotations


def test_hidden_files_survive_a_build_and_a_hidden_folder_refuses_it(small_programme, fsegen):
    out = small_programme / "output"
    assert fsegen(small_programme, "build").exit_code == 0
    (out / ".gitkeep").write_text("")
    (out / ".nota.txt").write_text("da non perdere\n")
    assert fsegen(small_programme, "build", "--force").exit_code == 0
    assert (out / ".nota.txt").read_text() == "da non perdere\n" and (out / ".gitkeep").is_file()
    assert fsegen(small_programme, "verify").exit_code == 0
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = sorted(p.name for p in out.iterdir())
    result = fsegen(small_programme, "build", "--force")
    assert result.exit_code == 1 and ".git" in result.output and "move it elsewhere" in result.output
    assert sorted(p.name for p in out.iterdir()) == before and (out / ".git" / "HEAD").is_file()


def test_an_output_folder_that_is_a_link_is_built_into_where_it_leads(small_programme, tmp_path, fsegen):
    real = tmp_path.parent / f"{tmp_path.name}-consegne"
    real.mkdir()
    (small_programme / "output").symlink_to(real, target_is_directory=True)
    result = fsegen(small_programme, "build")
    assert result.exit_code == 0, result.output
    assert (small_programme / "output").is_symlink() and (real / "allegato.docx").is_file()
    assert fsegen(small_programme, "build", "--force").exit_code == 0
    assert (small_programme / "output").resolve() == real.resolve() and (real / "manifest.json").is_file()
