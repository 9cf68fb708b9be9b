import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis.embeddings import load_static_encoder
from tests.analysis.conftest import DATA, ROOT


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def themes_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("themes")
    result = run_cli("themes", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column",
                     "row_index", "--n-themes", "5", "--seed", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def test_themes_writes_the_three_files(themes_out):
    themes = pd.read_csv(themes_out / "themes.csv")
    assert list(themes.columns) == ["theme_id", "label", "top_terms", "size", "share"]
    assert len(themes) == 5
    assignments = pd.read_csv(themes_out / "assignments.csv")
    assert list(assignments.columns) == ["response_id", "theme_id", "weight", "primary"]
    assert assignments["theme_id"].isna().any()
    assert assignments.loc[assignments["primary"], "response_id"].is_unique
    report = json.loads((themes_out / "report.json").read_text())
    assert {"n_responses", "n_themes", "seconds", "npmi", "diversity", "languages"} <= set(report)
    assert report["n_responses"] == 600 and report["languages"]["en"] > 500


def test_code_and_evaluate(tmp_path, nhs_sample):
    coded = nhs_sample.head(200)[["row_index", "label"]].set_axis(["response_id", "code"], axis=1)
    coded.to_csv(tmp_path / "coded.csv", index=False)
    result = run_cli("code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
                     "--coded", tmp_path / "coded.csv", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert list(assignments.columns) == ["response_id", "code", "confidence"]
    assert assignments["response_id"].nunique() == 400
    suggestions = pd.read_csv(tmp_path / "out" / "next_to_code.csv")
    assert list(suggestions.columns) == ["response_id", "reason"] and len(suggestions) > 0

    truth = nhs_sample[["row_index", "label"]].set_axis(["response_id", "code"], axis=1)
    truth.to_csv(tmp_path / "truth.csv", index=False)
    result = run_cli("evaluate", tmp_path / "out" / "assignments.csv", "--truth", tmp_path / "truth.csv")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["matching"] == "identity" and 0 <= figures["micro_f1"] <= 1


@pytest.mark.parametrize("setup, args, message", [
    (None, ["missing.csv", "--text-column", "t"], "not found"),
    ("t\nhello\n", ["{f}", "--text-column", "nope"], "column 'nope' not found"),
    ("t\n", ["{f}", "--text-column", "t"], "no rows"),
    (b"t\n\x81\x8d\xff\n", ["{f}", "--text-column", "t"], "cannot decode"),
    ("t\nparking\nfood\n", ["{f}", "--text-column", "t", "--n-themes", "5"], "fewer than the 5 themes"),
])
def test_bad_input_gives_one_line_and_non_zero_exit(tmp_path, setup, args, message):
    path = tmp_path / "in.csv"
    if isinstance(setup, bytes):
        path.write_bytes(setup)
    elif setup is not None:
        path.write_text(setup, encoding="utf-8")
    result = run_cli("themes", *[a.format(f=path) for a in args], "--out", tmp_path / "out")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_code_with_a_coding_frame(tmp_path, nhs_sample):
    coded = nhs_sample.head(100)[["row_index", "label"]].set_axis(["response_id", "code"], axis=1)
    coded.to_csv(tmp_path / "coded.csv", index=False)
    frame = pd.DataFrame({"code": ["Access", "Access", "Parking"],
                          "description": ["waiting for an appointment", "where the service is", "car park"],
                          "seed_terms": ["", "", "parking; car park"]})
    frame.to_csv(tmp_path / "frame.csv", index=False)
    result = run_cli("code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
                     "--coded", tmp_path / "coded.csv", "--frame", tmp_path / "frame.csv", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    suggestions = pd.read_csv(tmp_path / "out" / "next_to_code.csv")
    # A frame code nobody has coded yet is proposed first.
    assert suggestions["reason"].iloc[0] == "likely Parking, which has no coded responses"
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert assignments["response_id"].nunique() == 500
    lent = pd.read_csv(tmp_path / "out" / "lent.csv")
    assert list(lent.columns) == ["response_id", "code"] and len(lent) > 0
    assert not set(lent["response_id"]) & set(coded["response_id"])
    assert set(lent["code"]) <= {"Access", "Parking"}
    assert lent["code"].value_counts().max() <= 15 * 2  # two Access rows, 15 answers each at most

    off = run_cli("code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
                  "--coded", tmp_path / "coded.csv", "--frame", tmp_path / "frame.csv", "--frame-neighbours", "0",
                  "--out", tmp_path / "off")
    assert off.returncode == 0, off.stderr
    assert pd.read_csv(tmp_path / "off" / "lent.csv").empty
    unfair = run_cli("code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--coded",
                     tmp_path / "coded.csv", "--frame-neighbours", "-1", "--out", tmp_path / "bad")
    assert unfair.returncode == 2 and "--frame-neighbours: must be 0 or more" in unfair.stderr


@pytest.mark.parametrize("frame, message", [
    (None, "not found"),
    ("description\nwaiting\n", "frame.csv needs a code column"),
    ("code,description\nAccess,waiting\n,parking\n", "row 2 of the coding frame has no code"),
])
def test_code_bad_frame_gives_one_line_and_non_zero_exit(tmp_path, nhs_sample, frame, message):
    nhs_sample.head(50)[["row_index", "label"]].set_axis(["response_id", "code"], axis=1).to_csv(
        tmp_path / "coded.csv", index=False)
    if frame is not None:
        (tmp_path / "frame.csv").write_text(frame, encoding="utf-8")
    result = run_cli("code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
                     "--coded", tmp_path / "coded.csv", "--frame", tmp_path / "frame.csv", "--out", tmp_path / "out")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_code_embeddings_option_reaches_the_coder(tmp_path, nhs_sample):
    nhs_sample.head(100)[["row_index", "label"]].set_axis(["response_id", "code"], axis=1).to_csv(
        tmp_path / "coded.csv", index=False)
    args = ["code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
            "--coded", tmp_path / "coded.csv"]
    env = {**os.environ, "ANALYSIS_STATIC_VECTORS": str(tmp_path / "no-such-vectors.npz")}
    missing = subprocess.run([sys.executable, "-m", "analysis", *map(str, args), "--embeddings", "static",
                              "--out", tmp_path / "static"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert missing.returncode == 2
    lines = missing.stderr.strip().splitlines()
    assert len(lines) == 1 and "distilled word-piece vectors" in lines[0]
    plain = subprocess.run([sys.executable, "-m", "analysis", *map(str, args), "--embeddings", "none",
                            "--out", tmp_path / "none"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert plain.returncode == 0, plain.stderr
    assert pd.read_csv(tmp_path / "none" / "assignments.csv")["response_id"].nunique() == 500


@pytest.mark.skipif(load_static_encoder() is None, reason="static word-piece vectors not installed (make setup)")
def test_code_embedding_cache_is_reused_and_changes_nothing(tmp_path, nhs_sample):
    nhs_sample.head(100)[["row_index", "label"]].set_axis(["response_id", "code"], axis=1).to_csv(
        tmp_path / "coded.csv", index=False)
    args = ["code", DATA / "nhs_fft_sample.csv", "--text-column", "feedback", "--id-column", "row_index",
            "--coded", tmp_path / "coded.csv", "--embeddings", "static"]
    plain = run_cli(*args, "--out", tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr
    for run in ("first", "second"):
        result = run_cli(*args, "--embedding-cache", tmp_path / "vectors.sqlite", "--out", tmp_path / run)
        assert result.returncode == 0, result.stderr
        pd.testing.assert_frame_equal(pd.read_csv(tmp_path / run / "assignments.csv"),
                                      pd.read_csv(tmp_path / "plain" / "assignments.csv"))
    assert (tmp_path / "vectors.sqlite").stat().st_size > 0
    refused = run_cli(*args[:-2], "--embeddings", "none", "--embedding-cache", tmp_path / "v.sqlite",
                      "--out", tmp_path / "none")
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "--embedding-cache needs sentence embeddings" in lines[0]


def excel_european_csv(path, nhs_sample, encoding):
    """60 answers as Excel in most of Europe saves them: ";" between cells, Windows line ends, the usual
    column names, and answers pasted from a web form (paragraphs, entities, a tracking script)."""
    answers = nhs_sample.head(60)
    table = pd.DataFrame({
        "response_id": [f"R-{n:03d}" for n in answers["row_index"]],
        "text": [f"<p>{text.replace('&', '&amp;')}</p><p>Thanks &amp; regards</p>"
                 "<script>trackvisitor('form');</script>" for text in answers["feedback"]],
        "ward": "Sale Moor; Sale Central",
    })
    table.to_csv(path, sep=";", index=False, encoding=encoding, errors="replace", lineterminator="\r\n")
    return table


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_themes_on_a_semicolon_csv_with_columns_text_and_response_id(tmp_path, nhs_sample, encoding):
    table = excel_european_csv(tmp_path / "answers.csv", nhs_sample, encoding)
    result = run_cli("themes", tmp_path / "answers.csv", "--text-column", "text", "--id-column", "response_id",
                     "--n-themes", "3", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assignments = pd.read_csv(tmp_path / "out" / "assignments.csv")
    assert set(assignments["response_id"]) == set(table["response_id"])
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv")
    assert len(quotes) > 0
    assert not quotes["quote"].str.contains("<p>|&amp;|trackvisitor").any()
    assert quotes["quote"].str.contains("Thanks & regards").all()
    # a theme of answers with no theme terms (praise alone, say) has an empty cell
    terms = " ".join(pd.read_csv(tmp_path / "out" / "themes.csv")["top_terms"].fillna(""))
    assert "trackvisitor" not in terms and "amp" not in terms.split()


def test_code_on_columns_named_text_and_response_id(tmp_path, nhs_sample):
    table = excel_european_csv(tmp_path / "answers.csv", nhs_sample, "utf-8-sig")
    coded = pd.DataFrame({"response_id": table["response_id"].head(20), "code": nhs_sample["label"].head(20)})
    coded.to_csv(tmp_path / "coded.csv", sep=";", index=False, encoding="utf-8-sig")
    result = run_cli("code", tmp_path / "answers.csv", "--text-column", "text", "--id-column", "response_id",
                     "--coded", tmp_path / "coded.csv", "--embeddings", "none", "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert set(pd.read_csv(tmp_path / "out" / "assignments.csv")["response_id"]) == set(table["response_id"][20:])


def test_nltk_data_is_found_without_nltk_data_set(tmp_path):
    """As in a notebook: started from another folder, with no NLTK_DATA."""
    (tmp_path / "answers.csv").write_text(
        "response_id,text\n1,Parking was hard to find\n2,Lovely staff and kind nurses\n3,Waited two hours\n",
        encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "NLTK_DATA"}
    env.update(PYTHONPATH=str(ROOT), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "analysis", "themes", "answers.csv", "--text-column", "text",
                             "--id-column", "response_id", "--n-themes", "1", "--out", "out"],
                            cwd=tmp_path, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "out" / "report.json").read_text())["n_responses"] == 3


def test_missing_nltk_data_gives_one_line_saying_how_to_install_it(tmp_path):
    shutil.copytree(ROOT / "analysis", tmp_path / "copy" / "analysis")  # a copy with no .nltk_data beside it
    (tmp_path / "answers.csv").write_text("answer\nParking was hard\nLovely staff\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "NLTK_DATA"}
    env.update(PYTHONPATH=str(tmp_path / "copy"), HOME=str(tmp_path))
    result = subprocess.run([sys.executable, "-m", "analysis", "themes", "answers.csv", "--text-column", "answer",
                             "--n-themes", "1", "--out", "out"], cwd=tmp_path, capture_output=True, text=True,
                            env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "scripts/install_nltk_data.py" in lines[0] and "NLTK_DATA" in lines[0]
