"""Theme analysis runs: starting one, running it in a background job, and noticing one that lost its worker.

A run's row is the truth about it. The job claims the row (queued -> running, for the run's current
attempt) before working, writes a heartbeat while it works, and stores the themes in one transaction
at the end, only if the attempt is still the run's: so a copy started twice, a retry racing an old
worker, or two runs on one question never write over each other. Functions flush and never commit,
except :func:`execute_run`, which is the job itself.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pandas as pd
from flask import current_app
from sqlalchemy import delete, select, update

import analysis
from engage import jobs
from engage.extensions import db
from engage.models import (
    AnalysedAnswer,
    AnalysisRun,
    RunStatus,
    SetBy,
    Theme,
    ThemeAssignment,
    ThemeChange,
    ThemePriority,
)
from engage.models.base import utcnow
from engage.workspace.answers import free_text_answers

log = logging.getLogger(__name__)
JOB = "engage.workspace.runs.execute_run"


def start_run(consultation, question_ids: list[str], parameters: dict, user) -> AnalysisRun:
    run = AnalysisRun(consultation_id=consultation.id, question_ids=list(question_ids), parameters=parameters,
                      created_by_id=user.id, status=RunStatus.QUEUED, attempt=1, step="queued", quality={},
                      package_version="")
    db.session.add(run)
    db.session.flush()
    return run


def retry_run(run: AnalysisRun) -> None:
    """Queue a failed run again, as a new attempt (an old worker that wakes up can no longer write)."""
    if run.status is not RunStatus.FAILED:
        raise ValueError("only a failed run can be tried again")
    # Whatever an earlier attempt left (a failure saves nothing, but a run marked failed may have been finishing).
    run.themes.clear()
    db.session.execute(delete(AnalysedAnswer).where(AnalysedAnswer.run_id == run.id))
    run.status, run.attempt, run.error = RunStatus.QUEUED, run.attempt + 1, None
    run.progress, run.step, run.started_at, run.finished_at, run.heartbeat_at = 0, "queued", None, None, None
    db.session.flush()


def enqueue(run: AnalysisRun) -> None:
    """Hand the run to the job queue (after the caller has committed it) and note where it went."""
    try:
        run.queued_on = jobs.enqueue(JOB, run.id, run.attempt)[:120]
    except jobs.QueueUnavailable:
        # Left queued with no queue: queued again by notice_lost_runs once the queue is back.
        log.warning("job queue unavailable; run %s waits", run.id, exc_info=True)
        run.queued_on = ""


def notice_lost_runs(runs) -> list[AnalysisRun]:
    """Mark failed each running run whose worker stopped, and queue again each queued run whose queue is gone."""
    stale_after = timedelta(seconds=current_app.config["ANALYSIS_STALE_SECONDS"])
    now, requeue = utcnow(), []
    for run in runs:
        if run.status is RunStatus.RUNNING and (run.heartbeat_at is None or now - run.heartbeat_at > stale_after):
            run.status, run.finished_at = RunStatus.FAILED, now
            run.error = "worker stopped"
        elif run.status is RunStatus.QUEUED and (not run.queued_on or jobs.is_lost(run.queued_on)):
            requeue.append(run)
    db.session.flush()
    return requeue


# -- the job ---------------------------------------------------------------------------------------------------
def execute_run(run_id: int, attempt: int) -> None:
    """The background job: fit the theme model to the run's answers and store its themes."""
    if not _claim(run_id, attempt):
        return
    beat = _Heartbeat(run_id, attempt, current_app.config["JOBS_HEARTBEAT_SECONDS"])
    beat.start()
    started = time.perf_counter()
    try:
        run = db.session.get(AnalysisRun, run_id)
        answers = free_text_answers(run.consultation, run.question_ids)
        parameters = dict(run.parameters)
        db.session.commit()  # no transaction stays open during the fit (on SQLite it would block every writer)
        _progress(run_id, attempt, 15, "finding themes")
        model = analysis.ThemeModel(**parameters).fit(answers["text"].tolist(), ids=answers["answer_id"].tolist())
        _progress(run_id, attempt, 80, "saving")
        fit_seconds = time.perf_counter() - started
        run = db.session.get(AnalysisRun, run_id)
        if run.status is not RunStatus.RUNNING or run.attempt != attempt:
            db.session.rollback()
            return
        _store(run, model, answers)
        run.quality = _quality(model, answers) | {"seconds": round(fit_seconds, 2)}
        run.package_version = package_versions()
        run.status, run.progress, run.step, run.finished_at = RunStatus.FINISHED, 100, "finished", utcnow()
        db.session.commit()
    except Exception as error:  # noqa: BLE001  (any failure is the run's, told to the analyst)
        db.session.rollback()
        log.exception("analysis run %s failed", run_id)
        _fail(run_id, attempt, _reason(error))
    finally:
        beat.stop()


