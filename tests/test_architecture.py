"""The import direction: engage -> (surveys, analysis); nothing imports engage; surveys and analysis are independent."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT

FORBIDDEN = {
    "surveys": {"flask", "flask_babel", "flask_sqlalchemy", "engage", "analysis", "sklearn", "pandas"},
    "analysis": {"flask", "engage", "surveys", "wtforms"},
}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_import_the_web_app_or_its_sibling(package):
    code = (
        f"import sys, {package}, pkgutil, importlib\n"
        f"for m in pkgutil.walk_packages({package}.__path__, '{package}.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(result.stdout.split())
    assert package in loaded
    assert not (loaded & FORBIDDEN[package]), f"{package} loaded {sorted(loaded & FORBIDDEN[package])}"
