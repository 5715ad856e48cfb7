"""The symptom understanding pipeline: a blank English spaCy pipeline, in order:

``lemmatizer`` (lookup mode)       loads the lemma table from spacy-lookups-data
``symptom_nlu_normalizer``         token.norm_ = lower-cased lemma, contractions spelled out,
                                   possessives unified, typos corrected to lexicon words
``symptom_nlu_clauses``            clause ids for finding-location pairing and for negation
``symptom_nlu_matcher``            lexicon terms + finding x location pairs => mentions
``symptom_nlu_guards``             everyday causes that explain symptom-like words
                                   ("sore after the gym"): those mentions are dropped
``symptom_nlu_negation``           NegEx-style scope: marks mentions negated
``symptom_nlu_context``            ConText-style scopes: each mention's role (other_person,
                                   hypothetical, negated, past, or None = present)
``symptom_nlu_durations``          "for three weeks", "since March" ...
``symptom_nlu_sides``              left / right next to a symptom

One module per component in ``symptom_nlu/components/``; their words are data in
``symptom_nlu/resources/en/*.yml``. Results live on ``Doc._`` extensions
(``symptom_nlu.components.types``); ``symptom_nlu.extract`` turns them into dataclasses.
"""

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer

import symptom_nlu.components  # noqa: F401 - registers the component factories
from symptom_nlu.components.matcher import SymptomMatcher
from symptom_nlu.components.negation import NegationScope
from symptom_nlu.components.normalizer import (
    SymptomNormalizer,
    TypoCorrector,
    damerau_levenshtein,
)
from symptom_nlu.components.types import ClassSpan, Cue, Mention, register_extensions


def build_pipeline(resources: str = "", correct_typos: bool = True) -> Language:
    """A blank English pipeline with our components, initialised (takes ~1 s)."""
    register_extensions()
    nlp = spacy.blank("en")
    _split_capitalised_contractions(nlp)
    _split_the_pronoun_from_its_stop(nlp)
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.add_pipe(
        "symptom_nlu_normalizer",
        config={"resources": resources, "correct_typos": correct_typos},
    )
    nlp.add_pipe("symptom_nlu_clauses", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_matcher", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_guards", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_negation", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_context", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_durations", config={"resources": resources})
    nlp.add_pipe("symptom_nlu_sides", config={"resources": resources})
    nlp.initialize()
    return nlp


def _split_capitalised_contractions(nlp: Language) -> None:
    """spaCy's tokenizer exceptions are case-sensitive: it splits "cant" and "Cant" into
    "ca" + "nt" but leaves "CANT" whole, so a message written in capitals ("I CANT GET MY
    BREATH") loses every contraction written without an apostrophe. Each lower-case
    exception gets its upper-case twin, split the same way."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    rules = tokenizer.rules or {}
    for text, pieces in list(rules.items()):
        upper = text.upper()
        if text != text.lower() or upper == text or upper in rules:
            continue
        tokenizer.add_special_case(
            upper,
            [
                {ORTH: piece[ORTH].upper(), NORM: piece.get(NORM, piece[ORTH].lower())}
                for piece in pieces
            ],
        )


def _split_the_pronoun_from_its_stop(nlp: Language) -> None:
    """spaCy keeps "I." whole, as the initial of a name; in these messages it is the writer
    ending a sentence ("... and so have I."), and every phrase that ends in "I" must see it."""
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)
    for pronoun in ("I", "i"):
        tokenizer.add_special_case(f"{pronoun}.", [{ORTH: pronoun}, {ORTH: "."}])


__all__ = [
    "ClassSpan",
    "Cue",
    "Mention",
    "NegationScope",
    "SymptomMatcher",
    "SymptomNormalizer",
    "TypoCorrector",
    "build_pipeline",
    "damerau_levenshtein",
    "register_extensions",
]
