"""Ready-made question sets: the Census 2021 equality monitoring questions (England).

All optional, each with "Prefer not to say" and a "why we ask" hint. Ethnic group is
asked in two steps, and the follow-ups on disability and spoken English only when
they apply, using show_if conditions. Every text comes in English and in the
platform's other languages, from equality_translations.json (keyed by the English
text); "Prefer not to say" is built in and translated by the interface catalogs.
"""

import json
from importlib import resources

TRANSLATIONS = json.loads(resources.files("surveys").joinpath("equality_translations.json").read_text("utf-8"))

WHY_WE_ASK = (
    "We ask this to check that we treat everyone fairly and reach all parts of our community. "
    "You do not have to answer."
)


def _text(english, context=None):
    """A text mapping: the English and its translations (context: options whose wording depends on the question)."""
    table = TRANSLATIONS["in_context"][context] if context else TRANSLATIONS["texts"]
    return {"en": english, **table.get(english, {})}


def _sentences(first, second):
    """Two text mappings joined sentence after sentence (no space in Chinese), in the languages both have."""
    return {
        lang: first[lang] + ("" if lang.startswith("zh") else " ") + second[lang] for lang in first if lang in second
    }


def _choices(*pairs, context=None):
    return [{"value": value, "text": _text(text, context)} for value, text in pairs]


def _question(qid, text, choices, hint=None, context=None, **extra):
    why = _text(WHY_WE_ASK)
    return {
        "id": qid,
        "type": "single_choice",
        "text": _text(text),
        "hint": _sentences(_text(hint), why) if hint else why,
        "required": False,
        "choices": _choices(*choices, context=context),
        "prefer_not_to_say": True,
        **extra,
    }


def _write_in(choice, label):
    return {"write_in": {"choice": choice, "label": _text(label)}}


ETHNIC_GROUPS = [
    (
        "white",
        "White",
        "Which one best describes your White ethnic group or background?",
        [
            ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
            ("irish", "Irish"),
            ("gypsy_irish_traveller", "Gypsy or Irish Traveller"),
            ("roma", "Roma"),
            ("other_white", "Any other White background"),
        ],
    ),
    (
        "mixed",
        "Mixed or Multiple ethnic groups",
        "Which one best describes your Mixed or Multiple ethnic groups background?",
        [
            ("white_black_caribbean", "White and Black Caribbean"),
            ("white_black_african", "White and Black African"),
            ("white_asian", "White and Asian"),
            ("other_mixed", "Any other Mixed or Multiple background"),
        ],
    ),
    (
        "asian",
        "Asian or Asian British",
        "Which one best describes your Asian or Asian British background?",
        [
            ("indian", "Indian"),
            ("pakistani", "Pakistani"),
            ("bangladeshi", "Bangladeshi"),
            ("chinese", "Chinese"),
            ("other_asian", "Any other Asian background"),
        ],
    ),
    (
        "black",
        "Black, Black British, Caribbean or African",
        "Which one best describes your Black, Black British, Caribbean or African background?",
        [
            ("caribbean", "Caribbean"),
            ("african", "African"),
            ("other_black", "Any other Black, Black British or Caribbean background"),
        ],
    ),
    (
        "other",
        "Other ethnic group",
        "Which one best describes your ethnic group or background?",
        [
            ("arab", "Arab"),
            ("other_ethnic_group", "Any other ethnic group"),
        ],
    ),
]


def equality_questions(prefix="eq"):
    """Pages (one question each) to append to a definition's "pages"; ids start with `prefix`_."""
    p = prefix
    questions = [
        _question(
            f"{p}_age",
            "What is your age?",
            [
                ("under_16", "Under 16"),
                ("16_24", "16 to 24"),
                ("25_34", "25 to 34"),
                ("35_44", "35 to 44"),
                ("45_54", "45 to 54"),
                ("55_64", "55 to 64"),
                ("65_74", "65 to 74"),
                ("75_84", "75 to 84"),
                ("85_over", "85 or over"),
            ],
        ),
        _question(
            f"{p}_sex",
            "What is your sex?",
            [("female", "Female"), ("male", "Male")],
            hint="A question about gender identity will follow.",
        ),
        _question(
            f"{p}_gender_identity",
            "Is the gender you identify with the same as your sex registered at birth?",
            [("yes", "Yes"), ("no", "No")],
            **_write_in("no", "Enter your gender identity (optional)"),
        ),
        _question(
            f"{p}_sexual_orientation",
            "Which of the following best describes your sexual orientation?",
            [
                ("straight", "Straight or Heterosexual"),
                ("gay_lesbian", "Gay or Lesbian"),
                ("bisexual", "Bisexual"),
                ("other", "All other sexual orientations"),
            ],
            **_write_in("other", "Enter your sexual orientation (optional)"),
        ),
        _question(
            f"{p}_ethnic_group",
            "What is your ethnic group?",
            [(value, label) for value, label, _text, _options in ETHNIC_GROUPS],
            hint="Choose one group, then you can say more about your background.",
        ),
    ]
    for group, _label, text, options in ETHNIC_GROUPS:
        other_value = options[-1][0]
        questions.append(
            _question(
                f"{p}_ethnic_{group}",
                text,
                options,
                show_if={"question": f"{p}_ethnic_group", "equals": group},
                **_write_in(other_value, "Describe your background (optional)"),
            )
        )
    questions += [
        _question(
            f"{p}_religion",
            "What is your religion?",
            [
                ("none", "No religion"),
                (
                    "christian",
                    "Christian (including Church of England, Catholic, "
                    "Protestant and all other Christian denominations)",
                ),
                ("buddhist", "Buddhist"),
                ("hindu", "Hindu"),
                ("jewish", "Jewish"),
                ("muslim", "Muslim"),
                ("sikh", "Sikh"),
                ("other", "Any other religion"),
            ],
            **_write_in("other", "Enter your religion (optional)"),
        ),
        _question(
            f"{p}_condition",
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?",
            [("yes", "Yes"), ("no", "No")],
        ),
        _question(
            f"{p}_condition_impact",
            "Do any of your conditions or illnesses reduce your ability to carry out day-to-day activities?",
            [("a_lot", "Yes, a lot"), ("a_little", "Yes, a little"), ("not_at_all", "Not at all")],
            show_if={"question": f"{p}_condition", "equals": "yes"},
        ),
        _question(
            f"{p}_unpaid_care",
            "Do you look after, or give any help or support to, anyone because they have "
            "long-term physical or mental health conditions or illnesses, or problems related to old age?",
            [
                ("no", "No"),
                ("9_or_less", "Yes, 9 hours a week or less"),
                ("10_19", "Yes, 10 to 19 hours a week"),
                ("20_34", "Yes, 20 to 34 hours a week"),
                ("35_49", "Yes, 35 to 49 hours a week"),
                ("50_more", "Yes, 50 or more hours a week"),
            ],
            hint="Do not count anything you do as part of your paid employment.",
        ),
        _question(
            f"{p}_main_language",
            "What is your main language?",
            [("english", "English"), ("other", "Other, including British Sign Language")],
            **_write_in("other", "Enter your main language (optional)"),
        ),
        _question(
            f"{p}_english_proficiency",
            "How well can you speak English?",
            [("very_well", "Very well"), ("well", "Well"), ("not_well", "Not well"), ("not_at_all", "Not at all")],
            context="speaking English",
            show_if={"question": f"{p}_main_language", "in": ["other"]},
        ),
    ]
    return [{"id": question["id"], "questions": [question]} for question in questions]
