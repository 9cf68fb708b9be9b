"""A survey as staff preview it: every page in order, with its branching described in words."""

from flask_babel import gettext as _

import surveys


def describe_condition(condition: dict, survey, lang: str) -> str:
    """A condition (see surveys.conditions) in words, in the page's language."""
    for combinator in ("all", "any"):
        if combinator in condition:
            parts = "; ".join(describe_condition(part, survey, lang) for part in condition[combinator])
            return _("all of these: %(parts)s", parts=parts) if combinator == "all" else _(
                "any of these: %(parts)s", parts=parts)
    if "not" in condition:
        return _("not (%(condition)s)", condition=describe_condition(condition["not"], survey, lang))
    question = survey.question(condition["question"])
    name = surveys.localise(question.text, lang)
    if "answered" in condition:
        if condition["answered"]:
            return _("“%(question)s” is answered", question=name)
        return _("“%(question)s” is not answered", question=name)
    if "equals" in condition:
        return _("the answer to “%(question)s” is “%(value)s”", question=name,
                 value=_choice_label(question, condition["equals"], lang))
    values = ", ".join(f"“{_choice_label(question, value, lang)}”" for value in condition["in"])
    return _("the answer to “%(question)s” is one of %(values)s", question=name, values=values)


def page_notes(survey, page, lang: str) -> list[str]:
    """What decides whether people see ``page`` and where they go after it."""
    notes = []
    if page.show_if:
        notes.append(_("This page is shown only if %(condition)s.",
                       condition=describe_condition(page.show_if, survey, lang)))
    for rule in page.skip_to:
        target = survey.page(rule["page"])
        title = surveys.localise(target.title, lang) if target.title else None
        name = title or surveys.localise(target.questions[0].text, lang)
        notes.append(_("After this page, if %(condition)s, people go to “%(page)s”.",
                       condition=describe_condition(rule["if"], survey, lang), page=name))
    return notes


def question_note(survey, question, lang: str) -> str | None:
    if not question.show_if:
        return None
    return _("Asked only if %(condition)s.", condition=describe_condition(question.show_if, survey, lang))


def _choice_label(question, value, lang: str) -> str:
    for choice in question.choices:
        if choice.value == value:
            return choice.label(lang, _)
    return str(value)
