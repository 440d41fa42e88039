"""``vizdl render`` ends by saying what the render cost: CPU time and peak memory (a 4k job's
budget on a worker)."""

from __future__ import annotations

import re
import resource
from pathlib import Path

from click.testing import CliRunner

from vizdl.cli import cli


def test_render_reports_its_cpu_time_and_peak_memory(demo: Path) -> None:
    r = CliRunner().invoke(cli, ["render", "beta", "--out", "r"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    m = re.search(
        r"rendered beta in ([\d.]+) s \(CPU ([\d.]+) s, peak memory ([\d,]+) MB\)", r.output
    )
    assert m, r.output
    cpu, peak = float(m[2]), int(m[3].replace(",", ""))
    # this process rendered it: the numbers are its own, read by the same call afterwards
    own = resource.getrusage(resource.RUSAGE_SELF)
    assert (
        0
        < cpu
        <= own.ru_utime
        + own.ru_stime
        + 0.05  # the line rounds to 0.1 s
        + sum(
            getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f)
            for f in ("ru_utime", "ru_stime")
        )
    )
    assert (
        30
        < peak
        <= max(own.ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024 + 1
    )
