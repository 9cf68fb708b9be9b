"""HTTP benchmark of the resident journey, served by gunicorn on PostgreSQL.

Measures, in one run, requests per second and p99 latency for
  (a) a bare route returning a fixed string (/healthz) — the baseline,
  (b) a survey question page (GET),
  (c) posting an answer (POST, stored in the draft),
and, for reference, a static page in the site layout (the accessibility statement);
prints (b) and (c) as ratios to (a), then submits every client's response and counts
stored responses against acknowledged ones.

Usage: .venv/bin/python benchmarks/http_survey.py [--seconds 10] [--clients 8] [--workers 2]
Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth); it creates and drops its own database.
"""

import argparse
import http.client
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from demo_database import create_demo_database, drop_database, psql

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
SLUG = "community-health-hubs"


class FormReader(HTMLParser):
    """Collects the fields of the first POST form on a page, choosing simple valid answers."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.action = None
        self.radios: dict[str, str] = {}
        self.selects: list[str] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.action is None and a.get("method", "").lower() == "post":
            self.action = a.get("action")
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind == "hidden":
                self.fields.append((name, a.get("value", "")))
            elif kind == "radio":
                self.radios.setdefault(name, a.get("value", ""))
            elif kind == "checkbox" and not any(n == name for n, _ in self.fields):
                self.fields.append((name, a.get("value", "y")))
            elif kind in ("text", "number") and name.endswith("-day"):
                self.fields.append((name, "1"))
            elif kind in ("text", "number") and name.endswith("-month"):
                self.fields.append((name, "6"))
            elif kind in ("text", "number") and name.endswith("-year"):
                self.fields.append((name, "1980"))
            elif kind in ("text", "number") and a.get("inputmode") == "numeric":
                self.fields.append((name, "3"))
        elif tag == "select" and name:
            self._select = [name, []]
        elif tag == "option" and self._select is not None and a.get("value"):
            self._select[1].append(a["value"])
        elif tag == "textarea" and name:
            self.fields.append((name, "The bus to the hub takes too long and parking is hard to find."))

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            name, options = self._select
            self.selects.append(name)
            if options:
                # Rankings: a different rank for each item.
                index = sum(1 for s in self.selects if s.rsplit("-", 1)[0] == name.rsplit("-", 1)[0]) - 1
                self.fields.append((name, options[min(index, len(options) - 1)]))
            self._select = None

    def answers(self) -> list[tuple[str, str]]:
        return self.fields + list(self.radios.items()) + [("action", "continue")]


class Client:
    """One resident: a keep-alive connection with its own session cookie."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=30)
        self.cookie = None

    def request(self, method, path, body=None):
        headers = {"Accept-Language": "en"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt == 2:
                    raise
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location"), data.decode("utf-8", "replace")

    def follow(self, location):
        return urlsplit(location).path + (("?" + urlsplit(location).query) if urlsplit(location).query else "")


def start_draft(client) -> str:
    status, _, html = client.request("GET", f"/consultations/{SLUG}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    status, location, _ = client.request("POST", f"/consultations/{SLUG}", {"csrf_token": token})
    assert status == 302, f"could not start a draft ({status})"
    return client.follow(location)


def page_form(html):
    reader = FormReader()
    reader.feed(html)
    return reader


def run_phase(clients, seconds, make_request):
    latencies: list[list[float]] = [[] for _ in clients]
    errors = [0] * len(clients)
    stop = time.perf_counter() + seconds

    def work(i, client):
        state = {}
        while time.perf_counter() < stop:
            t0 = time.perf_counter()
            ok = make_request(client, state)
            latencies[i].append(time.perf_counter() - t0)
            if not ok:
                errors[i] += 1

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    flat = sorted(x for lst in latencies for x in lst)
    p99 = flat[max(0, int(len(flat) * 0.99) - 1)] if flat else float("nan")
    return {"requests": len(flat), "rps": len(flat) / elapsed, "p99_ms": p99 * 1000,
            "median_ms": statistics.median(flat) * 1000 if flat else float("nan"), "errors": sum(errors)}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    db_name, env = create_demo_database("engage_bench")
    server = None
    try:
        port = free_port()
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "wsgi:app"], cwd=ROOT, env=env)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        clients = [Client("127.0.0.1", port) for _ in range(args.clients)]
        first_pages = [start_draft(c) for c in clients]

        def bare(client, state):
            status, _, body = client.request("GET", "/healthz")
            return status == 200 and body == "ok"

        def static_page(client, state):
            status, _, _ = client.request("GET", "/accessibility")
            return status == 200

        def question_page(client, state):
            status, _, _ = client.request("GET", first_pages[clients.index(client)])
            return status == 200

        answer_path = f"/consultations/{SLUG}/questions/improve"
        last_acknowledged: dict[int, str] = {}

        def post_answer(client, state):
            """Each POST sends a new answer; the last acknowledged one must be the one stored."""
            index = clients.index(client)
            if "form" not in state:
                state["form"] = page_form(client.request("GET", answer_path)[2]).answers()
                state["n"] = 0
            state["n"] += 1
            text = f"benchmark answer {index}-{state['n']}"
            form = [(k, text if k == "one_thing" else v) for k, v in state["form"]]
            status, location, _ = client.request("POST", answer_path, form)
            if status == 302:
                last_acknowledged[index] = text
            return status == 302

        results = {}
        phases = (("(a) bare route", bare), ("static page (ref.)", static_page), ("(b) question page", question_page),
                  ("(c) post answer", post_answer))
        for name, fn in phases:
            run_phase(clients, min(2.0, args.seconds), fn)  # warm-up
            results[name] = run_phase(clients, args.seconds, fn)

        stored_answers = set(psql("SELECT answers::json->>'one_thing' FROM draft", db_name))
        answers_missing = sum(1 for text in last_acknowledged.values() if text not in stored_answers)

        acknowledged, references = 0, set()
        for client, path in zip(clients, first_pages, strict=True):
            for _ in range(200):
                status, location, html = client.request("GET", path)
                if status != 200:
                    break
                status, location, html = client.request("POST", path, page_form(html).answers())
                if status != 302:
                    raise SystemExit(f"benchmark walk could not answer {path}: {status}")
                path = client.follow(location)
                if path.endswith("/check-answers"):
                    break
            status, _, html = client.request("GET", path)
            token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
            status, location, _ = client.request("POST", path, {"csrf_token": token})
            if status == 302 and location.endswith("/confirmation"):
                acknowledged += 1
                _, _, html = client.request("GET", client.follow(location))
                match = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4})</strong>", html)
                if match:
                    references.add(match.group(1))
        stored = int(psql("SELECT count(*) FROM response", db_name)[0])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(db_name)

    base = results["(a) bare route"]
    print(f"gunicorn workers={args.workers} clients={args.clients} seconds/phase={args.seconds} database=PostgreSQL")
    print(f"{'phase':20} {'requests':>9} {'req/s':>9} {'ratio':>7} {'p99 ms':>8} {'p99 ratio':>9} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:20} {r['requests']:9d} {r['rps']:9.1f} {r['rps'] / base['rps']:7.2f} {r['p99_ms']:8.1f} "
              f"{r['p99_ms'] / base['p99_ms']:9.2f} {r['errors']:7d}")
    print(f"(c) last acknowledged answer of each client stored: {len(last_acknowledged) - answers_missing}"
          f"/{len(last_acknowledged)}")
    print(f"responses acknowledged: {acknowledged}, stored: {stored}, distinct references seen: {len(references)}")
    missing = max(0, acknowledged - stored) + answers_missing
    print("no acknowledged answer or response missing" if not missing else f"MISSING {missing} acknowledged")
    return 0 if not missing else 1


if __name__ == "__main__":
    sys.exit(main())
