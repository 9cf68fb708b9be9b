"""Text analysis of free-text answers: themes, assisted coding, evaluation, export.

Usable on its own (notebook or ``python -m analysis``); imports only the
standard library, NLTK, scikit-learn, pandas, NumPy/SciPy and openpyxl.
"""

from analysis.breakdown import suppression_mask, theme_breakdown
from analysis.coding import AssistedCoder
from analysis.evaluate import (
    agreement_report,
    bootstrap_interval,
    clustering_agreement,
    multilabel_agreement,
    npmi_coherence,
    seed_stability,
    topic_diversity,
)
from analysis.export import export_tables
from analysis.frame import coding_frame
from analysis.io import InputError, load_responses, read_table
from analysis.language import detect_language, detect_languages
from analysis.preprocess import TextPreprocessor
from analysis.redact import redact
from analysis.sentiment import score_sentiment
from analysis.themes import ThemeModel

__all__ = [
    "AssistedCoder", "InputError", "TextPreprocessor", "ThemeModel", "agreement_report",
    "bootstrap_interval", "clustering_agreement", "coding_frame", "detect_language",
    "detect_languages", "export_tables", "load_responses", "multilabel_agreement",
    "npmi_coherence", "read_table", "redact", "score_sentiment", "seed_stability",
    "suppression_mask", "theme_breakdown", "topic_diversity",
]
