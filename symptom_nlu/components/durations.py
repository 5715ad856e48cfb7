"""``symptom_nlu_durations``: how long something has been going on.

"for three weeks", "since March", "a couple of days ago": spaCy Matcher token patterns built
from the word lists in ``resources/en/durations.yml``.
"""

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from symptom_nlu.components.types import register_extensions
from symptom_nlu.lexicon import load_word_lists, word_set


def _word(values: list[str], op: str | None = None) -> dict:
    token: dict = {"LOWER": {"IN": values}}
    if op:
        token["OP"] = op
    return token


def duration_patterns(resources: str = "") -> list[list[dict]]:
    """spaCy Matcher token patterns for how long something has been going on."""
    words = load_word_lists("durations.yml", resources or None)

    def listed(key: str) -> list[str]:
        return [str(w).lower() for w in words.get(key) or []]

    hedges = _word(listed("hedge_words"), "*")
    lead = _word(["for", "over", "in", "within", "since", "during"], "?")
    link = _word(["-", "to", "or", "and", "/"], "?")
    unit = _word(listed("units"))
    since = _word(["since"])
    counts = _word(listed("count_words"), "+")
    since_targets = listed("months") + listed("days") + listed("events")
    return [
        # "for about three weeks", "2-3 months", "a couple of days", "the past 6 weeks"
        [lead, hedges, {"LIKE_NUM": True}, link, {"LIKE_NUM": True, "OP": "?"}, unit],
        [lead, hedges, counts, link, {"LIKE_NUM": True, "OP": "?"}, unit],
        [lead, hedges, {"LOWER": {"REGEX": words["abbreviated"]}}],
        # "a week or two", "a month and a half"
        [hedges, _word(["a", "one"]), unit, _word(["or", "and"]), _word(["two", "so", "a"]),
         _word(["half"], "?")],
        # "since March", "since last week", "ever since my surgery", "since 2019"
        [since, _word(["last", "this", "the", "my", "her", "early", "late", "mid"], "?"),
         _word(since_targets + listed("period_words"))],
        [since, _word(["the"], "?"), _word(["start", "beginning", "end", "middle"]),
         _word(["of"]), _word(["the", "my", "last", "this"], "?"),
         _word(since_targets + listed("period_words"))],
        [since, {"SHAPE": "dddd"}],
        [since, _word(["i", "she", "he"]), _word(["was"], "?"),
         _word(["diagnosed", "started", "finished", "had", "stopped"])],
        # "yesterday", "recently", "for ages", "for a while", "a long time"
        [_word(["yesterday", "recently", "lately", "overnight", "today", "tonight", "ages",
                "forever"])],
        [_word(["for"]), _word(["ages", "years", "months", "weeks", "days", "donkey's",
                                "donkeys", "yonks", "ever"])],
        [_word(["for"]), _word(["a", "some", "quite", "little"]),
         _word(["while", "time", "bit"]), _word(["now"], "?")],
        [_word(["quite", "a", "some"]), _word(["a"], "?"), _word(["while"])],
        [_word(["a"], "?"), _word(["long", "little", "short"]), _word(["time", "while"])],
        # "last week", "this morning", "the other day", "the week before last"
        [_word(["last", "this", "past"]), _word(listed("period_words") + listed("days"))],
        [_word(["the"]), _word(["other"]), _word(["day", "week", "night"])],
        [_word(["the"], "?"), _word(["day", "week", "month", "year"]), _word(["before"]),
         _word(["last", "yesterday"])],
        [_word(["been"]), _word(listed("plural_units"))],
        # ("on and off" says how often, not since when: it is not a duration)
        [_word(["in", "since", "from"]), _word(listed("months"))],
        # "three weeks ago", "a month back"
        [{"LIKE_NUM": True}, unit, _word(["ago", "back", "now"])],
        [counts, unit, _word(["ago", "back", "now"])],
    ]  # fmt: skip


class DurationFinder:
    """Finds how long something has been going on, with spaCy Matcher token patterns."""

    def __init__(self, nlp: Language, name: str, resources: str = "") -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab, validate=False)
        self.matcher.add("DURATION", duration_patterns(resources))
        words = load_word_lists("durations.yml", resources or None)
        self.not_after = word_set(words.get("not_a_duration_after"), "not_a_duration_after")
        self.filler_only = word_set(words.get("filler_only"), "filler_only")

    def __call__(self, doc: Doc) -> Doc:
        spans = spacy.util.filter_spans(
            [
                doc[s:e]
                for _, s, e in self.matcher(doc)
                if not all(t.lower_ in self.filler_only for t in doc[s:e])
                and not (e < len(doc) and doc[e].lower_ in self.not_after)
            ]
        )
        doc._.durations = [(span.start, span.end) for span in spans]
        return doc


@Language.factory("symptom_nlu_durations", default_config={"resources": ""})
def make_durations(nlp: Language, name: str, resources: str) -> DurationFinder:
    register_extensions()
    return DurationFinder(nlp, name, resources)
