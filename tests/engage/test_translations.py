"""Every shipped interface catalog is complete and keeps the placeholders of the English."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from engage.i18n import LANGUAGES
from tests.conftest import ROOT

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%\{count\}|%%")


def catalog(locale):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=locale)


@pytest.mark.parametrize("language", [lang for code, lang in LANGUAGES.items() if code != "en"], ids=str)
def test_catalog_is_complete_with_placeholders_kept(language):
    messages = [m for m in catalog(language.locale) if m.id]
    assert len(messages) > 100
    for message in messages:
        assert not message.fuzzy, message.id
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated in {language.locale}: {ids[0]!r}"
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == expected, (language.locale, ids[0], string)


def _ids(path):
    with open(path, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


def test_catalog_template_is_up_to_date(tmp_path):
    """Text added to the code without `flask translate update` would show in English: catch it."""
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_",
         "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    missing = _ids(fresh) - _ids(ROOT / "translations" / "messages.pot")
    assert not missing, f"run `flask translate update` and translate: {sorted(missing)}"
