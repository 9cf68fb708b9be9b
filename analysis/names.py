"""Find people's names in free text with rules and word lists (used by :mod:`analysis.redact`).

A name is a run of capitalised words that follows a title (Dr, Mrs, Nurse...) or a cue (my manager,
thanks to, ask for, my son...), or that holds a listed given name or surname; the whole run is taken
("Jane Doe", not just "Jane"). Trafford's places, services, months, medicines and the like never
count, and a run followed by a street or building word ("Victoria Court") is a place.

Why not a named-entity model: spaCy's and Presidio's English models are published by their makers
outside PyPI (only third-party re-uploads are there) and cannot be fetched at run time here, and the
analysis package keeps to nltk, scikit-learn, pandas and numpy. These rules are measured on a
labelled set of answers (tests/analysis/data/redaction_labelled.jsonl; figures in analysis/README.md).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib.resources import files

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

TITLES = frozenset({
    "dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "nurse", "sister", "matron",
    "sr", "cllr", "councillor", "rev", "reverend", "imam", "father", "fr", "sir", "dame",
})
# Words just before a name, in lower case ("my manager Jane Doe", "thanks to Piotr").
CUE_WORDS = frozenset("""
    manager nurse doctor gp consultant midwife physio physiotherapist therapist carer receptionist surgeon
    colleague supervisor worker visitor pharmacist paramedic sister son daughter husband wife mum mam mom
    mother dad father brother friend neighbour neighbor partner aunt auntie uncle nan nana gran grandma
    grandad granddad grandpa grandmother grandfather grandson granddaughter nephew niece cousin boss leader
    matron officer adviser advisor coordinator co-ordinator volunteer practitioner assistant secretary
    dentist optician specialist registrar cleaner porter chaplain imam councillor teacher lead director
    administrator clinician psychiatrist psychologist counsellor boyfriend girlfriend fiance fiancé
    stepson stepdaughter grandchild twin sister-in-law brother-in-law mother-in-law father-in-law
    son-in-law daughter-in-law granny grandpa called named thank thanks tell ask contact call ring phone
    email text met meet
""".split())
# Role words, for "Deepak Sharma (practice manager)", "my carer is Joyce" and "Physio Tobias".
ROLE_WORDS = CUE_WORDS - {"called", "named", "thank", "thanks", "tell", "ask", "contact", "call", "ring",
                          "phone", "email", "text", "met", "meet"}
# Capitalised at the start of a run, these are not a cue: "Mother Nature", "Sister Act".
RELATIVES = frozenset("""
    son daughter husband wife mum mam mom mother dad father brother sister friend neighbour neighbor partner
    aunt auntie uncle nan nana gran granny grandma grandpa grandad granddad grandmother grandfather grandson
    granddaughter nephew niece cousin boyfriend girlfriend twin
