"""Question markup, rendered once and reused.

A question's markup on a GET depends only on its survey version (immutable), the
language, whether it is the page heading, and the answer it shows, so it is cached
under exactly those. Pages with errors or submitted data are always rendered afresh.
"""

import json
import threading

from cachetools import LRUCache
from flask import current_app
from markupsafe import Markup

from engage.public.ui_text import question_ui_text

# Bounded: at most 1,024 fragments per process, least recently used dropped first.
_rendered: LRUCache = LRUCache(maxsize=1024)
_lock = threading.Lock()  # an LRUCache reorders itself on every read; threaded servers share it


def question_html(question, field, *, version_key, lang: str, ui_text: dict, as_heading: bool,
                  optional_suffix: str, shown_answer=None, cacheable: bool = False) -> Markup:
    """The markup of ``question`` (engage/templates/questions/<type>.html) for ``field``.

    ``cacheable`` only when the field shows ``shown_answer`` (the stored answer) and has no errors.
    """
    key = None
    # While templates reload on change (debug), always render, so template edits show at once.
    if cacheable and not field.errors and not current_app.jinja_env.auto_reload:
        key = (version_key, question.id, lang, as_heading, json.dumps(shown_answer, sort_keys=True, default=str))
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