def _reason(error: Exception) -> str:
    if isinstance(error, ValueError):
        return str(error)[:1000]
    return f"{type(error).__name__}: {error}"[:1000]


def _claim(run_id: int, attempt: int) -> bool:
    now = utcnow()
    claimed = db.session.execute(
        update(AnalysisRun)
        .where(AnalysisRun.id == run_id, AnalysisRun.status == RunStatus.QUEUED, AnalysisRun.attempt == attempt)
        .values(status=RunStatus.RUNNING, started_at=now, heartbeat_at=now, progress=5, step="loading answers")
    ).rowcount
    db.session.commit()
    return claimed == 1


def _progress(run_id, attempt, percent, step) -> None:
    db.session.execute(update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.attempt == attempt,
                                                 AnalysisRun.status == RunStatus.RUNNING)
                       .values(progress=percent, step=step, heartbeat_at=utcnow()))
    db.session.commit()


def _fail(run_id, attempt, reason) -> None:
    db.session.execute(update(AnalysisRun).where(AnalysisRun.id == run_id, AnalysisRun.attempt == attempt,
                                                 AnalysisRun.status == RunStatus.RUNNING)
                       .values(status=RunStatus.FAILED, error=reason, finished_at=utcnow()))
    db.session.commit()


class _Heartbeat:
    """Writes the run's heartbeat every few seconds on its own connection while the job works."""

    def __init__(self, run_id, attempt, seconds):
        self.run_id, self.attempt, self.seconds = run_id, attempt, seconds
        self.engine = db.engine
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._beat, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopped.set()
        self.thread.join()

    def _beat(self):
        while not self.stopped.wait(self.seconds):
            try:
                with self.engine.begin() as connection:
                    connection.execute(update(AnalysisRun).where(AnalysisRun.id == self.run_id,
                                                                 AnalysisRun.attempt == self.attempt)
                                       .values(heartbeat_at=utcnow()))
            except Exception:  # noqa: BLE001  (a missed beat is retried; a long silence fails the run)
                log.warning("heartbeat of run %s not written", self.run_id, exc_info=True)


# -- storing what the model found ----------------------------------------------------------------------------
def _store(run: AnalysisRun, model, answers: pd.DataFrame) -> None:
    facts = _answer_facts(run, answers)
    if facts:
        db.session.execute(AnalysedAnswer.__table__.insert(), facts)
    carried, hand_coded = _carry_over(run, set(answers["answer_id"]))
    themes = {}
    for position, row in enumerate(model.themes_.itertuples(index=False), start=len(carried)):
        theme = Theme(run=run, position=position, label=str(row.label)[:200], top_terms=list(row.top_terms),
                      quotes=_quotes(getattr(row, "quotes", [])), created_by=SetBy.MACHINE)
        db.session.add(theme)
        themes[int(row.theme_id)] = theme
    db.session.flush()
    rows = []
    for row in model.assignments_.itertuples(index=False):
        if pd.isna(row.theme_id) or row.response_id in hand_coded:
            continue
        rows.append({"theme_id": themes[int(row.theme_id)].id, "answer_id": int(row.response_id),
                     "weight": float(row.weight), "is_primary": bool(row.primary), "set_by": SetBy.MACHINE})
    if rows:
        db.session.execute(ThemeAssignment.__table__.insert(), rows)


def _answer_facts(run: AnalysisRun, answers: pd.DataFrame) -> list[dict]:
    """Each answer's language, sentiment and position. Copied from the latest finished run with exactly the
    same answers and package versions (another number of themes, say): language detection weighs the whole
    set of answers, so only then are they what working them out again would give, at a fraction of the time."""
    ids, before = [int(key) for key in answers["answer_id"]], previous_run(run)
    if before is not None and before.package_version == package_versions():
        known = {row.answer_id: row for row in db.session.execute(
            select(AnalysedAnswer.answer_id, AnalysedAnswer.language, AnalysedAnswer.sentiment,
                   AnalysedAnswer.position).where(AnalysedAnswer.run_id == before.id))}
        if len(known) == len(ids) and all(key in known for key in ids):
            return [{"run_id": run.id, "answer_id": key, "language": known[key].language,
                     "sentiment": known[key].sentiment, "position": known[key].position} for key in ids]
    languages = analysis.detect_languages(answers["text"].tolist(), default="en")
    sentiment = analysis.score_sentiment(answers["text"].tolist(), languages.tolist())
    return [{"run_id": run.id, "answer_id": key, "language": str(language)[:16],
             "sentiment": None if pd.isna(score) else float(score), "position": str(position)}
            for key, language, score, position in zip(ids, languages, sentiment["score"], sentiment["position"],
                                                      strict=True)]


