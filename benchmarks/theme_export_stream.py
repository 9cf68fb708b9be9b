"""A theme analysis's files at 10,000 and 100,000 responses on PostgreSQL: rows per second and peak memory.

Adds responses to the demo residents' consultation as benchmarks/export_stream.py does, then a finished
analysis of its free-text question with 12 themes, every answer analysed and placed in one or two themes
(COPY). For each size and file, a fresh process builds the file with the exports' own service
(engage.exports.services.export_run, what the route streams) and reads it to the end; prints rows/s and the
process's peak resident memory above what it held just before (ru_maxrss).
Usage: python benchmarks/theme_export_stream.py [--sizes 10000 100000]
"""

import argparse
import json
import os
import random
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from demo_database import ROOT, create_demo_database, drop_database  # noqa: E402
from export_stream import SLUG, add_responses  # noqa: E402

THEMES = 12
FILES = [("assignments", "csv", "wide"), ("assignments", "csv", "long"), ("assignments", "json", "long"),
         ("themes", "xlsx", "long"), ("assignments", "sav", "wide")]

MEASURE = r"""
import json, resource, sys, time
from engage import create_app
from engage.exports.services import export_run
from engage.extensions import db
from engage.models import AnalysisRun
table, kind, layout = sys.argv[1], sys.argv[2], sys.argv[3]
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[4]})
with app.app_context():
    run = db.session.get(AnalysisRun, int(sys.argv[5]))
    import openpyxl, pandas, pyreadstat  # noqa: F401  (loaded before measuring, as in a running server)
    for _ in export_run(run, "themes", "csv", "wide"):  # warm-up: first queries
        pass
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, size, rows = time.perf_counter(), 0, 0
    for chunk in export_run(run, table, kind, layout):
        size += len(chunk)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "bytes": size, "growth_mib": (peak - before) / 1024}))
"""


def add_run(url: str, seed: int) -> int:
    """A finished run of ``one_thing`` (replacing the last one) with every answer analysed and placed."""
    import psycopg

    rng = random.Random(seed)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("DELETE FROM analysis_run")
        cur.execute("SELECT id FROM consultation WHERE slug = %s", (SLUG,))
        consultation_id = cur.fetchone()[0]
        cur.execute("INSERT INTO analysis_run (consultation_id, question_ids, parameters, package_version, status, "
                    "progress, step, attempt, queued_on, quality, created_at, finished_at) VALUES (%s, %s, '{}', "
                    "'bench', 'finished', 100, 'finished', 1, '', '{}', now(), now()) RETURNING id",
                    (consultation_id, '["one_thing"]'))
        run_id = cur.fetchone()[0]
        themes = []
        for n in range(THEMES):
            cur.execute("INSERT INTO theme (run_id, position, label, description, top_terms, quotes, agreed, "
                        "created_by, created_at) VALUES (%s, %s, %s, '', '[\"bus\", \"hub\"]', '[]', %s, 'machine', "
                        "now()) RETURNING id", (run_id, n, f"Theme {n} about buses and the hub", n % 2 == 0))
            themes.append(cur.fetchone()[0])
        cur.execute("SELECT a.id FROM answer a JOIN response r ON r.id = a.response_id WHERE r.consultation_id = %s "
                    "AND a.question_id = 'one_thing'", (consultation_id,))
        answers = [row[0] for row in cur.fetchall()]
        with cur.copy("COPY analysed_answer (run_id, answer_id, language, sentiment, position) FROM STDIN") as copy:
            for answer in answers:
                copy.write_row((run_id, answer, "en", None, "neutral"))
        with cur.copy("COPY theme_assignment (theme_id, answer_id, weight, is_primary, set_by) FROM STDIN") as copy:
            for answer in answers:
                first, second = rng.sample(themes, 2)
                copy.write_row((first, answer, rng.random(), True, "machine"))
                if rng.random() < 0.5:
                    copy.write_row((second, answer, rng.random(), False, "machine"))
        conn.commit()
        cur.execute("ANALYZE analysed_answer; ANALYZE theme_assignment")
        return run_id


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    name, env = create_demo_database("engage_bench_themes")
    try:
        url = env["DATABASE_URL"]
        have = 0
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"{'responses':>9} {'file':>18} {'layout':>6} {'rows/s':>8} {'seconds':>7} {'MB':>6} {'growth MiB':>10}")
        for size in sorted(args.sizes):
            add_responses(url, size - have, seed=size)
            have = size
            run_id = add_run(url, seed=size)
            engine_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
            for table, kind, layout in FILES:
                result = subprocess.run([sys.executable, "-c", MEASURE, table, kind, layout, engine_url, str(run_id)],
                                        cwd=ROOT, env=env, check=True, capture_output=True, text=True)
                figures = json.loads(result.stdout.strip().splitlines()[-1])
                print(f"{size:>9} {table + '.' + kind:>18} {layout:>6} {size / figures['seconds']:>8.0f} "
                      f"{figures['seconds']:>7.2f} {figures['bytes'] / 1e6:>6.1f} {figures['growth_mib']:>10.0f}",
                      flush=True)
    finally:
        drop_database(name)


if __name__ == "__main__":
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    main()
