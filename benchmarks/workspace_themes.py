"""From "start analysis" to "themes shown" in the workspace, beside the analysis package alone on the same texts.

Creates a throw-away PostgreSQL database (benchmarks/demo_database.py) and gives the demo residents'
consultation 10,000 and then 100,000 distinct written answers (each two real NHS Friends and Family Test
comments from ../shared/data joined, so none repeats). For each size, in fresh processes:

- package: ``analysis.ThemeModel(random_state=0).fit`` on the same texts, in the same order, with the same
  ids as the workspace's job gets them (read straight from the database; reading is not timed);
- workspace: an analyst's run started through the workspace's own service as its start route does
  (``start_run``, commit, ``enqueue``, commit), run by one worker (the app's own local worker process, or
  RQ with ``flask worker --burst`` when REDIS_URL is set), polled every 0.2 s until finished, then the run
  page fetched as the analyst and checked to list the themes. The total includes starting the worker
  process, loading the answers, language detection, sentiment and storing themes and assignments.

Prints clock seconds and CPU seconds (the worker's own, counted once it has stopped) and the ratio of the
workspace's total to the package's fit time. Usage: python benchmarks/workspace_themes.py [--sizes 10000 100000]
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

SLUG = "community-health-hubs"
QUESTION = "one_thing"
NHS = ROOT.parent / "shared" / "data" / "nhs-fft-phase1" / "text_data.csv"

PACKAGE = r"""
import json, sys, time
import psycopg
from analysis import ThemeModel
with psycopg.connect(sys.argv[1]) as conn:
    rows = conn.execute("SELECT id, value #>> '{}' FROM answer WHERE question_id = %s ORDER BY id",
                        (sys.argv[2],)).fetchall()
ids, texts = zip(*[(key, text.strip()) for key, text in rows if text and text.strip()])
start, cpu = time.perf_counter(), time.process_time()
model = ThemeModel(random_state=0).fit(list(texts), ids=list(ids))
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "themes": int(len(model.themes_)), "answers": len(texts)}))
"""

WORKSPACE = r"""
import json, os, resource, subprocess, sys, time
from markupsafe import escape
from engage import create_app, jobs
from engage.accounts.services import create_user
from engage.access import find_consultation
from engage.extensions import db
from engage.models import AnalysisRun, RunStatus
from engage.workspace import runs
url, slug, question, email = sys.argv[1:5]
rq = bool(os.environ.get("REDIS_URL"))
app = create_app({"SQLALCHEMY_DATABASE_URI": url, "JOBS_LOCAL_WORKERS": 1, "WTF_CSRF_ENABLED": False})
with app.app_context():
    user = create_user(email, "Benchmark analyst", "analyst", "a long enough password")
    db.session.commit()
    client = app.test_client()
    signed_in = client.post("/staff/sign-in", data={"email": email,
                                                   "password": "a long enough password"})
    assert signed_in.status_code == 302, signed_in.status_code
    consultation = find_consultation(slug)
    worker, results = None, []
    for attempt in range(2):  # the first run starts the worker process; the second finds it running
        start, cpu = time.perf_counter(), time.process_time()
        run = runs.start_run(consultation, [question], {"random_state": 0}, user)  # as the start route does
        db.session.commit()
        runs.enqueue(run)
        db.session.commit()
        if rq:
            worker = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "flask"), "worker", "--burst"],
                                      env={**os.environ, "DATABASE_URL": url})
        while True:
            time.sleep(0.2)
            db.session.expire_all()
            status = db.session.get(AnalysisRun, run.id).status
            db.session.commit()
            if status in (RunStatus.FINISHED, RunStatus.FAILED):
                break
        page = client.get(f"/staff/analysis/runs/{run.id}")
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        run = db.session.get(AnalysisRun, run.id)
        labels = [theme.label for theme in run.themes]
        shown = page.status_code == 200 and bool(labels) and all(
            str(escape(label)) in page.text for label in labels)
        results.append({"seconds": seconds, "cpu_web": cpu, "status": run.status.value, "themes": len(labels),
                        "shown": shown, "answers": run.quality.get("answers"),
                        "job_fit_seconds": run.quality.get("seconds"),
                        "queued_seconds": (run.started_at - run.created_at).total_seconds(),
                        "job_seconds": (run.finished_at - run.started_at).total_seconds(), "error": run.error})
        if worker is not None:
            worker.wait()
        db.session.commit()
    if worker is None:
        jobs.shutdown_local_pool()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    results[0]["cpu_worker_both"] = usage.ru_utime + usage.ru_stime
