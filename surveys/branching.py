"""Which pages and questions a respondent sees, as pure functions of the answers so far."""

from surveys.conditions import evaluate


def visible_questions(survey, page, answers):
    """The questions on a page whose show_if holds (an empty list when the page itself is hidden)."""
    if isinstance(page, str):
        page = survey.page(page)
    if not evaluate(page.show_if, survey, answers):
        return []
    return [question for question in page.questions if evaluate(question.show_if, survey, answers)]


def _walk(survey, answers):
    """(page, visible questions) along the respondent's path; only answers already on the path count."""
    seen = {}
    index = 0
    while index < len(survey.pages):
        page = survey.pages[index]
        questions = visible_questions(survey, page, seen)
        if not questions:
            index += 1
            continue
        for question in questions:
            if question.id in answers:
                seen[question.id] = answers[question.id]
        yield page, questions
        target = next((rule["page"] for rule in page.skip_to if evaluate(rule["if"], survey, seen)), None)
        index = max(survey.page_index(target), index + 1) if target else index + 1


def respondent_path(survey, answers):
    """Ids of the pages the respondent sees, in order."""
    return [page.id for page, _questions in _walk(survey, answers)]


def first_page(survey, answers):
    """The first page with a visible question, or None."""
    path = respondent_path(survey, answers)
    return path[0] if path else None


def next_page(survey, page_id, answers):
    """The page after page_id on the respondent's path, or None at the end (go to check answers)."""
    path = respondent_path(survey, answers)
    if page_id in path:
        position = path.index(page_id)
        return path[position + 1] if position + 1 < len(path) else None
    index = survey.page_index(page_id)
    return next((pid for pid in path if survey.page_index(pid) > index), None)


def previous_page(survey, page_id, answers):
    """The page before page_id on the respondent's path, or None at the start."""
    path = respondent_path(survey, answers)
    if page_id in path:
        position = path.index(page_id)
        return path[position - 1] if position else None
    index = survey.page_index(page_id)
    earlier = [pid for pid in path if survey.page_index(pid) < index]
    return earlier[-1] if earlier else None


def seen_questions(survey, answers):
    """The questions the respondent saw, in order."""
    return [question for _page, questions in _walk(survey, answers) for question in questions]


def prune_answers(survey, answers):
    """Only the answers to questions the respondent actually saw."""
    return {q.id: answers[q.id] for q in seen_questions(survey, answers) if q.id in answers}
