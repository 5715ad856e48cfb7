"""Symptom understanding for the metastasis symptom checker.

A blank-English spaCy pipeline (lookup lemmas, typo-tolerant lexicon matching, NegEx-style
negation scope) whose wordings live in ``resources/en/*.yml``, and a Rasa NLU component
(``symptom_nlu.rasa_component.SymptomEntityExtractor``) that gives Rasa its entities.
Nothing heavy happens at import time: the pipeline is built by ``get_extractor()``.
"""

from symptom_nlu.extract import Extraction, SymptomExtractor, SymptomMention, get_extractor

__all__ = [
    "Extraction",
    "SymptomExtractor",
    "SymptomMention",
    "get_extractor",
]