print(json.dumps(results))
"""


def distinct_texts(n: int, seed: int) -> list[str]:
    """``n`` different answers, each two random NHS comments joined."""
    import csv

    with NHS.open(newline="", encoding="utf-8") as handle:
        comments = sorted({row["feedback"].strip() for row in csv.DictReader(handle) if row["feedback"].strip()})
    rng, found = random.Random(seed), {}
    while len(found) < n:
        text = f"{rng.choice(comments)} {rng.choice(comments)}"
        found[text] = None
    return list(found)


def add_answers(url: str, texts: list[str], seed: int) -> None:
    """One submitted response per text to the demo residents' consultation, answering only the question."""
    import psycopg

    rng = random.Random(seed)
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SELECT c.id, v.id FROM consultation c JOIN survey_version v ON v.consultation_id = c.id "
                    "WHERE c.slug = %s ORDER BY v.number DESC LIMIT 1", (SLUG,))
        consultation_id, version_id = cur.fetchone()
        answers = []
        with cur.copy("COPY response (id, reference, submission_key, consultation_id, survey_version_id, language, "
                      "channel, started_at, submitted_at) FROM STDIN") as copy:
            for n, text in enumerate(texts):
                rid = rng.randrange(1, 2**62)
                copy.write_row((rid, f"T{seed}-{n}", f"themes-{seed}-{n}", consultation_id, version_id, "en",
                                "online", "2026-11-20T10:00:00+00:00", "2026-11-20T10:10:00+00:00"))
                answers.append((rng.randrange(1, 2**62), rid, QUESTION, json.dumps(text)))
        with cur.copy("COPY answer (id, response_id, question_id, value) FROM STDIN") as copy:
            for row in answers:
                copy.write_row(row)
        conn.commit()
        cur.execute("ANALYZE response; ANALYZE answer")


def run_script(script: str, env: dict, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    name, env = create_demo_database("engage_bench_themes")
    try:
        url = env["DATABASE_URL"]
        sa_url = url.replace("postgresql://", "postgresql+psycopg://", 1)
        texts = distinct_texts(max(args.sizes), seed=0)
        have = 0
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
              f"jobs: {'RQ' if env.get('REDIS_URL') else 'local worker process'}, one worker")
        for size in sorted(args.sizes):
            add_answers(url, texts[have:size], seed=size)
            have = size
            package = run_script(PACKAGE, env, url, QUESTION)
            first, second = run_script(WORKSPACE, env, sa_url, SLUG, QUESTION,
                                       f"analyst-{size}@example.org")
            print(f"{size:,} answers (load average {os.getloadavg()[0]:.1f})")
            print(f"  package alone: fit {package['seconds']:.1f} s (CPU {package['cpu']:.1f} s), "
                  f"{package['themes']} themes")
            for which, web in (("first run (worker starts)", first), ("second run (worker running)", second)):
                print(f"  workspace, {which}: start to themes shown {web['seconds']:.1f} s ({web['status']}, "
                      f"{web['themes']} themes, all shown on the run page: {web['shown']}); waiting for the worker "
                      f"{web['queued_seconds']:.1f} s, job {web['job_seconds']:.1f} s (of which loading and fit "
                      f"{web['job_fit_seconds']} s); "
                      f"ratio to the package's fit {web['seconds'] / package['seconds']:.2f}"
                      + (f"; error: {web['error']}" if web['error'] else ""))
            cpu = first["cpu_worker_both"] + first["cpu_web"] + second["cpu_web"]
            print(f"  CPU of both runs (worker and web process) {cpu:.1f} s: "
                  f"{cpu / 2 / package['cpu']:.2f} times the package's per run", flush=True)
    finally:
        drop_database(name)


if __name__ == "__main__":
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    main()