""".split())
# Weak cues: "I am Jakub" but also "I am Female"; an unlisted single word after them is not taken.
WEAK_CUE_PAIRS = frozenset({("i", "am"), ("this", "is")})
# Two-word cues: "spoke to", "ask for", "my name is", "I am".
CUE_PAIRS = frozenset({
    ("thanks", "to"), ("you", "to"), ("spoke", "to"), ("speak", "to"), ("talk", "to"), ("talked", "to"),
    ("spoke", "with"), ("ask", "for"), ("asked", "for"), ("name", "is"), ("i", "am"), ("this", "is"),
    ("thank", "you"), ("write", "to"), ("wrote", "to"), ("seen", "by"), ("run", "by"), ("led", "by"),
    ("treated", "by"), ("helped", "by"), ("supported", "by"), ("visited", "by"), ("examined", "by"),
    ("assessed", "by"), ("told", "by"), ("looked", "after"),
})
# After a name: "Bronwen on the front desk", "Hamid Karzai at the mosque".
_AT_A_SERVICE = re.compile(
    r"\s+(?:from|at|on|in)\s+(?:the\s+)?(?:\w+\s+)?(?:council|surgery|hub|practice|mosque|church|temple|gurdwara|"
    r"pharmacy|chemist|hospital|clinic|centre|center|team|desk|reception|ward|phones?|library|group|charity|"
    r"office|unit|home|service|agency|school|caf[eé]|drop-in|food ?bank|helpline|switchboard|nursery|trust)\b")
# "Mrs Begum the receptionist", "Deepak Sharma (practice manager)"; not "Activities coordinator".
_ROLE_AFTER = re.compile(r"(?:\s*[,(]\s*(?:(?:the|our|my|his|her|their)\s+)?|\s+(?:the|our|my|his|her|their)\s+)"
                         r"(?:[a-z]+\s+)?(?P<role>[a-z-]+)\b")
# Capitalised words that open a run but are cues themselves: "Thanks Dave", "Ask Yusuf".
LEADING_CUES = frozenset({"thanks", "thank", "ask", "call", "ring", "phone", "contact", "email", "text",
                          "dear", "hi", "hello", "cheers", "i'm"})
# A run followed by one of these is a street or a building, not a person ("Victoria Court").
PLACE_TYPES = frozenset("""
    road rd street st avenue ave lane close drive way crescent grove place terrace court gardens walk
    square mews row parade rise view hill park green vale fold brow meadow meadows chase croft bank
    house lodge mansions apartments hall hospital hospice surgery centre center clinic practice school
    academy college library church mosque hub ward unit station infirmary pharmacy chemist health
    medical trust foundation curie estate service services team department island islands county course
    blvd boulevard
""".split())
# A listed name after these is a place or a day: "St Mary's", "San Juan", "Christmas Eve".
NOT_BEFORE_A_NAME = frozenset({"st", "saint", "san", "santa", "santo", "sao", "christmas", "year"})
PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "van", "von", "de", "da", "du", "der", "den", "la",
                       "le", "di", "ul", "ud"})
FUNCTION_WORDS = ENGLISH_STOP_WORDS - PARTICLES  # "Thank You", "In his last days"
SURNAME_SHAPE = re.compile(r"(?:O['’]|Mc|Mac|Al-|El-|Abu-?)[A-Z]\w")
_AND = re.compile(r"\s+(?:and|&)\s+")
_AND_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’-]*)\s*(?:\band|&)\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*")
_SENTENCE_END = tuple(".!?:;\"'()\n•*-–")
MAX_NAME_WORDS = 4


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Lower case without accents, so "Wiśniewska" and "Wisniewska" look the same."""
    word = word.casefold().replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _bare(word: str) -> str:
    """``word`` without a possessive ending."""
    return word[:-2] if word.endswith(("'s", "’s")) else word


@cache
def word_list(name: str) -> frozenset[str]:
    """A bundled list from ``analysis/data/<name>.txt``, folded (see :func:`_fold`)."""
    text = files("analysis").joinpath(f"data/{name}.txt").read_text(encoding="utf-8")
    words = {_fold(w) for line in text.splitlines() if not line.startswith("#") for w in line.split()}
    if name == "surnames":  # Polish surnames: Kowalski, Kowalska
        words |= {w[:-1] + "a" for w in words if w.endswith(("ski", "cki", "dzki"))}
    return frozenset(words)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") else word


def _is_capitalised(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word.isupper()) and word not in ("I", "A")


