"""The project installs in one step, quietly: no error is printed before a fallback succeeds."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
MACHINE_NOTES = ("WARNING: Location ",)  # a machine's own pip configuration (local mirrors), not ours


def test_make_install_succeeds_the_first_time_without_an_error_line(tmp_path):
    result = subprocess.run(["make", "-s", "-C", str(ROOT), "install", f"VENV={tmp_path / 'venv'}",
                             f"PYTHON={sys.base_prefix}/bin/python3"], capture_output=True, text=True, timeout=900)
    said = [line for line in (result.stdout + result.stderr).splitlines() if not line.startswith(MACHINE_NOTES)]
    assert result.returncode == 0 and not [line for line in said if "error" in line.lower()], "\n".join(said)
    assert (tmp_path / "venv" / "bin" / "aether").exists()
