import os
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
os.environ.setdefault("NLTK_DATA", str(ROOT / ".nltk_data"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def nhs_sample() -> pd.DataFrame:
    """600 real NHS FFT comments with their human label."""
    return pd.read_csv(DATA / "nhs_fft_sample.csv")


@pytest.fixture(scope="session")
def german_sample() -> pd.DataFrame:
    """300 real German Polis comments (Austrian climate assembly, energy)."""
    return pd.read_csv(DATA / "polis_austria_energy_sample.csv")


@pytest.fixture(scope="session")
def fitted_themes(nhs_sample):
    from analysis import ThemeModel

    return ThemeModel(n_themes=6, random_state=0).fit(nhs_sample["feedback"], ids=nhs_sample["row_index"])
