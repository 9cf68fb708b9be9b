"""Building a page's WTForms form from its questions, and reading answers back out."""

from wtforms import Form

from surveys.fields import AnswerField


def build_page_form(questions, lang, base=Form, formdata=None, data=None, meta=None):
    """A bound form with one AnswerField per question (field name == question id).

    `data` is the stored answers dict, used to prefill. With base=FlaskForm leave
    formdata as None so the request's form is used on submit. `meta` is passed to
    the form (e.g. translations supplied by the host).
    """
    fields = {question.id: AnswerField(question=question, lang=lang) for question in questions}
    form_class = type("SurveyPageForm", (base,), fields)
    kwargs = {"data": dict(data or {})}
    if formdata is not None:
        kwargs["formdata"] = formdata
    if meta is not None:
        kwargs["meta"] = meta
    return form_class(**kwargs)


def page_answers(form, questions):
    """Cleaned JSON-serialisable answers by question id (the type's empty value when unanswered or invalid)."""
    return {question.id: form[question.id].data for question in questions}


def display_answer(question, value, lang, gettext=None):
    """The answer as text for check-your-answers; lines are separated by "\\n".

    `gettext` translates built-in option labels (Yes, Strongly agree, Prefer not to say…).
    Returns "" for an empty answer (the host shows "Not answered").
    """
    if is_empty(question, value):
        return ""
    return question.qtype.display(question, value, lang, gettext)


def is_empty(question, value):
    """Whether an answer counts as not given."""
    return question.qtype.is_empty(question, value)
