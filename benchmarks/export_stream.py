"""Answer exports at 10,000 and 100,000 responses on PostgreSQL: rows per second and peak memory per format.

Creates a throw-away database (benchmarks/demo_database.py), adds responses to the demo residents'
consultation with COPY (every response answers eight questions, one of them free text with a name and a
phone number for the redaction to find), then, for each size and format, runs the export in a fresh
process: the file is built by the exports' own service (engage.exports.services.export, what the route
streams) and read to the end. Prints rows/s (by the clock, and by the exporting process's CPU time, which
other work on the machine disturbs less) and the process's peak resident memory above what it held just
before the export (VmHWM). Each written answer's redacted text is stored with it, as when it is sent
(engage.redacted); each CSV export is also timed without it ("not stored": the column emptied, as for
answers stored before migration 0015, so the export redacts every written answer itself), which is how
the exports ran before, measured in the same run.
Usage: python benchmarks/export_stream.py [--sizes 10000 100000] [--formats ...]
"""

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from demo_database import ROOT, create_demo_database, drop_database  # noqa: E402

SLUG = "community-health-hubs"
TEXTS = ["Ring Dr Patel on 07700 900123 about the evening clinic", "More buses to the hub please",
         "The nurse was kind and listened", "Open on Saturdays", "Interpreters for Polish and Urdu speakers"]

MEASURE = r"""
import json, sys, time
from pathlib import Path
def peak_kib():  # VmHWM: unlike ru_maxrss, not inherited from the parent's peak across fork and exec
    return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines()
                if line.startswith("VmHWM:"))
from engage import create_app
from engage.access import find_consultation
from engage.exports.services import answers_spec, export
kind, layout = sys.argv[1], sys.argv[2]
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[3]})
with app.app_context():
    consultation = find_consultation(sys.argv[4])
    spec = answers_spec(consultation)
    import openpyxl, pandas, pyreadstat  # noqa: F401  (loaded before measuring, as in a running server)
    for _ in export(spec, "csv", "wide"):  # warm-up: first queries (a CSV's first chunk; an Excel or SPSS
        break                              # file would be written whole here, hiding its memory below)
    before = peak_kib()
    start, cpu = time.perf_counter(), time.process_time()
    size = 0
    for chunk in export(answers_spec(consultation), kind, layout):
        size += len(chunk)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = peak_kib()
print(json.dumps({"seconds": seconds, "cpu": cpu, "bytes": size, "peak_mib": peak / 1024,
                  "growth_mib": (peak - before) / 1024}))
"""


def add_responses(url: str, count: int, seed: int) -> None:
    """Add ``count`` submitted responses with answers to the demo residents' consultation, by COPY."""
    import psycopg

    rng = random.Random(seed)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        import surveys
        from engage.redacted import redacted_text

        cur.execute("SELECT c.id, v.id, v.definition FROM consultation c JOIN survey_version v "
                    "ON v.consultation_id = c.id WHERE c.slug = %s ORDER BY v.number DESC LIMIT 1", (SLUG,))
        consultation_id, version_id, definition = cur.fetchone()
        questions = {q.id: q for q in surveys.Survey.from_dict(definition).questions}
        answers = []
        with cur.copy("COPY response (id, reference, submission_key, consultation_id, survey_version_id, language, "
                      "channel, started_at, submitted_at) FROM STDIN") as copy:
            for n in range(count):
                rid = rng.randrange(1, 2**62)
                copy.write_row((rid, f"B{seed}-{n}", f"bench-{seed}-{n}", consultation_id, version_id, "en",
                                rng.choice(["online", "online", "paper", "phone"]),
                                "2026-11-20T10:00:00+00:00", "2026-11-20T10:10:00+00:00"))
                values = {
                    "ward": rng.choice(["Sale Moor", "Stretford and Humphrey Park", "Altrincham"]),
                    "used_hub": "yes",
                    "services_used": rng.sample(["nurse", "physio", "mental_health", "blood_tests"], 2),
                    "experience": {"easy_to_get_to": "agree", "listened": rng.choice(["agree", "strongly_agree"])},
                    "priorities": dict(zip(["evening", "walk_in", "interpreters", "transport"],
                                           rng.sample([1, 2, 3, 4], 4), strict=True)),
                    "visits_per_year": rng.randint(0, 20),
                    "one_thing": f"{rng.choice(TEXTS)} ({n})",  # each different, as people's answers are
                    "hear_back": rng.choice(["website", "hub", "community_groups"]),
                }
                answers += [(rng.randrange(1, 2**62), rid, qid, json.dumps(value), redacted_text(questions[qid], value))
                            for qid, value in values.items()]
        with cur.copy("COPY answer (id, response_id, question_id, value, redacted) FROM STDIN") as copy:
            for row in answers:
                copy.write_row(row)
        conn.commit()
        cur.execute("ANALYZE response; ANALYZE answer")


def stored_text(url: str, kept: bool) -> None:
    """Keep each answer's stored redacted text, or set it aside (as if stored before migration 0015)."""
    import psycopg

    sql = ("ALTER TABLE answer DROP COLUMN redacted; ALTER TABLE answer RENAME COLUMN redacted_aside TO redacted"
           if kept else
           "ALTER TABLE answer RENAME COLUMN redacted TO redacted_aside; ALTER TABLE answer ADD COLUMN redacted text")
    with psycopg.connect(url) as conn:
        conn.execute(sql)


def measure(env: dict, kind: str, layout: str) -> dict:
    url = env["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    result = subprocess.run([sys.executable, "-c", MEASURE, kind, layout, url, SLUG], cwd=ROOT, env=env, check=True,
                            capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["csv", "json", "xlsx", "sav"])
    parser.add_argument("--keep", action="store_true", help="keep the database and print its name")
    args = parser.parse_args()
    name, env = create_demo_database("engage_bench_export")
    if args.keep:
        print("database:", name)
    try:
        url = env["DATABASE_URL"]
        have = 0
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'responses':>9} {'format':>6} {'layout':>6} {'redacted':>10} {'rows/s':>8} {'CPU rows/s':>10} "
              f"{'seconds':>7} {'MB':>6} "
              f"{'peak RSS MiB':>12} {'growth MiB':>10}")
        for size in sorted(args.sizes):
            add_responses(url, size - have, seed=size)
            have = size
            runs = [(kind, layout, stored) for kind in args.formats
                    for layout in (["wide", "long"] if kind == "csv" else ["wide"])
                    for stored in ([True, False] if kind == "csv" else [True])]
            for kind, layout, stored in runs:
                if not stored:
                    stored_text(url, kept=False)
                try:
                    figures = measure(env, kind, layout)
                finally:
                    if not stored:
                        stored_text(url, kept=True)
                rows = size if layout == "wide" else size * 8
                print(f"{size:>9} {kind:>6} {layout:>6} {'stored' if stored else 'not stored':>10} "
                      f"{rows / figures['seconds']:>8.0f} "
                      f"{rows / figures['cpu']:>10.0f} "
                      f"{figures['seconds']:>7.2f} {figures['bytes'] / 1e6:>6.1f} {figures['peak_mib']:>12.0f} "
                      f"{figures['growth_mib']:>10.0f}", flush=True)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        if not args.keep:
            drop_database(name)


if __name__ == "__main__":
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    main()
