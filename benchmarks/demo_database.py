"""A fresh PostgreSQL database with the schema and the demo consultations, for the benchmarks.

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth).
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def psql(sql: str, database: str = "postgres") -> list[str]:
    """Rows printed by ``psql`` for ``sql``, one string per row."""
    result = subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAt", "-c", sql, database],
                            check=True, capture_output=True, text=True)
    return result.stdout.splitlines()


def create_demo_database(prefix: str) -> tuple[str, dict]:
    """Create, migrate and load the demo data; returns the database name and the app's environment."""
    name = f"{prefix}_{int(time.time())}_{os.getpid()}"
    psql(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{name}", "FLASK_APP": "wsgi.py",
           "SECRET_KEY": "benchmark-only"}
    try:
        for command in (["db", "upgrade"], ["demo", "load"]):
            subprocess.run([str(Path(sys.executable).parent / "flask"), *command], cwd=ROOT, env=env, check=True,
                           capture_output=True)
    except BaseException:
        drop_database(name)
        raise
    return name, env


def drop_database(name: str) -> None:
    psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
