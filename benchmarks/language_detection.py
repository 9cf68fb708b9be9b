"""Time language detection per 10,000 short distinct answers: with lingua for Cyrillic text and without.

    NLTK_DATA=.nltk_data .venv/bin/python benchmarks/language_detection.py

Baseline (measured in the same run): the detector as it was before lingua, which took every Cyrillic
answer as Russian (here: ``_cyrillic_scores`` replaced by empty scores).  Also timed: lingua with all
its 75 languages on the same answers, the choice we did not make.  The answers are made distinct by
combining openings, subjects and endings, so no cache of repeated answers helps.
"""

from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import language  # noqa: E402
from analysis.language import detect_languages  # noqa: E402

PIECES = {
    "ru": (["Врач", "Медсестра", "Регистратура", "Поликлиника", "Скорая"],
           ["очень долго", "всё хорошо", "плохо", "вежливо", "быстро"],
           ["ждали приёма", "объяснил лечение", "не отвечали на звонки", "помогли с рецептом"]),
    "uk": (["Лікар", "Медсестра", "Реєстратура", "Поліклініка", "Швидка"],
           ["дуже довго", "все добре", "погано", "ввічливо", "швидко"],
           ["чекали на прийом", "пояснив лікування", "не відповідали на дзвінки", "допомогли з рецептом"]),
    "kk": (["Дәрігер", "Медбике", "Тіркеу бөлімі", "Емхана", "Жедел жәрдем"],
           ["өте ұзақ", "бәрі жақсы", "нашар", "сыпайы", "тез"],
           ["қабылдауды күттік", "емдеуді түсіндірді", "қоңырауға жауап бермеді", "рецептпен көмектесті"]),
    "bg": (["Лекарят", "Сестрата", "Регистратурата", "Поликлиниката", "Бърза помощ"],
           ["много дълго", "всичко е наред", "зле", "любезно", "бързо"],
           ["чакахме за преглед", "обясни лечението", "не отговаряха на телефона", "помогнаха с рецептата"]),
    "en": (["The doctor", "The nurse", "Reception", "The surgery", "The ambulance"],
           ["very slowly", "all good", "badly", "politely", "quickly"],
           ["we waited for the appointment", "explained the treatment", "did not answer calls",
            "helped with the prescription"]),
}


def answers(n: int, languages) -> list[str]:
    """``n`` distinct answers, the same number in each language, in the order of ``languages``."""
    per_language = n // len(languages)
    texts = []
    for code in languages:
        combos = (f"{a} {b} {c} {number}" for number in itertools.count(1)
                  for a, b, c in itertools.product(*PIECES[code]))
        texts.extend(itertools.islice(combos, per_language))
    return texts


def timed(function, texts) -> float:
    start = time.perf_counter()
    function(texts)
    return time.perf_counter() - start


def baseline(texts):
    original = language._cyrillic_scores
    language._cyrillic_scores = lambda found: [language._CyrillicScores() for _ in found]
    try:
        return detect_languages(texts)
    finally:
        language._cyrillic_scores = original


def all_lingua_languages(texts):
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().build().detect_languages_in_parallel_of(texts)


def main() -> None:
    cyrillic = answers(10_000, ["ru", "uk", "kk", "bg"])
    mixed = answers(10_000, list(PIECES))
    assert len(set(cyrillic)) == len(cyrillic) == 10_000 and len(set(mixed)) == 10_000
    start = time.perf_counter()
    language._cyrillic_detector()
    detect_languages(["Загрузка моделей"])
    print(f"lingua models for 8 Cyrillic languages, first load: {time.perf_counter() - start:.2f} s")
    print("seconds per 10,000 distinct short answers (models already loaded)")
    for name, texts in (("Cyrillic only", cyrillic), ("mixed, 80% Cyrillic", mixed)):
        before, after = timed(baseline, texts), timed(detect_languages, texts)
        print(f"  {name:22} before (all Cyrillic = ru) {before:6.2f}   with lingua {after:6.2f}   "
              f"ratio {after / before:5.1f}x")
    start = time.perf_counter()
    all_lingua_languages(cyrillic)
    print(f"  lingua with all 75 languages, Cyrillic only, incl. building: {time.perf_counter() - start:.2f}")
    found = detect_languages(cyrillic)
    truth = [code for code in ["ru", "uk", "kk", "bg"] for _ in range(2500)]
    print(f"  share detected as their language: {(found == truth).mean():.3f}")


if __name__ == "__main__":
    main()