class _Text:
    """The words of one text, with what the rules need to know about each."""

    def __init__(self, text: str):
        self.text = text
        self.words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        self.caps = [_is_capitalised(word) for _, _, word in self.words]

    def folded(self, i: int) -> str:
        return _fold(_bare(self.words[i][2]))

    def capitalised(self, i: int) -> bool:
        return self.caps[i]

    def joined(self, i: int) -> bool:
        """True when word ``i`` follows word ``i - 1`` with only a space (or an initial's full stop)."""
        gap = self.text[self.words[i - 1][1]:self.words[i][0]]
        if gap.strip() == ".":  # "J. Smith", "Dr. Raza"
            previous = self.words[i - 1][2]
            return gap.startswith(".") and (len(previous) == 1 or previous.casefold() in TITLES)
        return gap != "" and gap.strip() == ""

    def sentence_initial(self, i: int) -> bool:
        gap = self.text[self.words[i - 1][1] if i else 0:self.words[i][0]].rstrip()
        if gap:
            return gap.endswith(_SENTENCE_END)
        return i == 0  # a word straight after another (or after a number) is inside a sentence

    def cued(self, i: int) -> bool:
        """True when a cue comes right before word ``i`` (spaces or one comma between)."""
        if i == 0 or self.text[self.words[i - 1][1]:self.words[i][0]].strip() not in ("", ","):
            return False
        previous = self.words[i - 1][2].casefold()
        if previous in CUE_WORDS or _singular(previous) in ROLE_WORDS or previous == "i'm":
            return True
        if i < 2 or not self.joined(i - 1):
            return False
        before = self.words[i - 2][2].casefold()
        return (before, previous) in CUE_PAIRS or (previous in ("is", "are", "was", "were")
                                                   and _singular(before) in ROLE_WORDS)

    def weakly_cued(self, i: int) -> bool:
        pair = tuple(self.words[j][2].casefold() for j in (i - 2, i - 1)) if i >= 2 else ()
        return pair in WEAK_CUE_PAIRS or (i >= 1 and self.words[i - 1][2].casefold() == "i'm")

    def followed_by_role_or_service(self, last: int) -> bool:
        """True when word ``last`` is followed by a role ("(practice manager)") or a service ("at the hub")."""
        end = self.words[last][1]
        if _AT_A_SERVICE.match(self.text, end):
            return True
        role = _ROLE_AFTER.match(self.text, end)
        return bool(role) and role.group("role") in ROLE_WORDS


def find_names(text: str, extra_names=()) -> list[tuple[int, int]]:
    """Character spans of the people's names in ``text``, titles included ("Dr Patel")."""
    words = _Text(text)
    spans: list[tuple[int, int]] = []
    for run in _runs(words):
        # "Dilnoza and Farrukh": a run joined to the name just found by "and" is a name too.
        after_name = any(_AND.fullmatch(text, end, words.words[run[0]][0]) for _, end in spans[-1:])
        spans += _names_in_run(words, run, after_name)
    spans += _before_and(words, spans)
    spans += _lowercase_names(words)
    for name in extra_names:
        spans += [m.span() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE)]
    return spans


def _runs(words: _Text):
    """Runs of capitalised words (with name particles such as "al" or "van" inside)."""
    run: list[int] = []
    for i, (_, _, word) in enumerate(words.words):
        capitalised = words.capitalised(i)
        particle = word in PARTICLES and run and i + 1 < len(words.words) and words.capitalised(i + 1)
        if (capitalised or particle) and run and words.joined(i):
            run.append(i)
        else:
            if run:
                yield run
            run = [i] if capitalised else []
    if run:
        yield run


def _names_in_run(words: _Text, run: list[int], after_name=False):
    """The names in one run of capitalised words: after a title, after a cue, or around a listed name."""
    cued = after_name or words.cued(run[0])
    while run and (words.folded(run[0]) in LEADING_CUES or words.folded(run[0]) in ROLE_WORDS - RELATIVES - TITLES):
        run, cued = run[1:], True
    if not run:
        return
    if (len(run) > 1 or not words.sentence_initial(run[0])) and words.followed_by_role_or_service(run[-1]):
        cued = True
    title = next((p for p, i in enumerate(run[:-1]) if words.folded(i) in TITLES), None)
    if title is not None:
        if title > 0:
            yield from _names_in_run(words, run[:title])
        yield from _after_title(words, run[title:])
        return
    if cued and len(run) == 1 and (len(words.words[run[0]][2]) == 1 or words.weakly_cued(run[0])):
        cued = False  # "Thank you F22", "I am Female"
    if cued and _may_be_name(words, run[0]):
        end = _extend_right(words, run, 0)
        if not _is_place(words, run, end):
            yield _span(words, run[0], run[end])
        return
    position = 0
    while position < len(run):
        if _is_listed(words, run[position]):
            start = _extend_left(words, run, position)
            end = _extend_right(words, run, position)
            if not _is_place(words, run, end) and not _after_prefix(words, run, start):
                yield _span(words, run[start], run[end])
            position = end
        position += 1


