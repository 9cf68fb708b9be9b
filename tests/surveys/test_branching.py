from surveys import (
    Survey,
    first_page,
    next_page,
    previous_page,
    prune_answers,
    respondent_path,
    visible_questions,
)


def choice(qid, *values, **extra):
    choices = [{"value": v, "text": v} for v in values]
    return {"id": qid, "type": "single_choice", "text": qid, "choices": choices, **extra}


SURVEY = Survey.from_dict(
    {
        "schema_version": 1,
        "title": "Branching",
        "pages": [
            {
                "id": "start",
                "questions": [choice("uses", "yes", "no")],
                "skip_to": [{"if": {"question": "uses", "equals": "no"}, "page": "about_you"}],
            },
            {
                "id": "service",
                "questions": [choice("rating", "good", "bad"), {"id": "why", "type": "long_text", "text": "Why?"}],
            },
            {
                "id": "followup",
                "questions": [
                    {
                        "id": "improve",
                        "type": "long_text",
                        "text": "What went wrong?",
                        "show_if": {"question": "rating", "equals": "bad"},
                    },
                    {"id": "recommend", "type": "yes_no", "text": "Recommend?"},
                ],
            },
            {
                "id": "complaint",
                "show_if": {
                    "all": [{"question": "rating", "in": ["bad"]}, {"not": {"question": "why", "answered": False}}]
                },
                "questions": [choice("complain", "yes", "no")],
            },
            {"id": "about_you", "questions": [choice("age", "young", "old")]},
        ],
    }
)


def test_path_follows_skip_and_show_if():
    assert respondent_path(SURVEY, {}) == ["start", "service", "followup", "about_you"]
    assert respondent_path(SURVEY, {"uses": "no"}) == ["start", "about_you"]
    bad = {"uses": "yes", "rating": "bad", "why": "slow"}
    assert respondent_path(SURVEY, bad) == ["start", "service", "followup", "complaint", "about_you"]
    assert respondent_path(SURVEY, {**bad, "why": None}) == ["start", "service", "followup", "about_you"]


def test_visible_questions_depend_on_earlier_answers():
    page = SURVEY.page("followup")
    assert [q.id for q in visible_questions(SURVEY, page, {"rating": "good"})] == ["recommend"]
    assert [q.id for q in visible_questions(SURVEY, "followup", {"rating": "bad"})] == ["improve", "recommend"]
    assert visible_questions(SURVEY, "complaint", {"rating": "good"}) == []


def test_next_and_previous_pages():
    answers = {"uses": "no"}
    assert first_page(SURVEY, answers) == "start"
    assert next_page(SURVEY, "start", answers) == "about_you"
    assert next_page(SURVEY, "about_you", answers) is None
    assert previous_page(SURVEY, "about_you", answers) == "start"
    assert previous_page(SURVEY, "start", answers) is None
    # a page off the path still leads to the next page on it
    assert next_page(SURVEY, "service", answers) == "about_you"
    assert previous_page(SURVEY, "followup", answers) == "start"


def test_answers_off_the_path_do_not_steer_or_survive():
    changed_mind = {"uses": "no", "rating": "bad", "why": "slow", "complain": "yes", "age": "old"}
    assert respondent_path(SURVEY, changed_mind) == ["start", "about_you"]
    assert prune_answers(SURVEY, changed_mind) == {"uses": "no", "age": "old"}
    assert prune_answers(SURVEY, {"uses": "yes", "rating": "good", "improve": "x"}) == {"uses": "yes", "rating": "good"}


def test_first_page_skips_pages_with_nothing_to_show():
    survey = Survey.from_dict(
        {
            "schema_version": 1,
            "title": "T",
            "pages": [
                {"id": "a", "questions": [choice("q1", "x")]},
                {"id": "b", "show_if": {"question": "q1", "answered": True}, "questions": [choice("q2", "y")]},
            ],
        }
    )
    assert respondent_path(survey, {}) == ["a"]
    assert respondent_path(survey, {"q1": "x"}) == ["a", "b"]
