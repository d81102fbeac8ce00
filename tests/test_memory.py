"""Memory stays flat with the number of progress reports a run renders in one process: a chart's
drawer held the whole rendered Word document, for every report, for the rest of the run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks.synthetic import realistic

pytestmark = pytest.mark.slow  # two builds of a programme with reports, charts and letters


def peak_kib(folder) -> int:
    """Peak resident memory of one `fsegen build --jobs 1` of `folder` (its own process)."""
    code = ("import resource, sys; from generator.cli import main; sys.argv = ['fsegen', 'build', "
            "'--force', '--jobs', '1', '-q']\ntry:\n    main()\nexcept SystemExit as end:\n"
            "    assert not end.code, end.code\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.split()[-1])


def test_fifty_reports_cost_no_more_memory_than_ten(tmp_path):
    few = peak_kib(realistic(tmp_path / "dieci", 10))  # 10 reports with charts, 33 deliverables
    many = peak_kib(realistic(tmp_path / "cinquanta", 50))  # 50 reports, 153 deliverables
    assert (many - few) / 1024 < 60, f"{few / 1024:.0f} MiB -> {many / 1024:.0f} MiB"