def _after_title(words: _Text, run: list[int]):
    title, name = run[0], run[1:]
    if words.folded(name[0]) in word_list("not_names"):
        return
    end = _extend_right(words, name, 0)
    yield _span(words, title, name[end])


def _never_a_name(folded: str) -> bool:
    return (folded in word_list("not_names") or folded in word_list("places") or folded in TITLES
            or folded in FUNCTION_WORDS)


def _may_be_name(words: _Text, i: int) -> bool:
    return not _never_a_name(words.folded(i))


def _is_listed(words: _Text, i: int) -> bool:
    if not _may_be_name(words, i):
        return False
    folded = words.folded(i)
    return (folded in word_list("given_names") or folded in word_list("surnames")
            or bool(SURNAME_SHAPE.match(words.words[i][2])))


def _extend_right(words: _Text, run: list[int], position: int) -> int:
    end = position
    while (end + 1 < len(run) and end - position + 1 < MAX_NAME_WORDS
           and _may_be_name(words, run[end + 1]) and words.folded(run[end + 1]) not in PLACE_TYPES
           and not words.words[run[end]][2].endswith(("'s", "’s"))):
        end += 1
    return end


def _extend_left(words: _Text, run: list[int], position: int) -> int:
    start = position
    while start > 0 and position - start + 1 < MAX_NAME_WORDS:
        i = run[start - 1]
        initial = len(words.words[i][2]) == 1
        plain = not words.sentence_initial(i) and _may_be_name(words, i)
        if not (initial or plain or _is_listed(words, i)):
            break
        start -= 1
    return start


def _is_place(words: _Text, run: list[int], end: int) -> bool:
    """True when the name would end before a street, building or ward ("Victoria Court", "Thornton ward")."""
    last = run[end]
    if end + 1 < len(run):
        return words.folded(run[end + 1]) in PLACE_TYPES
    possessive = words.words[last][2].endswith(("'s", "’s"))
    if not possessive and re.match(r" \d", words.text[words.words[last][1]:]):
        return True  # a ward or a unit: "Harvey 1", "Edward 2"
    following = last + 1 < len(words.words) and words.joined(last + 1) and words.folded(last + 1)
    return not possessive and following in PLACE_TYPES


def _after_prefix(words: _Text, run: list[int], start: int) -> bool:
    return start > 0 and words.folded(run[start - 1]).rstrip(".") in NOT_BEFORE_A_NAME


def _span(words: _Text, first: int, last: int) -> tuple[int, int]:
    start, end, word = words.words[first][0], words.words[last][1], words.words[last][2]
    return start, end - (len(word) - len(_bare(word)))


def _before_and(words: _Text, spans: list[tuple[int, int]]):
    """A single capitalised word joined by "and" to a name found after it ("Senait and Yonas")."""
    for start, end in list(spans):
        first = _WORD.match(words.text, start, end)
        if not first or _fold(_bare(first.group())) not in word_list("given_names"):
            continue  # only before a listed given name: not "Costco and Trader Joe's"
        match = _AND_BEFORE.search(words.text, max(0, start - 80), start)
        if not match or any(s <= match.start() < e for s, e in spans):
            continue
        word = match.group(1)
        folded = _fold(_bare(word))
        ordinary = _never_a_name(folded) or folded in PLACE_TYPES or _singular(folded) in CUE_WORDS
        if _is_capitalised(word) and len(word) > 1 and not ordinary:
            yield match.start(1), match.start(1) + len(_bare(word))


def _lowercase_names(words: _Text):
    """Given names typed in lower case straight after a cue ("thank kerry on reception")."""
    given = word_list("given_names")
    for i, (start, end, word) in enumerate(words.words):
        if not words.caps[i] and word in given and len(word) > 2 and word.islower() and words.cued(i):
            yield start, end
