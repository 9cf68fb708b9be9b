"""Background jobs: on RQ over Redis when REDIS_URL is set, otherwise in a worker process the app starts itself.

A job is a function named by its dotted path, called with plain arguments inside an app context. What a
job has done lives in the database, never only in the queue: the code that owns a job (for example
engage.workspace.runs) claims its row before working and records success or failure there, so a job
can be started again after a restart and a second copy of it does nothing.

``JOBS`` (app config): "rq", "local", or "inline" (runs at once, in the request; for tests).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import socket
import threading
import uuid
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import click
from flask import current_app

QUEUE_NAME = "engage"
# RQ stops a job after this long (the run is then marked failed when its heartbeat stops).
JOB_TIMEOUT_SECONDS = 6 * 3600

_pool: ProcessPoolExecutor | None = None
_pool_pid: int | None = None
_pool_lock = threading.Lock()
# This web process's local queue: "local:<host>:<pid>:<random>".
_local_tag = ""


class QueueUnavailable(RuntimeError):
    """The job queue (Redis) cannot be reached; the job was not queued."""


def mode() -> str:
    return current_app.config["JOBS"]


def call(path: str, *args):
    module, name = path.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)(*args)


def enqueue(path: str, *args) -> str:
    """Start ``path(*args)`` in the background; returns where it was queued (kept with the job's row)."""
    kind = mode()
    if kind == "rq":
        from redis.exceptions import RedisError

        try:
            job = rq_queue().enqueue_call(path, args=args, timeout=JOB_TIMEOUT_SECONDS, result_ttl=3600,
                                          failure_ttl=7 * 24 * 3600)
        except RedisError as error:
            raise QueueUnavailable(str(error)) from error
        return f"rq:{job.id}"
    if kind == "inline":
        call(path, *args)
        return "inline"
    try:
        _local_pool().submit(_run_in_child, path, args)
    except BrokenProcessPool:
        # The worker process died (killed, out of memory): start a new one. Its jobs' runs are failed by
        # their stopped heartbeat (engage.workspace.runs.notice_lost_runs).
        _forget_pool()
        _local_pool().submit(_run_in_child, path, args)
    return _local_tag


def is_lost(queued_on: str) -> bool:
    """Whether the queue that took a job can no longer run it (a web process that has stopped, a job Redis lost)."""
    kind = queued_on.split(":", 1)[0]
    if kind == "local":
        _, host, pid, _token = (queued_on.split(":") + ["", "", ""])[:4]
        if queued_on == _local_tag:
            return False
        return host == socket.gethostname() and not _process_alive(int(pid or 0))
    if kind == "rq" and mode() == "rq":
        from redis.exceptions import RedisError
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            Job.fetch(queued_on[3:], connection=rq_queue().connection)
        except NoSuchJobError:
            return True
        except RedisError:
            return False  # Redis is down: the job may still be there once it is back
    return False


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def rq_queue():
    from redis import Redis
    from rq import Queue

    return Queue(current_app.config["JOBS_QUEUE"],
                 connection=Redis.from_url(current_app.config["REDIS_URL"]))


# -- the local worker process ----------------------------------------------------------------------------------
def _local_pool() -> ProcessPoolExecutor:
    global _pool, _pool_pid, _local_tag
    with _pool_lock:
        if _pool is None or _pool_pid != os.getpid():
            # spawn, not fork: a forked copy of a web process would share its database connections.
            _pool = ProcessPoolExecutor(max_workers=current_app.config["JOBS_LOCAL_WORKERS"],
                                        mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_child, initargs=(_child_config(),))
            _pool_pid = os.getpid()
            _local_tag = f"local:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        return _pool


def _forget_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def local_worker_pids() -> list[int]:
    """The process ids of this web process's local workers (for tests and diagnostics)."""
    return [process.pid for process in (_pool._processes or {}).values()] if _pool is not None else []


def local_tag() -> str:
    """This process's local queue, as :func:`enqueue` would record it."""
    _local_pool()
    return _local_tag


def _child_config() -> dict:
    config = current_app.config
    keep = ("SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "MIN_GROUP_SIZE", "JOBS_HEARTBEAT_SECONDS",
            "ANALYSIS_STALE_SECONDS", "TESTING", "MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER", "MAIL_TIMEOUT")
    return {key: config[key] for key in keep if key in config} | {"JOBS": "inline"}


_child_app = None


def _start_child(config: dict) -> None:
    global _child_app
    from engage import create_app

    _child_app = create_app(config)


def _run_in_child(path: str, args: tuple) -> None:
    with _child_app.app_context():
        call(path, *args)


def shutdown_local_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None and _pool_pid == os.getpid():
            _pool.shutdown(wait=True, cancel_futures=False)
        _pool = None


# -- `flask worker` --------------------------------------------------------------------------------------------
@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst):
    """Run background jobs from the RQ queue in Redis (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without it the web app runs jobs in its own worker "
                                   "process and no separate worker is needed.")
    from rq import Worker

    queue = rq_queue()
    # Each job runs in a forked copy of this process: it must open its own database connections.
    from engage.extensions import db

    db.engine.dispose()
    Worker([queue], connection=queue.connection).work(burst=burst)


def init_app(app) -> None:
    app.config.setdefault("REDIS_URL", os.environ.get("REDIS_URL") or None)
    app.config.setdefault("JOBS", os.environ.get("JOBS") or ("rq" if app.config["REDIS_URL"] else "local"))
    # The RQ queue's name (tests use one of their own).
    app.config.setdefault("JOBS_QUEUE", os.environ.get("JOBS_QUEUE") or QUEUE_NAME)
    app.config.setdefault("JOBS_LOCAL_WORKERS", int(os.environ.get("JOBS_LOCAL_WORKERS", 1)))
    app.config.setdefault("JOBS_HEARTBEAT_SECONDS", float(os.environ.get("JOBS_HEARTBEAT_SECONDS", 10)))
    # A running job whose heartbeat is older than this has lost its worker.
    app.config.setdefault("ANALYSIS_STALE_SECONDS", float(os.environ.get("ANALYSIS_STALE_SECONDS", 120)))
    app.cli.add_command(worker_command)
