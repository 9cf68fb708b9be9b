"""Shared fixtures: an app on a fresh database (SQLite, or PostgreSQL when DATABASE_URL is set)."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("NLTK_DATA", str(ROOT / ".nltk_data"))
SHARED_DATA = ROOT.parent / "shared" / "data"
