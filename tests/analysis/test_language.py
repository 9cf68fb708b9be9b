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
