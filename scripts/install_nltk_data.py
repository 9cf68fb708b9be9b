"""Install the NLTK data the project needs from PyPI packages, with no download.

NLTK reads stop words from ``$NLTK_DATA/corpora/stopwords/<language>`` and the
VADER lexicon from ``$NLTK_DATA/sentiment/vader_lexicon.zip``. We build both
from the ``stopwordsiso`` and ``vaderSentiment`` packages, which pip installs.
"""

import sys
import zipfile
from pathlib import Path

import stopwordsiso
import vaderSentiment

# ISO 639-1 code -> the folder name NLTK's stopwords corpus reader uses.
STOPWORD_LANGUAGES = {
    "en": "english", "pl": "polish", "ur": "urdu", "ar": "arabic", "pa": "panjabi",
    "zh": "chinese", "de": "german", "es": "spanish", "fr": "french", "ro": "romanian",
    "it": "italian", "pt": "portuguese", "nl": "dutch", "so": "somali", "bn": "bengali",
    "hi": "hindi", "fa": "persian", "tr": "turkish", "ru": "russian", "lt": "lithuanian",
    "uk": "ukrainian", "bg": "bulgarian",
}


def install(target: Path) -> None:
    stop_dir = target / "corpora" / "stopwords"
    stop_dir.mkdir(parents=True, exist_ok=True)
    for code, name in STOPWORD_LANGUAGES.items():
        words = sorted(stopwordsiso.stopwords(code)) if stopwordsiso.has_lang(code) else []
        (stop_dir / name).write_text("\n".join(words) + "\n", encoding="utf-8")
    (stop_dir / "README").write_text("Built from the stopwordsiso package.\n", encoding="utf-8")

    lexicon = Path(vaderSentiment.__file__).with_name("vader_lexicon.txt")
    sentiment_dir = target / "sentiment"
    sentiment_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(sentiment_dir / "vader_lexicon.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(lexicon, "vader_lexicon/vader_lexicon.txt")


if __name__ == "__main__":
    install(Path(sys.argv[1] if len(sys.argv) > 1 else ".nltk_data").resolve())
