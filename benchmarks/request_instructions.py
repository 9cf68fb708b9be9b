"""Instructions the app executes per request, counted by valgrind: repeatable on a busy machine.

Req/s on a shared 2-core machine move by tens of percent between runs; instruction counts
do not. For each phase this runs the app in-process (Flask test client, PostgreSQL) under
``valgrind --tool=callgrind`` twice, with 10 and with 60 requests after the same warm-up,
and prints the difference / 50: the app's own work per request (WSGI app, ORM, driver,
templates), without the HTTP server, the database server or the load generator.

Phases as in http_survey.py: (a) bare route, static page in the layout, (b) question page,
(c) post an answer. Each is printed as a ratio to (a).

Usage: .venv/bin/python benchmarks/request_instructions.py [--phases bare,static,question,post]
Needs valgrind (Debian package ``valgrind``) and PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
"""

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from demo_database import create_demo_database, drop_database

ROOT = Path(__file__).resolve().parent.parent
SLUG = "community-health-hubs"
PHASES = {"bare": "(a) bare route", "static": "static page (ref.)", "question": "(b) question page",
          "post": "(c) post answer"}
WARM_UP, FEW, MANY = 20, 10, 60


def child(phase: str, n: int) -> None:
    """Runs inside valgrind: warm up, then ``n`` requests of ``phase``."""
    sys.path.insert(0, str(ROOT))
    from wsgi import app

    client = app.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(f"/consultations/{SLUG}").text)
    first_page = client.post(f"/consultations/{SLUG}", data={"csrf_token": token.group(1)}).headers["Location"]
    answer_path = f"/consultations/{SLUG}/questions/improve"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(answer_path).text).group(1)
    counter = iter(range(10**9))

    def post():
        data = {"csrf_token": token, "one_thing": f"answer {next(counter)}", "action": "continue"}
        return client.post(answer_path, data=data).status_code == 302

    requests = {
        "bare": lambda: client.get("/healthz").status_code == 200,
        "static": lambda: client.get("/accessibility").status_code == 200,
        "question": lambda: client.get(first_page).status_code == 200,
        "post": post,
    }[phase]
    for _ in range(WARM_UP + n):
        if not requests():
            raise SystemExit(f"{phase}: unexpected response")


def count(phase: str, n: int, env: dict) -> int:
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
         "--child", phase, str(n)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode != 0 or not match:
        raise SystemExit(f"{phase}: valgrind run failed\n{result.stderr[-2000:]}")
    return int(match.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    phases = args.phases.split(",")
    if unknown := set(phases) - set(PHASES):
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")

    db_name, env = create_demo_database("engage_instructions")
    try:
        per_request = {}
        for phase in phases:
            per_request[phase] = (count(phase, MANY, env) - count(phase, FEW, env)) / (MANY - FEW)
    finally:
        drop_database(db_name)

    base = per_request.get("bare")
    print(f"{'phase':20} {'instructions/request':>21} {'(a) / phase':>12}")
    for phase, instructions in per_request.items():
        ratio = f"{base / instructions:12.2f}" if base else f"{'-':>12}"
        print(f"{PHASES[phase]:20} {instructions:21,.0f} {ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
