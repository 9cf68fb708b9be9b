"""Question markup and whole question pages, rendered once and reused.

A question's markup on a GET depends only on its survey version (immutable), the
language, whether it is the page heading, and the answer it shows, so it is cached
under exactly those. A whole question page on a GET also depends on the consultation's
title, the respondent's path, the address and how the answers reach us; it is cached
under all of those, with its two per-response values (the CSRF token and the script
nonce) cut out and put back fresh each time. Pages with errors or submitted data are
always rendered afresh.
"""

import json
import threading

from cachetools import LRUCache
from flask import current_app
from markupsafe import Markup

from engage.answering.ui_text import question_ui_text

# Bounded: at most 1,024 fragments per process, least recently used dropped first.
_rendered: LRUCache = LRUCache(maxsize=1024)
# Whole pages: ~15 KB each, so at most ~8 MB per process.
_pages: LRUCache = LRUCache(maxsize=512)
_lock = threading.Lock()  # an LRUCache reorders itself on every read; threaded servers share it
_TOKEN, _NONCE = "\x00csrf\x00", "\x00nonce\x00"


def _caching() -> bool:
    # While templates reload on change (debug), always render, so template edits show at once.
    return not current_app.jinja_env.auto_reload


def shown_answers(shown) -> str:
    """An answer (or a page's questions and answers) as one comparable string, for cache keys."""
    return json.dumps(shown, sort_keys=True, default=str)


def cached_page(key, *, csrf_token: str, nonce: str) -> str | None:
    """The page last stored under ``key``, with this response's token and nonce; None if there is none."""
    with _lock:
        shell = _pages.get(key)
    if shell is None:
        return None
    return shell.replace(_TOKEN, csrf_token).replace(_NONCE, nonce)


def remember_page(key, html: str, *, csrf_token: str, nonce: str) -> None:
    """Keep ``html`` under ``key``, without its token and nonce (which are random, so never page text)."""
    if not _caching() or html.count(csrf_token) != 1:
        return
    shell = html.replace(csrf_token, _TOKEN).replace(nonce, _NONCE)
    with _lock:
        _pages[key] = shell


def question_html(question, field, *, version_key, lang: str, ui_text: dict, as_heading: bool,
                  optional_suffix: str, shown_answer=None, cacheable: bool = False) -> Markup:
    """The markup of ``question`` (engage/templates/questions/<type>.html) for ``field``.

    ``cacheable`` only when the field shows ``shown_answer`` (the stored answer) and has no errors.
    """
    key = None
    if cacheable and not field.errors and _caching():
        key = (version_key, question.id, lang, as_heading, shown_answers(shown_answer))
        with _lock:
            html = _rendered.get(key)
        if html is not None:
            return html
    template = current_app.jinja_env.get_template(f"questions/{question.type}.html")
    html = Markup(template.render(q=question, field=field, lang=lang, t=ui_text, as_heading=as_heading,
                                  optional_suffix=optional_suffix))
    if key is not None:
        with _lock:
            _rendered[key] = html
    return html


def page_questions_html(questions, form, *, version_key, lang: str, answers: dict | None = None,
                        cacheable: bool = False) -> list[Markup]:
    """The markup of a page's questions: a lone question is the page heading; optional ones say so."""
    ui_text = question_ui_text()
    single = len(questions) == 1
    return [
        question_html(question, form[question.id], version_key=version_key, lang=lang, ui_text=ui_text,
                      as_heading=single, optional_suffix="" if question.required else " " + ui_text["optional"],
                      shown_answer=(answers or {}).get(question.id), cacheable=cacheable)
        for question in questions
    ]