def _quotes(quotes) -> list[dict]:
    found = []
    for quote in quotes or []:
        text = quote.get("quote", "") if isinstance(quote, dict) else str(quote)
        answer = quote.get("response_id") if isinstance(quote, dict) else None
        found.append({"answer_id": None if answer is None else int(answer), "quote": analysis.redact(text)})
    return found


def previous_run(run: AnalysisRun) -> AnalysisRun | None:
    """The latest finished run of the same consultation sharing a question with ``run``."""
    query = (select(AnalysisRun).where(AnalysisRun.consultation_id == run.consultation_id,
                                       AnalysisRun.status == RunStatus.FINISHED, AnalysisRun.id != run.id)
             .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc()))
    return next((r for r in db.session.scalars(query) if set(r.question_ids) & set(run.question_ids)), None)


def _carry_over(run: AnalysisRun, answer_ids: set[int]) -> tuple[list[Theme], set[int]]:
    """Copy the previous run's agreed and hand-made themes with their answers.

    Returns the copies and the answers a person placed (the machine's new proposals leave those alone).
    """
    before = previous_run(run)
    if before is None:
        return [], set()
    run.based_on_id = before.id
    carried, hand_coded = [], set()
    for theme in before.themes:
        kept = theme.agreed or theme.created_by is SetBy.PERSON
        hand = [a for a in theme.assignments if a.set_by is SetBy.PERSON and a.answer_id in answer_ids]
        hand_coded |= {a.answer_id for a in hand}
        if not kept:
            continue
        copy = Theme(run=run, position=len(carried), label=theme.label, description=theme.description,
                     top_terms=list(theme.top_terms), quotes=list(theme.quotes), agreed=theme.agreed,
                     created_by=theme.created_by, carried_from_id=theme.id)
        copy.assignments = [ThemeAssignment(answer_id=a.answer_id, weight=a.weight, is_primary=a.is_primary,
                                            set_by=a.set_by) for a in theme.assignments if a.answer_id in answer_ids]
        db.session.add(copy)
        carried.append(copy)
    if carried:
        # Plan tags go with the agreed themes they were given to.
        db.session.flush()
        tagged = db.session.execute(select(ThemePriority.theme_id, ThemePriority.priority_id).where(
            ThemePriority.theme_id.in_([copy.carried_from_id for copy in carried]))).all()
        copies = {copy.carried_from_id: copy.id for copy in carried}
        db.session.add_all(ThemePriority(theme_id=copies[theme_id], priority_id=priority_id)
                           for theme_id, priority_id in tagged)
        db.session.add(ThemeChange(run_id=run.id, action="carried_over", details={
            "from_run": before.id, "themes": len(carried)}))
    return carried, hand_coded


def _quality(model, answers: pd.DataFrame) -> dict:
    assigned = model.assignments_.dropna(subset=["theme_id"])["response_id"].nunique()
    quality = {"answers": int(len(answers)), "themes": int(len(model.themes_)),
               "without_theme": int(len(answers) - assigned)}
    try:
        quality["diversity"] = round(float(analysis.topic_diversity(model.themes_["top_terms"], 10)), 3)
    except (KeyError, TypeError, ValueError):
        pass
    coherence = getattr(model, "coherence", None)
    if callable(coherence):
        try:
            quality["coherence"] = round(float(pd.Series(coherence()).mean()), 3)
        except Exception:  # noqa: BLE001  (a figure the model cannot give is left out)
            pass
    return quality


def package_versions() -> str:
    """What produced the themes: the project's version and its analysis libraries'."""
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    parts = []
    try:
        import tomllib

        parts.append("engage " + tomllib.loads(pyproject.read_text())["project"]["version"])
    except (OSError, KeyError, ValueError):
        pass
    for name in ("scikit-learn", "nltk", "numpy", "pandas"):
        try:
            parts.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return "; ".join(parts)[:200]


def runs_of(consultation_id: int) -> list[AnalysisRun]:
    return list(db.session.scalars(select(AnalysisRun).where(AnalysisRun.consultation_id == consultation_id)
                                   .order_by(AnalysisRun.created_at.desc(), AnalysisRun.id.desc())))


def active_runs() -> list[AnalysisRun]:
    return list(db.session.scalars(select(AnalysisRun).where(
        AnalysisRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]))))

