"""The default theme discovery (sentence vectors + clustering): labels, quotes, "other", determinism."""

import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from analysis import ThemeModel, discovery
from analysis.discovery import choose_n_themes
from analysis.embedding_themes import NO_CLEAR_THEME

TOPICS = {
    "parking": ["The car park was full and I could not find a parking space",
                "Parking at the hospital is far too expensive for visitors",
                "There were no disabled parking spaces near the entrance",
                "The parking machine did not take cards so I got a ticket"],
    "food": ["The food on the ward was cold when it arrived",
             "Hospital meals had no choice for vegetarians",
             "My dinner tray was left out of reach and the food went cold",
             "The menu had nothing hot in the evening"],
    "waiting": ["I waited four hours in the waiting room to be seen",
                "The waiting list for my operation was eight months",
                "Long waiting times in the emergency department",
                "We waited weeks for a letter with the appointment date"],
}
OFF_TOPIC = ["The stock exchange closed higher after the central bank announcement",
             "Volcanic eruptions release sulphur dioxide into the stratosphere",
             "The football league final was postponed because of the storm"]


def _answers(repeats=12):
    rng = np.random.default_rng(0)
    texts = []
    for _ in range(repeats):
        for sentences in TOPICS.values():
            # distinct answers: a sentence plus a short varied ending
            texts.append(f"{rng.choice(sentences)} {rng.choice(['really', 'again', 'today', 'sadly', 'honestly'])}"
                         f" {rng.integers(2, 9000)}")
    return texts


def _members(model, theme_id):
    primary = model.assignments_[model.assignments_["primary"]]
    return primary.loc[primary["theme_id"] == theme_id, "response_id"].tolist()


def _words(text):
    return " ".join(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", str(text).casefold()))


@pytest.fixture(scope="module")
def topical():
    texts = _answers()
    return texts, ThemeModel(n_themes=3, random_state=0).fit(texts)


def test_default_method_is_embedding_and_finds_the_three_topics(topical):
    texts, model = topical
    assert model.method == "embedding"
    assert model.n_themes_ == 3
    home = {text: topic for topic, sentences in TOPICS.items() for s in sentences for text in texts
            if text.startswith(s)}
    for theme_id in model.themes_["theme_id"]:
        topics = {home[texts[i]] for i in _members(model, theme_id)}
        assert len(topics) == 1


def test_labels_are_phrases_from_the_themes_own_answers(topical, nhs_sample):
    texts, model = topical
    nhs = ThemeModel(random_state=0).fit(nhs_sample["feedback"])
    for fitted, corpus in ((model, texts), (nhs, nhs_sample["feedback"].fillna("").tolist())):
        for row in fitted.themes_.itertuples():
            label = row.label.casefold()
            assert label and " / " not in label
            assert any(label in _words(corpus[i]) for i in _members(fitted, row.theme_id))


def test_quotes_belong_to_their_theme_are_distinct_and_redacted():
    texts = _answers()
    texts[0] = "The car park was full, ring me on 07700 900123 or write to jo.bloggs@example.com please"
    model = ThemeModel(n_themes=3, random_state=0).fit(texts)
    quoted = []
    for row in model.themes_.itertuples():
        assert len(row.quotes) == 3
        assert len({q["quote"] for q in row.quotes}) == 3
        members = set(_members(model, row.theme_id))
        assert {q["response_id"] for q in row.quotes} <= members
        quoted += [q["quote"] for q in row.quotes]
    assert not any("07700" in q or "@example.com" in q for q in quoted)


def test_praise_is_not_quoted_for_a_theme_about_something_else():
    texts = _answers() + ["Excellent", "Brilliant thank you", "Great", "Amazing staff", "Excellent excellent"] * 2
    model = ThemeModel(n_themes=4, random_state=0).fit(texts)
    praise = {"excellent", "brilliant thank you", "great", "amazing staff", "excellent excellent"}
    for row in model.themes_.itertuples():
        if not row.praise:
            assert not {q["quote"].casefold() for q in row.quotes} & praise


def test_off_topic_answers_have_no_clear_theme():
    texts = _answers() + OFF_TOPIC
    model = ThemeModel(n_themes=3, random_state=0).fit(texts)
    reasons = model.assignments_.set_index("response_id")["reason"]
    off = [reasons[len(texts) - len(OFF_TOPIC) + i] for i in range(len(OFF_TOPIC))]
    assert off.count(NO_CLEAR_THEME) >= 2
    assert (reasons == NO_CLEAR_THEME).sum() < 0.1 * len(texts)
    assigned = model.assign(OFF_TOPIC)
    assert assigned["theme_id"].isna().sum() >= 2


def test_same_seed_same_themes_and_assignments(nhs_sample):
    texts = nhs_sample["feedback"]
    first = ThemeModel(random_state=5).fit(texts)
    second = ThemeModel(random_state=5).fit(texts)
    pd.testing.assert_frame_equal(first.assignments_, second.assignments_)
    assert first.themes_["label"].tolist() == second.themes_["label"].tolist()
    assert first.themes_["terms"].tolist() == second.themes_["terms"].tolist()


def test_other_seeds_same_themes_when_ward_clusters_a_sample(nhs_sample, monkeypatch):
    # Ward sees 200 of the 600 answers, as it sees 3,000 of a large consultation's
    monkeypatch.setattr(discovery, "WARD_SAMPLE", 200)
    texts = nhs_sample["feedback"]
    first, second = (ThemeModel(random_state=seed).fit(texts) for seed in (0, 7))
    pd.testing.assert_frame_equal(first.assignments_, second.assignments_)
    assert first.themes_["terms"].tolist() == second.themes_["terms"].tolist()
    # and the sample does matter, so the test would see a seed that reached it
    monkeypatch.setattr(discovery, "SAMPLE_SEED", 1)
    other = ThemeModel(random_state=0).fit(texts)
    assert not first.assignments_["theme_id"].equals(other.assignments_["theme_id"])


def test_no_catch_all_theme_and_automatic_number_in_range(nhs_sample):
    model = ThemeModel(random_state=0).fit(nhs_sample["feedback"])
    assert 10 <= model.n_themes_ <= 30
    assert model.themes_["share"].max() <= 0.15
    assert model.selection_["chosen"].all()


@pytest.mark.parametrize(("n", "k"), [(50, 10), (1000, 13), (5000, 22), (100_000, 30)])
def test_number_of_themes_rule(n, k):
    assert choose_n_themes(n) == k


def test_cli_themes_on_a_text_column_with_html_has_no_tags_in_terms(tmp_path):
    texts = _answers()
    html = [f"<ul><li><strong>{t}</strong></li></ul>" if i % 2 else f"<p>{t}</p>" for i, t in enumerate(texts)]
    pd.DataFrame({"text": html, "response_id": range(len(html))}).to_csv(tmp_path / "in.csv", index=False)
    result = subprocess.run([sys.executable, "-m", "analysis", "themes", str(tmp_path / "in.csv"), "--text-column",
                             "text", "--id-column", "response_id", "--n-themes", "3", "--out", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    themes = pd.read_csv(tmp_path / "out" / "themes.csv")
    terms = {t.strip().casefold() for cell in themes["top_terms"].fillna("") for t in cell.split(";")}
    assert not terms & {"li", "ul", "strong", "p", "lt", "gt"}
    assert not any("<" in label for label in themes["label"])
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv")
    assert not quotes["quote"].str.contains("<").any()
