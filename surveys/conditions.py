"""Conditions on earlier answers: evaluating them and checking them in a definition.

A condition is one of:
  {"question": qid, "equals": value}     the answer is (or, for checkboxes, includes) value
  {"question": qid, "in": [values]}      the answer is (or includes) one of the values
  {"question": qid, "answered": bool}    the question was (not) answered
  {"all": [conditions]}, {"any": [conditions]}, {"not": condition}
"""

from surveys.types.date import parse_iso

COMBINATORS = ("all", "any", "not")
OPERATORS = ("equals", "in", "answered")


def evaluate(condition, survey, answers):
    """Whether a condition holds for the answers given so far (missing answers count as unanswered)."""
    if condition is None:
        return True
    if "all" in condition:
        return all(evaluate(part, survey, answers) for part in condition["all"])
    if "any" in condition:
        return any(evaluate(part, survey, answers) for part in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], survey, answers)
    question = survey.question(condition["question"])
    value = answers.get(question.id)
    if "answered" in condition:
        return (not question.qtype.is_empty(question, value)) == condition["answered"]
    chosen = [] if value is None else question.qtype.compared_values(question, value)
    if "equals" in condition:
        return condition["equals"] in chosen
    return any(item in condition["in"] for item in chosen)


def check_condition(condition, questions, allowed, where):
    """Problems with a condition. `questions` maps id -> Question; `allowed` is the ids it may refer to."""
    if not isinstance(condition, dict):
        return [f"{where}: a condition must be an object"]
    keys = set(condition)
    combinators = keys & set(COMBINATORS)
    if combinators:
        if len(keys) != 1:
            return [f"{where}: {sorted(keys)} cannot be combined; use one of all, any, not, question"]
        key = combinators.pop()
        if key == "not":
            return check_condition(condition["not"], questions, allowed, f"{where}.not")
        parts = condition[key]
        if not isinstance(parts, list) or not parts:
            return [f"{where}.{key}: must be a non-empty list of conditions"]
        errors = []
        for index, part in enumerate(parts):
            errors += check_condition(part, questions, allowed, f"{where}.{key}[{index}]")
        return errors
    operators = keys & set(OPERATORS)
    if "question" not in keys or len(operators) != 1 or keys - {"question"} - operators:
        return [f"{where}: must have 'question' and exactly one of equals, in, answered"]
    qid = condition["question"]
    if not isinstance(qid, str) or qid not in questions:
        return [f"{where}: refers to unknown question {qid!r}"]
    if not questions[qid].qtype.takes_answer:
        return [f"{where}: refers to {qid!r}, a note, which has no answer"]
    if qid not in allowed:
        return [f"{where}: refers to question {qid!r}, which is not asked before this point"]
    operator = operators.pop()
    if operator == "answered":
        if not isinstance(condition["answered"], bool):
            return [f"{where}.answered: must be true or false"]
        return []
    question = questions[qid]
    if not question.qtype.comparable:
        return [f"{where}: a {question.type} question can only be tested with 'answered'"]
    expected = [condition["equals"]] if operator == "equals" else condition["in"]
    if operator == "in" and (not isinstance(expected, list) or not expected):
        return [f"{where}.in: must be a non-empty list"]
    return [f"{where}.{operator}: {problem}" for problem in _value_problems(question, expected)]


def _value_problems(question, expected):
    if question.choices:
        values = {choice.value for choice in question.choices}
        return [f"{item!r} is not a choice of question {question.id!r}" for item in expected
                if not isinstance(item, str) or item not in values]
    if question.type == "number":
        return [
            f"{item!r} is not a number"
            for item in expected
            if isinstance(item, bool) or not isinstance(item, (int, float))
        ]
    if question.type == "date":
        return [f"{item!r} is not a date (YYYY-MM-DD)" for item in expected if parse_iso(item) is None]
    return []


def referenced_questions(condition):
    """Ids of the questions a condition refers to."""
    if not isinstance(condition, dict):
        return set()
    found = {condition["question"]} if isinstance(condition.get("question"), str) else set()
    for key in ("all", "any"):
        for part in condition.get(key) or []:
            found |= referenced_questions(part)
    return found | referenced_questions(condition.get("not"))
