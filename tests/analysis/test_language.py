import pytest

from analysis.language import detect_language, detect_languages

SAMPLES = {
    "en": "The staff were really kind and the waiting room was clean",
    "pl": "Bardzo dobra opieka, miła obsługa i krótki czas oczekiwania",
    "ur": "عملہ بہت اچھا تھا اور ڈاکٹر نے میری بات سنی",
    "ar": "كان الموظفون لطفاء جدا والطبيب استمع إلي",
    "pa": "ਸਟਾਫ ਬਹੁਤ ਵਧੀਆ ਸੀ ਅਤੇ ਡਾਕਟਰ ਨੇ ਮੇਰੀ ਗੱਲ ਸੁਣੀ",
    "zh": "工作人员非常友好，医生认真听我说话",
    "de": "Die Ärzte waren sehr freundlich und die Wartezeit war kurz",
    "es": "El personal fue muy amable y la espera fue corta",
    "fr": "Le personnel était très gentil et l'attente était courte",
    "ro": "Personalul a fost foarte amabil și timpul de așteptare a fost scurt",
    "ru": "Персонал был очень вежливым, но пришлось долго ждать приёма у врача",
    "uk": "Медсестри були дуже уважні, але довелося довго чекати на прийом",
    "bg": "Персоналът беше много любезен, но чакахме твърде дълго за преглед",
    "kk": "Дәрігер өте жақсы болды, бірақ кезекте ұзақ күттік",
    "sr": "Особље је било веома љубазно, али смо дуго чекали на преглед",
}

# More Cyrillic answers, as residents write them: short, about care, no shared topic words.
CYRILLIC_ANSWERS = {
    "ru": ["Врач всё объяснил, спасибо", "Очень долго ждали в регистратуре", "Не смогла дозвониться до поликлиники"],
    "uk": ["Лікар усе пояснив, дякую", "Дуже довго чекали в реєстратурі", "Не змогла додзвонитися до поліклініки"],
    "bg": ["Лекарят обясни всичко, благодаря", "Чакахме много дълго на регистратурата",
           "Не можах да се свържа с поликлиниката"],
    "kk": ["Дәрігер бәрін түсіндірді, рахмет", "Тіркеу бөлімінде өте ұзақ күттік",
           "Емханаға телефон арқылы хабарласа алмадым"],
    "sr": ["Лекар је све објаснио, хвала", "Веома дуго смо чекали на шалтеру", "Нисам могла да добијем амбуланту"],
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_detects_each_supported_language(language):
    assert detect_language(SAMPLES[language]) == language


def test_empty_or_symbol_only_text_is_undetermined():
    assert detect_language("") == "und"
    assert detect_language("123 !!!") == "und"
    assert detect_language(None) == "und"


def test_corpus_majority_decides_ambiguous_short_answers():
    texts = ["Excellent care", *["The staff were very kind to me"] * 5]
    assert detect_languages(texts).tolist() == ["en"] * 6


def test_default_fills_undetermined():
    assert detect_languages(["", "..."], default="en").tolist() == ["en", "en"]


def test_whole_corpus_detection_agrees_with_one_text_at_a_time():
    texts = ["care", "Die Ärzte waren sehr freundlich", "Personel był bardzo miły", "الموظفون لطفاء", "",
             *["The staff were very kind to me"] * 6]
    assert detect_languages(texts).tolist() == [detect_language(text, prior="en") for text in texts]
    assert detect_languages(texts).tolist()[:5] == ["en", "de", "pl", "ar", "und"]


@pytest.mark.parametrize("language", sorted(CYRILLIC_ANSWERS))
def test_cyrillic_languages_are_told_apart_from_russian(language):
    assert [detect_language(text) for text in CYRILLIC_ANSWERS[language]] == [language] * 3


def test_mixed_language_column_gets_each_answers_own_language():
    texts = [SAMPLES[code] for code in ("en", "kk", "ru", "uk", "ur", "bg", "zh", "sr", "pl", "ar")]
    assert detect_languages(texts).tolist() == ["en", "kk", "ru", "uk", "ur", "bg", "zh", "sr", "pl", "ar"]


def test_bulgarian_majority_keeps_an_ambiguous_thank_you_bulgarian():
    # Alone, "Благодаря" ("thank you" in Bulgarian, a rare word in Russian) leans Russian.
    texts = ["Благодаря", *CYRILLIC_ANSWERS["bg"], SAMPLES["bg"]]
    assert detect_languages(texts).tolist() == ["bg"] * 5


def test_detection_is_deterministic_and_independent_of_order():
    texts = [text for answers in CYRILLIC_ANSWERS.values() for text in answers] + list(SAMPLES.values())
    first = detect_languages(texts).tolist()
    assert detect_languages(texts).tolist() == first
    assert detect_languages(texts[::-1]).tolist() == first[::-1]
