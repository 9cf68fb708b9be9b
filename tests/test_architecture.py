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


BLUEPRINTS = sorted(p.parent.name for p in (ROOT / "engage").glob("*/__init__.py")
                    if "Blueprint(" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_no_blueprint_imports_another(blueprint):
    """What areas share lives outside every blueprint (engage.access, engage.answering...), so areas stay apart."""
    import ast

    others = {f"engage.{name}" for name in BLUEPRINTS if name != blueprint}
    found = []
    for path in (ROOT / "engage" / blueprint).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name}: {name}" for name in names
                      if any(name == other or name.startswith(other + ".") for other in others)]
    assert BLUEPRINTS and not found, found
