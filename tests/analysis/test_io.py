import pandas as pd
import pytest

from analysis.io import InputError, load_responses


def test_reads_csv_xlsx_and_jsonl(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "answer": ["Parking was hard", "Lovely staff"]})
    frame.to_csv(tmp_path / "r.csv", index=False)
    frame.to_excel(tmp_path / "r.xlsx", index=False)
    frame.to_json(tmp_path / "r.jsonl", orient="records", lines=True)
    for name in ("r.csv", "r.xlsx", "r.jsonl"):
        loaded = load_responses(tmp_path / name, "answer", "id")
        assert loaded["response_id"].tolist() == ["a", "b"]
        assert loaded["text"].tolist() == ["Parking was hard", "Lovely staff"]


def test_row_number_is_the_default_id(tmp_path):
    (tmp_path / "r.csv").write_text("answer\nyes\nno\n", encoding="utf-8")
    assert load_responses(tmp_path / "r.csv", "answer")["response_id"].tolist() == [0, 1]


def test_falls_back_to_windows_1252(tmp_path):
    (tmp_path / "r.csv").write_bytes("answer\ncaf\xe9 was \x93great\x94\n".encode("latin-1"))
    assert load_responses(tmp_path / "r.csv", "answer")["text"].iloc[0] == "café was “great”"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"answer\n", "no rows"),
    (b"other\nx\n", "column 'answer' not found"),
    (b"answer\n\x81\x8d\x8f\xff\xfe\n", "cannot decode"),
    (b"answer,n\n,1\n ,2\n", "no text"),
])
def test_bad_input_raises_one_clear_error(tmp_path, content, message):
    (tmp_path / "r.csv").write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_responses(tmp_path / "r.csv", "answer")


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_responses(tmp_path / "nope.csv", "answer")


def test_columns_named_text_and_response_id_are_read(tmp_path):
    (tmp_path / "r.csv").write_text("response_id,text,ward\nR1,Parking was hard,Sale\nR2,Lovely staff,Hale\n",
                                    encoding="utf-8")
    loaded = load_responses(tmp_path / "r.csv", "text", "response_id")
    assert loaded["response_id"].tolist() == ["R1", "R2"]
    assert loaded["text"].tolist() == ["Parking was hard", "Lovely staff"]
    assert loaded["text_original"].tolist() == ["Parking was hard", "Lovely staff"]
    assert loaded["ward"].tolist() == ["Sale", "Hale"]


def test_other_columns_named_text_keep_their_values(tmp_path):
    (tmp_path / "r.csv").write_text("id,text,answer\n1,a note,Parking\n2,another,Staff\n", encoding="utf-8")
    loaded = load_responses(tmp_path / "r.csv", "answer", "id")
    assert loaded["text"].tolist() == ["Parking", "Staff"]
    assert loaded["text_original"].tolist() == ["a note", "another"]


@pytest.mark.parametrize("content, expected", [
    # Excel in most of Europe: semicolons, answers with commas, Windows line ends.
    ("id;answer\r\n1;Parking, as ever, was hard\r\n2;Lovely staff\r\n", ["Parking, as ever, was hard", "Lovely staff"]),
    ("id,answer\n1,Parking; always parking\n2,\"Staff; kind, quick\"\n",
     ["Parking; always parking", "Staff; kind, quick"]),
    ("id\tanswer\n1\tParking, hard\n2\tLovely\n", ["Parking, hard", "Lovely"]),
    ("sep=;\nid;answer\n1;Parking\n2;Staff\n", ["Parking", "Staff"]),
    ("id;answer\n1;\"Over two\nlines; with a semicolon\"\n2;Staff\n", ["Over two\nlines; with a semicolon", "Staff"]),
])
def test_delimiter_is_found(tmp_path, content, expected):
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    loaded = load_responses(tmp_path / "r.csv", "answer", "id")
    assert loaded["text"].tolist() == expected
    assert loaded["response_id"].tolist() == ["1", "2"]


@pytest.mark.parametrize("content, expected", [
    ("answer\n\"Parking, as ever, was hard\"\nLovely staff\n", ["Parking, as ever, was hard", "Lovely staff"]),
    ("answer\nbad; worse\ngood\n", ["bad; worse", "good"]),
])
def test_one_column_file_stays_one_column(tmp_path, content, expected):
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    loaded = load_responses(tmp_path / "r.csv", "answer")
    assert loaded["text"].tolist() == expected


def test_html_is_stripped_from_the_text_column_only(tmp_path):
    frame = pd.DataFrame({"id": ["a", "b"], "answer": ["<p>Parking &amp; <b>access</b></p>", "I <3 the nurses"],
                          "note": ["<i>kept</i>", ""]})
    frame.to_csv(tmp_path / "r.csv", index=False)
    loaded = load_responses(tmp_path / "r.csv", "answer", "id")
    assert loaded["text"].tolist() == ["Parking & access", "I <3 the nurses"]
    assert loaded["answer"].iloc[0] == "<p>Parking &amp; <b>access</b></p>"
    assert loaded["note"].iloc[0] == "<i>kept</i>"
