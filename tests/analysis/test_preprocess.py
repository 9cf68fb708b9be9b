from analysis.preprocess import FLAG_EMPTY, FLAG_NO_CONTENT, FLAG_NON_ANSWER, TextPreprocessor, tokenize


def test_tokenize_keeps_gurmukhi_vowel_signs_inside_words():
    assert tokenize("ਸਟਾਫ ਬਹੁਤ ਵਧੀਆ", "pa") == ["ਸਟਾਫ", "ਬਹੁਤ", "ਵਧੀਆ"]


def test_tokenize_splits_chinese_into_character_bigrams():
    assert tokenize("医生很好", "zh") == ["医生", "生很", "很好"]


def test_stop_words_removed_and_words_stemmed_per_language():
    pre = TextPreprocessor(phrases=False)
    english, german = pre.fit_transform(["The nurses were listening carefully", "Die Ärzte waren sehr freundlich"])
    assert english == ["nurs", "listen", "care"]
    assert "die" not in german and "sehr" not in german and "freundlich" in german


def test_short_answers_are_flagged_not_dropped():
    texts = ["n/a", "Nothing.", "No", "", "very very", "Parking was impossible"]
    pre = TextPreprocessor()
    documents = pre.fit_transform(texts)
    assert len(documents) == len(texts)
    assert pre.flags_.tolist() == [FLAG_NON_ANSWER, FLAG_NON_ANSWER, FLAG_NON_ANSWER, FLAG_EMPTY,
                                   FLAG_NO_CONTENT, ""]
    assert documents[-1] == ["park", "imposs"]


def test_frequent_pairs_become_single_phrase_terms():
    texts = ["long waiting list again", "the waiting list is long", "waiting list too long", "kind nurse"] * 3
    pre = TextPreprocessor(min_phrase_count=3)
    documents = pre.fit_transform(texts)
    assert "wait_list" in documents[0]
    assert pre.readable("wait_list") == "waiting list"


def test_transform_matches_fit_transform(nhs_sample):
    pre = TextPreprocessor()
    fitted = pre.fit_transform(nhs_sample["feedback"])
    assert pre.transform(nhs_sample["feedback"]) == fitted


def test_redaction_placeholders_are_not_terms():
    assert TextPreprocessor(phrases=False).fit_transform(["Nurse XXXX was kind"]) == [["nurs", "kind"]]


def test_each_distinct_word_is_stemmed_once_with_the_same_result(monkeypatch):
    from nltk.stem import SnowballStemmer

    import analysis.preprocess as preprocess

    calls = []
    english = SnowballStemmer("english").stem

    class CountingStemmer:
        languages = SnowballStemmer.languages

        def __init__(self, name):
            self.name = name

        def stem(self, word):
            calls.append(word)
            return english(word)

    monkeypatch.setattr(preprocess, "SnowballStemmer", CountingStemmer)
    documents = TextPreprocessor(language="en", phrases=False).fit_transform(
        ["nurses listening", "listening nurses", "the nurses were listening"])
    assert documents == [["nurs", "listen"], ["listen", "nurs"], ["nurs", "listen"]]
    assert sorted(calls) == ["listening", "nurses"]
