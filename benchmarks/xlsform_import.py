"""Run the XLSForm import over every workbook in a folder and say what became of each.

    .venv/bin/python benchmarks/xlsform_import.py FOLDER [--verbose]

For each ``.xlsx``, ``.xlsm`` or ``.xls`` file: whether pyxform (the reference tool) accepts it, and whether
our import takes it fully, takes it with warnings (and which), or refuses it (and why). Refusal
and warning reasons are grouped, with the sheet rows and names taken out, so the counts say
which features matter. The figures for pyxform's own test workbooks are in
docs/engagement-officers.md (the workbooks ship in the pyxform 1.5.1 sdist, under
pyxform/tests/example_xls and bug_example_xls: ``pip download --no-deps --no-binary :all:
pyxform==1.5.1``).
"""

import argparse
import re
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from surveys.schema import DefinitionError, validate_definition  # noqa: E402
from surveys.xlsform import XLSFormError, read_xlsform  # noqa: E402

# Row numbers, quoted names and expressions vary; what is left is the reason.
GENERALISE = [
    (re.compile(r"^\S+?: "), ""),  # the workbook's name
    (re.compile(r"^(survey|choices|settings) column ('[^']*') \(rows? [^)]*\)"), r"\1 column \2"),
    (re.compile(r"^(survey|choices|settings) row \d+: "), r"\1 row: "),
    (re.compile(r"^pages\[\d+\]\.questions\[\d+\]"), "a question"),
    (re.compile(r"relevant .* is not supported"), "relevant <expression> is not supported"),
    (re.compile(r"(relevant uses) \$\{[^}]*\}, which is skipped .*"), r"\1 a skipped row"),
    (re.compile(r"name '[^']*' (cannot be used|is also used).*"), r"a name \1"),
    (re.compile(r"choice '[^']*' of list '[^']*'"), "a choice name"),
    (re.compile(r"list '[^']*' has the choice '[^']*'"), "a list has a choice"),
    (re.compile(r"no choices list '[^']*'"), "no choices list <name>"),
    (re.compile(r"'[^']*' \(([^)]*)\) is skipped"), "<type> is skipped"),
    (re.compile(r"'[^']*' depends on an answer on the same page, so group '[^']*'"), "a question depends on an "
     "answer on the same page, so its group"),
    (re.compile(r"begin group '[^']*'"), "begin group"),
    (re.compile(r"'([^']*)': repeated groups"), "repeated groups"),
    (re.compile(r"type '(select_one_external|select_one_from_file|select_multiple_from_file|cascading_select|"
                r"osm)[^']*'"), r"type '\1 …'"),
    (re.compile(r"range '[^']*'"), "range"),
    (re.compile(r"required '[^']*'"), "required <expression>"),
    (re.compile(r"constraint .* is not supported"), "constraint <expression> is not supported"),
    (re.compile(r"'[^']*' is not one of the survey's languages.*"), "another language: its texts are left out"),
    (re.compile(r"column '[^']*::[^']*'"), "column '<text>::<language>'"),
]


def reason(message: str) -> str:
    for pattern, replacement in GENERALISE:
        message = pattern.sub(replacement, message)
    return message


def pyxform_accepts(path: Path) -> bool:
    from pyxform.errors import PyXFormError
    from pyxform.xls2json import parse_file_to_json

    try:
        parse_file_to_json(str(path), warnings=[])
    except (PyXFormError, ValueError, KeyError, TypeError):
        return False
    return True


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every workbook with its warnings or problems")
    args = parser.parse_args(argv)
    paths = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm", ".xls"))
    outcomes = Counter()
    refusals, warned = Counter(), Counter()
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on unknown Excel extensions
            accepted = pyxform_accepts(path)
            try:
                imported = read_xlsform(path, name=path.name)
                validate_definition(imported.definition)
            except (XLSFormError, DefinitionError) as error:
                outcome, found = "refused", sorted({reason(problem) for problem in error.errors})
                if accepted:
                    refusals.update(found)
            else:
                found = sorted({reason(warning) for warning in imported.warnings})
                outcome = "imported with warnings" if found else "imported fully"
                if accepted:
                    warned.update(found)
        outcomes[(outcome, accepted)] += 1
        if args.verbose:
            print(f"{outcome:24} {'pyxform accepts' if accepted else 'pyxform refuses':16} {path.name}")
            for line in found:
                print(f"    {line}")
    print(f"\n{len(paths)} workbooks in {args.folder}")
    for accepted in (True, False):
        total = sum(n for (_, a), n in outcomes.items() if a == accepted)
        print(f"\npyxform {'accepts' if accepted else 'refuses'} {total}:")
        for outcome in ("imported fully", "imported with warnings", "refused"):
            print(f"  {outcome:24} {outcomes[(outcome, accepted)]}")
    for title, counts in (("Warnings (workbooks pyxform accepts with each)", warned),
                          ("Refusals (workbooks pyxform accepts with each)", refusals)):
        print(f"\n{title}:")
        for line, n in counts.most_common():
            print(f"  {n:3}  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
