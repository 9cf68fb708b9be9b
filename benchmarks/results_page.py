"""Benchmark of the results page on PostgreSQL with 100,000 responses to one consultation.

Fills a fresh demo database (its own, created and dropped here) with responses to the resident
survey written straight in SQL (every closed question, a ward, two equality questions, free text),
and 5,000 unfinished drafts; then, in one process with the app's test client, times the results
page unfiltered and with one filter of each kind:
  cold  - the counts computed by the database (the cache emptied before each request),
  warm  - the counts kept from an earlier request while no response arrived (what most requests get),
beside a baseline measured in the same run (the staff home page), as medians of repeated requests.

Usage: .venv/bin/python benchmarks/results_page.py [--responses 100000] [--repeat 7]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from demo_database import create_demo_database, drop_database, psql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SLUG = "community-health-hubs"
FILTERS = ["", "channel=paper", "language=ur", "neighbourhood=North", "eq_age=25_34", "eq_sex=female"]


def pick(options: list[str], column: str = "g") -> str:
    """SQL picking one of ``options`` at random (one per row)."""
    array = ", ".join(f"'{option}'" for option in options)
    return f"(ARRAY[{array}])[1 + floor(random() * {len(options)})::int]"


def fill(database: str, responses: int) -> None:
    cid, vid = psql(f"SELECT c.id, v.id FROM consultation c JOIN survey_version v ON v.consultation_id = c.id "
                    f"WHERE c.slug = '{SLUG}'", database)[0].split("|")
    wards = ["Longford", "Old Trafford", "Sale Moor", "Hale", "Urmston", "Flixton", "Altrincham", "dont_know"]
    psql(f"""INSERT INTO response (id, reference, submission_key, consultation_id, survey_version_id, language,
             channel, started_at, submitted_at)
             SELECT g, 'BENCH-' || g, 'bench-' || g, {cid}, {vid},
                    {pick(['en'] * 7 + ['ur', 'pl', 'ar'])}, {pick(['online'] * 6 + ['paper', 'phone', 'assisted'])},
                    now() - interval '20 days' + g * interval '15 seconds',
                    now() - interval '20 days' + g * interval '15 seconds' + interval '10 minutes'
             FROM generate_series(1, {responses}) g""", database)
    values = {
        "ward": f"to_json({pick(wards)})",
        "used_hub": f"to_json({pick(['yes', 'no'])})",
        "services_used": f"json_build_array({pick(['nurse', 'physio'])}, {pick(['mental_health', 'blood_tests'])})",
        "experience": (f"json_build_object('easy_to_get_to', {pick(['agree', 'disagree', 'neither'])}, "
                       f"'listened', {pick(['strongly_agree', 'agree'])}, 'waited', {pick(['agree', 'disagree'])})"),
        "barriers": f"json_build_array({pick(['not_aware', 'travel', 'times', 'language'])})",
        "priorities": ("json_build_object('evening', 1 + (r.id % 4), 'walk_in', 1 + ((r.id + 1) % 4), "
                       "'interpreters', 1 + ((r.id + 2) % 4), 'transport', 1 + ((r.id + 3) % 4))"),
        "visits_per_year": "to_json(floor(random() * 60)::int)",
        "one_thing": f"to_json({pick(['More evening appointments', 'Parking is hard', 'Interpreters'])})",
        "hear_back": f"to_json({pick(['website', 'hub', 'community_groups'])})",
        "eq_age": f"to_json({pick(['16_24', '25_34', '35_44', '45_54', '55_64', '65_74'])})",
        "eq_sex": f"to_json({pick(['female', 'male', 'prefer_not_to_say'])})",
    }
    for k, (question, value) in enumerate(values.items()):
        psql(f"INSERT INTO answer (id, response_id, question_id, value) SELECT r.id * 100 + {k}, r.id, "
             f"'{question}', {value} FROM response r WHERE r.consultation_id = {cid}", database)
    psql(f"""INSERT INTO draft (id, token, survey_version_id, language, channel, answers, version, started_at,
             updated_at)
             SELECT 10000000 + g, 'bench-draft-' || g, {vid}, 'en', 'online',
                    CASE g % 3 WHEN 0 THEN '{{}}'::json WHEN 1 THEN '{{"ward": "Hale"}}'::json
                    ELSE '{{"ward": "Hale", "used_hub": "yes"}}'::json END, 1, now(), now()
             FROM generate_series(1, 5000) g""", database)
    psql("ANALYZE", database)


def measure(env: dict, repeat: int) -> None:
    os.environ.update(env)
    from engage import create_app
    from engage.accounts.services import create_user
    from engage.extensions import db
    from engage.results import services

    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"].replace("postgresql://",
                                                                             "postgresql+psycopg://", 1),
                      "SECRET_KEY": "benchmark-only", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        create_user("analyst@example.org", "Ana Analyst", "analyst", "benchmark password")
        db.session.commit()
    client = app.test_client()
    client.post("/staff/sign-in", data={"email": "analyst@example.org", "password": "benchmark password"})

    def timed(url: str, cold: bool) -> float:
        if cold:
            services.forget_cached()
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed * 1000

    baseline = statistics.median(timed("/staff/", False) for _ in range(repeat))
    print(f"baseline (staff home page): {baseline:.1f} ms median")
    print(f"{'filter':<22}{'cold ms':>9}{'warm ms':>9}{'cold/base':>11}{'warm/base':>11}")
    for query in FILTERS:
        url = f"/staff/results/{SLUG}" + (f"?{query}" if query else "")
        cold = statistics.median(timed(url, True) for _ in range(repeat))
        timed(url, False)
        warm = statistics.median(timed(url, False) for _ in range(repeat))
        print(f"{query or '(none)':<22}{cold:>9.0f}{warm:>9.0f}{cold / baseline:>11.1f}{warm / baseline:>11.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database (its name is printed)")
    args = parser.parse_args()
    name, env = create_demo_database("bench_results")
    try:
        start = time.perf_counter()
        fill(name, args.responses)
        answers = psql("SELECT count(*) FROM answer", name)[0]
        print(f"{args.responses:,} responses, {int(answers):,} answers, 5,000 drafts written in "
              f"{time.perf_counter() - start:.0f} s")
        measure(env, args.repeat)
    finally:
        if args.keep:
            print("kept database", name)
        else:
            drop_database(name)


if __name__ == "__main__":
    main()
