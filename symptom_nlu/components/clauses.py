"""``symptom_nlu_clauses``: clause ids per token (pairing, negation scope) and sentence ids.

The words that break clauses are data in ``resources/en/negation.yml`` (clause_breaks,
terminators, sentence_ends, coordinators, clause_openers).
"""

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token

from symptom_nlu.components.types import phrase_docs, register_extensions
from symptom_nlu.lexicon import expand_phrases, load_negation


def first_words(nlp: Language, phrases: Iterable[str]) -> frozenset[str]:
    """The lower-case first word of each phrase (a clause opener's first word)."""
    words = set()
    for phrase in phrases:
        doc = nlp.make_doc(phrase)
        if len(doc):
            words.add(doc[0].lower_.replace("’", "'"))
    return frozenset(words)


class ClauseSegmenter:
    """Clause ids per token: one set for finding-location pairing, one for negation scope.

    Both break at sentence ends and clause breaks ("but", "however", ";"), and at "and"/","
    followed by a personal subject or possessive ("no headache and I have a lump"). Negation
    scope also ends at terminators ("yes", "still") and at other clause openers ("it").
    """

    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        cues = load_negation(resources or None)
        self.sentence_ends = cues.sentence_ends
        self.coordinators = cues.coordinators
        self.personal = first_words(nlp, cues.personal_openers)
        self.other = first_words(nlp, cues.other_openers)
        self.breaks = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.breaks.add("BREAK", phrase_docs(nlp, expand_phrases(cues.clause_breaks), None))
        self.breaks.add("TERM", phrase_docs(nlp, expand_phrases(cues.terminators), None))
        self._break_id = nlp.vocab.strings["BREAK"]

    def is_sentence_end(self, token: Token) -> bool:
        if token.is_space:
            return "\n" in token.text
        return token.lower_ in self.sentence_ends or (
            token.is_punct and set(token.text) <= set(".!?…;")
        )

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        both_before = [False] * (n + 1)  # a clause starts at this token, for both ids
        scope_before = [False] * (n + 1)  # ... for the negation id only
        for match_id, start, _ in self.breaks(doc):
            if match_id == self._break_id:
                both_before[start] = True
            else:
                scope_before[start] = True
        sentence_before = [False] * (n + 1)
        for i, token in enumerate(doc):
            if self.is_sentence_end(token):
                both_before[i + 1] = True
                sentence_before[i + 1] = True
            lower = token.lower_
            if lower in self.coordinators and i + 1 < n:
                following = doc[i + 1].lower_.replace("’", "'")
                if following in self.personal:
                    both_before[i] = True
                elif following in self.other:
                    scope_before[i] = True
        pair_ids, scope_ids = [], []
        pair_id = scope_id = 0
        for i in range(n):
            if i and both_before[i]:
                pair_id += 1
                scope_id += 1
            elif i and scope_before[i]:
                scope_id += 1
            pair_ids.append(pair_id)
            scope_ids.append(scope_id)
        sentence_ids, sentence_id = [], 0
        for i in range(n):
            if i and sentence_before[i]:
                sentence_id += 1
            sentence_ids.append(sentence_id)
        doc._.pair_clause = pair_ids
        doc._.scope_clause = scope_ids
        doc._.sentence = sentence_ids
        return doc


@Language.factory("symptom_nlu_clauses", default_config={"resources": ""})
def make_clauses(nlp: Language, name: str, resources: str) -> ClauseSegmenter:
    register_extensions()
    return ClauseSegmenter(nlp, name, resources)
