"""Where NLTK finds the data the analysis needs: ``$NLTK_DATA`` first, then the project's own folder.

``scripts/install_nltk_data.py`` builds the data into ``.nltk_data`` beside this
package (``make setup`` does it). The Makefile exports ``NLTK_DATA``; a notebook
or a plain ``python -m analysis`` does not, so the folder is also looked for
here, after any ``NLTK_DATA`` folders and before NLTK's own default places.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DATA = Path(__file__).resolve().parents[1] / ".nltk_data"
INSTALL_HINT = (
    "NLTK data is not installed: in the project folder run `python scripts/install_nltk_data.py .nltk_data` "
    "(make setup does it), or set NLTK_DATA to a folder holding it"
)


class MissingLanguageDataError(LookupError):
    """The project-local NLTK data folder has not been installed."""


def use_project_data() -> None:
    """Add the project's ``.nltk_data`` to NLTK's search path, when it exists and is not there yet."""
    import nltk.data

    folder = str(PROJECT_DATA)
    if folder in nltk.data.path or not PROJECT_DATA.is_dir():
        return
    from_environment = [entry for entry in os.environ.get("NLTK_DATA", "").split(os.pathsep) if entry]
    nltk.data.path.insert(len(from_environment), folder)
