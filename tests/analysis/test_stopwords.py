import pytest

from analysis.preprocess import TextPreprocessor
from analysis.stopwords import load_stop_words


@pytest.mark.parametrize(("language", "words"), [
    ("kk", {"және", "бірақ", "өте", "үшін", "бұл"}),
    ("uk", {"але", "дуже", "що", "на", "не"}),
    ("bg", {"но", "много", "че"}),
    ("ru", {"но", "очень", "что"}),
])
def test_cyrillic_languages_have_their_own_stop_words(language, words):
    assert words <= load_stop_words(language)


def test_serbian_has_no_list_rather_than_russian_one():
    assert load_stop_words("sr") == frozenset()


def test_kazakh_function_words_do_not_become_terms():
    texts = ["Дәрігер өте жақсы болды, бірақ кезекте ұзақ күттік",
             "Медбикелер өте мейірімді және сыпайы болды",
             "Бұл емханада тіркеу үшін ұзақ күттік"]
    pre = TextPreprocessor(phrases=False)
    terms = {term for document in pre.fit_transform(texts) for term in document}
    assert pre.languages_.tolist() == ["kk"] * 3
    assert not terms & {"өте", "бірақ", "және", "бұл", "үшін", "болды"}
    assert {"дәрігер", "мейірімді", "емханада"} <= terms


def test_russian_is_stemmed_other_cyrillic_languages_are_not():
    pre = TextPreprocessor(phrases=False)
    russian, ukrainian = pre.fit_transform(["Медсестры были очень внимательными",
                                            "Медсестри були дуже уважні"])
    assert pre.languages_.tolist() == ["ru", "uk"]
    assert russian == ["медсестр", "внимательн"]
    assert ukrainian == ["медсестри", "уважні"]
