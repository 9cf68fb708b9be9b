"""Staff list import: CSV and XLSX, every problem reported by row and column, nothing stored until it is clean."""

import io

import pytest
from openpyxl import Workbook

from engage.cases import services
from engage.cases.staff_list import read_staff_list
from tests.engage.case_helpers import BASE, audit_count, make_accounts, post_form, sign_in
from tests.engage.test_consultation_pages import error_summary

HEADINGS = "Staff number,Name,Email,Language,Organisation,Directorate,Team,Job role"
GOOD = HEADINGS + "\n" + "\n".join([
    "A1,Ana Lopez,ana@example.org,pl,Trust,Nursing,North,Nurse",
    "A2,Ben Ray,,,Trust,Nursing,North,Nurse",
    "A3,Cy Dee,cy@example.org,ar,Trust,Therapy,South,Physiotherapist",
])


def staff_numbers():
    return [person.staff_number for person in services.find_case("integrated-neighbourhood-teams").staff]


@pytest.fixture
def officer(client):
    make_accounts()
    return sign_in(client, "assigned_officer")


def upload(client, data: bytes, name: str):
    return post_form(client, BASE + "/staff-list", {}, files={"staff_list": (data, name)})


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_clean_csv_replaces_the_list_and_shows_headcounts(officer):
    before = audit_count()
    response = upload(officer, GOOD.encode(), "staff.csv")
    assert response.status_code == 302
    assert staff_numbers() == ["A1", "A2", "A3"]
    page = officer.get(response.location)
    assert "3 people (3 added, 0 changed, 54 removed)" in page.text
    assert "Physiotherapist" in page.text
    people = {p.staff_number: p for p in services.find_case("integrated-neighbourhood-teams").staff}
    assert (people["A2"].email, people["A2"].language, people["A1"].language) == (None, "en", "pl")
    assert audit_count() == before + 1


def test_an_xlsx_list_is_read_with_numbers_as_text(officer):
    rows = [HEADINGS.split(","), [1001, "Ana Lopez", "ana@example.org", "en", "Trust", "Nursing", "North", "Nurse"],
            [1002.0, "Ben Ray", None, None, "Trust", "Nursing", "North", "Nurse"]]
    assert upload(officer, xlsx(rows), "staff.xlsx").status_code == 302
    assert staff_numbers() == ["1001", "1002"]


def test_duplicates_and_bad_rows_are_listed_by_row_and_column_and_nothing_is_imported(officer):
    text = HEADINGS + "\n" + "\n".join([
        "A1,Ana Lopez,ana@example.org,en,Trust,Nursing,North,Nurse",
        "A1,Ben Ray,ben@example.org,en,Trust,Nursing,North,Nurse",
        ",No Number,not-an-email,xx,,Nursing,North,Nurse",
        "A4,Cy Dee,ANA@example.org,en,Trust,Nursing,North,Nurse",
    ])
    before = staff_numbers()
    page = upload(officer, text.encode(), "staff.csv")
    assert page.status_code == 200
    assert "The staff list has 6 problems. Nothing was imported" in error_summary(page)
    rows = read_staff_list(text.encode(), "staff.csv").problems
    assert [(p.row, p.column) for p in rows] == [
        (3, "Staff number"), (4, "Staff number"), (4, "Organisation"), (4, "Email"), (4, "Language"), (5, "Email")]
    assert "Staff number A1 is also on row 2" in page.text
    assert "This email address is also on row 2" in page.text
    assert "“not-an-email” is not an email address" in page.text
    assert staff_numbers() == before


def test_missing_columns_are_named(officer):
    page = upload(officer, b"Name,Email\nAna,ana@example.org\n", "staff.csv")
    assert "There is no “staff number” column" in page.text
    assert "There is no “organisation” column" in page.text
    assert staff_numbers() != []


@pytest.mark.parametrize(("data", "name", "message"), [
    (GOOD.encode(), "staff.txt", "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
    (b"%PDF-1.4", "staff.pdf", "must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
    (GOOD.encode("utf-16"), "staff.csv", "is not UTF-8 text"),
    (b"not a zip", "staff.xlsx", "is not an Excel workbook (.xlsx) that can be read"),
    (b"", "staff.csv", "The staff list is empty"),
    (b"\n,,,\n", "staff.csv", "The staff list is empty"),
])
def test_files_that_are_not_staff_lists_are_refused(officer, data, name, message):
    before = staff_numbers()
    page = upload(officer, data, name)
    assert page.status_code == 200
    assert message in error_summary(page)
    assert staff_numbers() == before


def test_no_file_chosen(officer):
    page = post_form(officer, BASE + "/staff-list", {})
    assert "Choose the staff list file" in error_summary(page)
