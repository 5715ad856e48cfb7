"""The spaCy components of symptom_nlu, one module each (see symptom_nlu.pipeline).

Importing this package registers every factory with spaCy.
"""

from symptom_nlu.components import (  # noqa: F401 - imported for their factories
    clauses,
    context,
    durations,
    guards,
    matcher,
    negation,
    normalizer,
    sides,
)
