import subprocess
import sys

from tests.analysis.conftest import ROOT


def test_importing_analysis_loads_no_web_code():
    code = "import sys, analysis; print(sorted(m for m in ('flask', 'engage', 'surveys') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
