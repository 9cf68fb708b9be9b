from analysis.sentiment import score_sentiment


def test_vader_for_english_and_lexicon_fallback_elsewhere():
    result = score_sentiment(["The staff were lovely", "Rude receptionist and an awful wait",
                              "Bardzo dobra opieka", "Die Wartezeit war schlecht", "Hmm", ""])
    assert result["position"].tolist()[:4] == ["positive", "negative", "positive", "negative"]
    assert result["method"].tolist()[:4] == ["vader", "vader", "lexicon", "lexicon"]
    assert result.loc[5, "position"] == "unknown"


def test_unknown_when_no_fallback_word():
    result = score_sentiment(["Der Bus fährt um acht"], languages=["de"])
    assert result.loc[0, "position"] == "unknown" and result.loc[0, "method"] == "none"
