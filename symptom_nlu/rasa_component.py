"""Rasa NLU graph component: symptom, duration and side entities from our spaCy pipeline.

In config.yml it runs after DIETClassifier and EntitySynonymMapper and before
FallbackClassifier::

    - name: symptom_nlu.rasa_component.SymptomEntityExtractor

DIET classifies intents only (``entity_recognition: false``): this component is the one
source of ``symptom`` entities (docs/design.md, "Understanding"):

1. every lexicon mention becomes a ``symptom`` entity; its role says why it is not present
   (``negated``, ``past``, ``other_person``, ``hypothetical``: symptom_nlu_context), and a
   present symptom has no role;
2. a ``symptom`` entity from any other extractor is not passed on (there is none today;
   should DIET tag entities again, reconcile them here rather than trust them blindly);
3. in a disease question or small talk with no personal report ("what is a
   micrometastasis?", "can it cause bone pain?") no symptom entity is returned; a message
   that is neither put as a question nor a request is a report, pronoun or not ("nose
   pouring blood for 40 mins"), whatever intent DIET gave it;
4. in a request to delete one's data ("erase what I told you about the lump") or a question
   about it ("do you keep my symptoms?") no symptom entity is returned: it is about the data,
   not a report;
5. a message in another language ("j'ai une boule dans le sein") that names no present
   symptom gets ``other_language_intent`` (``out_of_scope``, whose answer says the assistant
   reads English only) and no symptom entity (symptom_nlu/language.py).

Durations and sides are added unless another extractor found them. Every other entity is
left untouched.

When the component runs after FallbackClassifier, a message whose intent is ``nlu_fallback``
but which names a symptom in the lexicon's words is a symptom report: its intent becomes
``report_symptom`` (config ``fallback_intent`` / ``report_intent``; "" turns this off).
Likewise a message classified as small talk, a bare duration or a disease question ("hi,
I've found a lump", "it's been aching for three weeks", "I've been coughing up blood, is it
spreading?") that names a symptom the person HAS is a report (config ``promote_intents``):
the symptom questions and the assessment answer it, and a red flag is escalated. (A
question without a personal report carries no symptom, rule 3, so it stays a question; a
question whose symptoms are only asked about, "could it give me fits?", carries them with
the role ``hypothetical`` and stays a question too.)
Answers such as yes / no are never promoted: in the middle of the follow-up questions they
answer the question, and their symptoms are recorded anyway.
The other way round, a "report" in which neither DIET nor the lexicon finds any symptom
("blorp wuzzle", "what's the score?") is not one: its intent becomes ``nlu_fallback``, so
the person hears what the assistant can do instead of questions about nothing.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_ROLE,
    ENTITY_ATTRIBUTE_TYPE,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from symptom_checker.vocabulary import (
    CANCER_HISTORY_ENTITY,
    FEATURE_ENTITY,
    NEGATED_ROLE,
    SYMPTOM_ENTITY,
    TREATMENT_ENTITY,
    is_question_intent,
)
from symptom_nlu.entities import message_entities
from symptom_nlu.extract import SymptomExtractor, get_extractor
from symptom_nlu.features import (
    describes_a_body_problem,
    needs_safety_net,
    person_entities,
    says_all_is_well,
)
from symptom_nlu.language import load_language_check

logger = logging.getLogger(__name__)

SYMPTOM = SYMPTOM_ENTITY
NEGATED = NEGATED_ROLE

DEFAULT_DROP_INTENTS = [
    "ask_*", "greet", "goodbye", "thank", "bot_challenge", "help", "out_of_scope", "restart",
    "distress",
]  # fmt: skip
DEFAULT_IGNORE_INTENTS = ["delete_my_data", "privacy_question"]
DEFAULT_REPORT_CUES = [
    "i", "i'm", "im", "i've", "ive", "i'd", "me", "my", "mine", "myself", "she", "she's",
    "her", "he", "he's", "his", "him", "mum", "mom", "mother", "wife", "sister", "daughter",
    "friend",
]  # fmt: skip

DEFAULT_QUESTION_OPENERS = [
    "what", "what's", "whats", "how", "how's", "why", "where", "when", "which", "who",
    "can", "could", "does", "do", "is", "are", "will", "would", "should", "tell",
    "explain", "describe", "define", "list", "show", "info", "information", "meaning",
]  # fmt: skip

# Words of feeling: a "worry" reading needs one. Without any, a message that says how a
# symptom behaves ("it's much worse at night, it keeps waking me up") is a report, however
# much it sounds like sleepless nights to the intent model. A "*" ends a prefix.
DEFAULT_FEELING_CUES = [
    "scare*", "scary", "worr*", "fright*", "terrif*", "anxi*", "panic*", "petrified", "afraid",
    "fear*", "dread*", "nerv*", "stress*", "upset*", "cry*", "cried", "tears", "sad*",
    "depress*", "hopeless*", "helpless*", "overwhelm*", "cope", "coping", "alone", "lonely",
    "low", "down", "awful", "dark", "thinking", "think", "mind", "feel", "feeling", "freak*",
    "heart", "help", "please", "can't", "cannot", "die", "dying", "death", "dead", "awake",
    "sleepless*", "insomnia",
]  # fmt: skip

# Words of leave-taking (whole words, in order): a goodbye that says one stays a goodbye, even
# when a time word in it ("speak to you in the morning") reads as how a symptom presents.
DEFAULT_FAREWELL_CUES = [
    "bye", "goodbye", "goodnight", "good night", "night night", "nite", "farewell", "ttyl",
    "cya", "see you", "see ya", "speak to you", "talk to you", "speak tomorrow",
    "talk tomorrow", "catch you",
]  # fmt: skip

# A runner-up intent this likely replaces a "report" that names no symptom.
RUNNER_UP_MIN_CONFIDENCE = 0.05

DEFAULT_PROMOTE_INTENTS = [
    "greet", "thank", "help", "out_of_scope", "inform_duration", "ask_*",
    # history and a symptom in one message: the symptom is counted, a red flag escalated
    # (the history itself comes from the cancer_history entity, not from this intent)
    "inform_cancer_history",
]  # fmt: skip

# Words without which a message read as a privacy question or a request to delete one's data
# is not about data at all ("she doesn't know who I am and keeps asking for her mother" was
# read as a privacy question, and its confusion, a red flag, dropped).
DEFAULT_DATA_CUES = [
    "data", "delete", "deleted", "deleting", "erase", "erased", "wipe", "remove", "forget",
    "store", "stored", "stores", "storing", "save", "saved", "saves", "record", "records",
    "recorded", "privacy", "private", "confidential", "confidentiality", "gdpr",
    "information", "info", "details", "share", "shared", "sharing", "sell", "sold", "access",
    "chat", "chats", "conversation", "conversations", "messages", "history", "logs", "log",
    "kept", "keep", "anonymous", "secure", "safe", "cookies", "tracking", "track",
]  # fmt: skip
# First words of a greeting that goes on to say something the models did not place ("hi, my
# daughter told me to try this", "Dear Doctor, I write on behalf of my wife").
DEFAULT_GREETING_OPENERS = [
    "hi", "hello", "hey", "hiya", "heya", "hallo", "dear", "morning", "evening", "afternoon",
    "good morning", "good afternoon", "good evening", "greetings",
]  # fmt: skip
_WORDS = re.compile(r"[a-z]+(?:'[a-z]+)?")


class NamesOrPrefixes:
    """Intent names or words from the config: exact ones, or a prefix ending in "*" ("ask_*")."""

    def __init__(self, names: list[str]) -> None:
        stripped = [name.strip() for name in names]
        self.exact = frozenset(n for n in stripped if not n.endswith("*"))
        self.prefixes = tuple(n[:-1] for n in stripped if n.endswith("*"))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and (name in self.exact or name.startswith(self.prefixes))


def _message_words(text: str) -> list[str]:
    """A message's words as config words are compared: lower case, straight apostrophes."""
    return _WORDS.findall(text.lower().replace("’", "'"))


def _words(words: list[str]) -> frozenset[str]:
    """Config words as the message's words are compared: lower case, straight apostrophes."""
    return frozenset(word.lower().replace("’", "'") for word in words)


def _present(entities: list[dict[str, Any]], *kinds: str) -> bool:
    """Whether an entity of one of these kinds is the person's own and current (no role)."""
    return any(
        e.get(ENTITY_ATTRIBUTE_TYPE) in kinds and not e.get(ENTITY_ATTRIBUTE_ROLE)
        for e in entities
    )


def _choose_intent(
    message: Message,
    name: str,
    confidence: float = 1.0,
    ranking: list[dict[str, Any]] | None = None,
) -> None:
    """Makes `name` the message's intent, first in its ranking (`ranking`, or the message's
    own), the other readings after it."""
    chosen = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}
    if ranking is None:
        ranking = message.get(INTENT_RANKING_KEY) or []
    rest = [r for r in ranking if r.get(INTENT_NAME_KEY) != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *rest], add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SymptomEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Symptom, duration and side entities from the symptom_nlu spaCy pipeline."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The component's default config (see parent class for full docstring)."""
        return {
            # Intents (exact names, or a prefix ending in "*") in which symptom entities are
            # dropped unless the message also reports something personal.
            "drop_symptoms_in_intents": list(DEFAULT_DROP_INTENTS),
            # Intents (same form) in which symptom entities are always dropped.
            "ignore_symptoms_in_intents": list(DEFAULT_IGNORE_INTENTS),
            # Words that make a message a personal report ("my", "mum", "I've" ...).
            "report_cues": list(DEFAULT_REPORT_CUES),
            # First words that make a message without "?" a question or a request; any other
            # statement that names a symptom is a report, pronoun or not.
            "question_openers": list(DEFAULT_QUESTION_OPENERS),
            # Intents (same form) in which such a statement keeps its symptoms.
            "report_statements_in_intents": ["ask_*", "out_of_scope", "distress"],
            # A fallback message that clearly names a symptom is a report of it.
            "fallback_intent": "nlu_fallback",
            "report_intent": "report_symptom",
            # Intents (exact names, or a prefix ending in "*") that become a report when they
            # name a symptom the person has.
            "promote_intents": list(DEFAULT_PROMOTE_INTENTS),
            # Intents (same form) that need a word of feeling (`feeling_cues`): without one,
            # a message with a present symptom or feature is a report.
            "feeling_intents": ["worry"],
            "feeling_cues": list(DEFAULT_FEELING_CUES),
            # Small-talk intents (same form) that become a report when the statement says how
            # a symptom presents: "it's worse at night" is not "good night".
            "presentation_intents": ["goodbye", "greet", "thank"],
            # ... unless it takes leave in so many words (`farewell_cues`).
            "farewell_cues": list(DEFAULT_FAREWELL_CUES),
            # A report that names no symptom and takes leave is this intent; "" turns it off.
            "farewell_intent": "goodbye",
            # A message in another language that names no present symptom gets this intent
            # (whose answer says the assistant reads English only); "" turns this off.
            "other_language_intent": "out_of_scope",
            # Intents (same form) that mean "not understood": a message read so, naming no
            # symptom and no bodily problem, is still about the person when it tells their
            # treatment or cancer history ("on docetaxel, third cycle"): `history_intent`, or
            # opens with a greeting (`greeting_openers`): `greeting_intent`. "" turns each off.
            "not_understood_intents": ["nlu_fallback", "out_of_scope"],
            "history_intent": "inform_cancer_history",
            "greeting_intent": "greet",
            "greeting_openers": list(DEFAULT_GREETING_OPENERS),
            # `ignore_symptoms_in_intents` drops symptoms only in a message with one of these
            # words; otherwise a present symptom makes it a report.
            "data_cues": list(DEFAULT_DATA_CUES),
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Raises InvalidConfigException when a setting has the wrong shape."""
        for key in (
            "drop_symptoms_in_intents",
            "ignore_symptoms_in_intents",
            "report_cues",
            "question_openers",
            "report_statements_in_intents",
            "promote_intents",
            "feeling_intents",
            "feeling_cues",
            "presentation_intents",
            "farewell_cues",
            "not_understood_intents",
            "greeting_openers",
            "data_cues",
        ):
            value = config.get(key)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InvalidConfigException(
                    f"{cls.__name__}: '{key}' must be a list of strings, got {value!r}."
                )
        for key in (
            "fallback_intent",
            "report_intent",
            "other_language_intent",
            "farewell_intent",
            "history_intent",
            "greeting_intent",
        ):
            if not isinstance(config.get(key), str):
                raise InvalidConfigException(
                    f"{cls.__name__}: '{key}' must be a string, got {config.get(key)!r}."
                )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SymptomEntityExtractor:
        """Creates the component and loads the spaCy pipeline (once per process)."""
        return cls({**cls.get_default_config(), **config})

    def __init__(self, config: dict[str, Any], extractor: SymptomExtractor | None = None) -> None:
        self.validate_config(config)
        self._config = config
        self._drop = NamesOrPrefixes(config["drop_symptoms_in_intents"])
        self._ignore = NamesOrPrefixes(config["ignore_symptoms_in_intents"])
        self._statements = NamesOrPrefixes(config["report_statements_in_intents"])
        self._promote = NamesOrPrefixes(config["promote_intents"])
        self._report_cues = _words(config["report_cues"])
        self._feeling = NamesOrPrefixes(config["feeling_intents"])
        self._feeling_cues = NamesOrPrefixes(list(_words(config["feeling_cues"])))
        self._presentation = NamesOrPrefixes(config["presentation_intents"])
        self._farewell_intent = config["farewell_intent"]
        self._farewells = tuple(tuple(cue.split()) for cue in _words(config["farewell_cues"]))
        self._question_openers = _words(config["question_openers"])
        self._fallback_intent = config["fallback_intent"]
        self._report_intent = config["report_intent"]
        self._other_language_intent = config["other_language_intent"]
        self._data_cues = _words(config["data_cues"])
        self._not_understood = NamesOrPrefixes(config["not_understood_intents"])
        self._history_intent = config["history_intent"]
        self._greeting_intent = config["greeting_intent"]
        self._greeting_openers = tuple(
            tuple(cue.split()) for cue in _words(config["greeting_openers"])
        )
        # read with the rest of the pipeline, not on the first person's first message
        self._language = load_language_check() if self._other_language_intent else None
        self._extractor = extractor or get_extractor()

    @property
    def symptom_ids(self) -> frozenset[str]:
        return self._extractor.symptom_ids

    # -- Rasa hooks ----------------------------------------------------------------------

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to learn or annotate: the lexicon is data, not trained."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Reconciles each message's entities with the lexicon (see module docstring)."""
        for message in messages:
            text = message.get(TEXT)
            if not isinstance(text, str) or not text.strip():
                continue
            entities = self.reconcile(text, message.get(ENTITIES) or [], message.get(INTENT))
            message.set(ENTITIES, entities, add_to_output=True)
            self._promote_fallback(message, entities)
            self._report_without_feeling(message, entities, text)
            self._report_how_it_presents(message, entities)
            self._route_to_safety_net(message, entities, text)
            self._demote_empty_report(message, entities)
            self._route_told_about_oneself(message, entities, text)
            self._route_well_statement(message, text)
            self._route_other_language(message, entities, text)
        return messages

    def _route_well_statement(self, message: Message, text: str) -> None:
        """A statement that something is well ("she says she feels fine in herself and just
        wants to go to bed") is no disease question, whatever the intent model read: it asks
        nothing, names no symptom the person has, and gets the fallback, whose answer takes
        it kindly (session 33: it had been answered about micrometastases)."""
        if not self._fallback_intent or not self._asks_in_general(message.get(INTENT)):
            return
        # (a message that names a symptom the person has was made a report before this)
        if not self.asks(text, _message_words(text)) and says_all_is_well(text):
            _choose_intent(message, self._fallback_intent)

    def _route_told_about_oneself(
        self, message: Message, entities: list[dict[str, Any]], text: str
    ) -> None:
        """A message read as not understood that names no symptom and no bodily problem, but
        tells the person's treatment or cancer history ("on docetaxel, third cycle", "I have
        bone mets in my spine"), is taken as the history told; one that opens with a greeting
        ("hi, my daughter told me to try this") as a greeting; one that says something is well
        ("I walk fine") as the fallback, whose answer takes it kindly. None is answered with
        only "I didn't understand"."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        words = _message_words(text)
        # a privacy question without a word about data is a misreading too ("This is Dave,
        # writing for Sue who has secondary breast cancer")
        misread = name in self._ignore and not self._about_data(words)
        if not name or not (name in self._not_understood or misread):
            return
        # a denial alone ("my waterworks are fine") is no report: it goes on to the routes
        if any(
            e.get(ENTITY_ATTRIBUTE_TYPE) == SYMPTOM and e.get(ENTITY_ATTRIBUTE_ROLE) != NEGATED
            for e in entities
        ):
            return
        if describes_a_body_problem(text):
            return  # the safety net's advice comes first
        told = any(
            (e.get(ENTITY_ATTRIBUTE_TYPE) == TREATMENT_ENTITY and not e.get(ENTITY_ATTRIBUTE_ROLE))
            or (
                e.get(ENTITY_ATTRIBUTE_TYPE) == CANCER_HISTORY_ENTITY
                and e.get(ENTITY_ATTRIBUTE_ROLE) in (None, NEGATED)
            )
            for e in entities
        )
        if told and self._history_intent:
            _choose_intent(message, self._history_intent)
            return
        if self._greeting_intent and any(
            tuple(words[: len(cue)]) == cue for cue in self._greeting_openers
        ):
            _choose_intent(message, self._greeting_intent)
        elif self._fallback_intent and says_all_is_well(text):
            # "I walk fine", "her legs seem ok": the fallback's answer takes it kindly
            _choose_intent(message, self._fallback_intent)

    def _route_other_language(
        self, message: Message, entities: list[dict[str, Any]], text: str
    ) -> None:
        """A message in another language ("tengo un bulto en el pecho") is not read as English
        words: unless a present symptom was still recognised (a red flag is never dropped), it
        gets `other_language_intent` and no symptom entity."""
        if self._language is None:
            return
        if _present(entities, SYMPTOM) or self._language.is_english(text):
            return
        kept = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) != SYMPTOM]
        message.set(ENTITIES, kept, add_to_output=True)
        _choose_intent(message, self._other_language_intent)

    def _promote_fallback(self, message: Message, entities: list[dict[str, Any]]) -> None:
        intent = message.get(INTENT) or {}
        name = intent.get(INTENT_NAME_KEY)
        if not self._report_intent:
            return
        ours = [
            e
            for e in entities
            if e.get(ENTITY_ATTRIBUTE_TYPE) == SYMPTOM and e.get(EXTRACTOR) == self.name
        ]
        # past, someone else's and hypothetical mentions never make a report
        current = [e for e in ours if e.get(ENTITY_ATTRIBUTE_ROLE) in (None, NEGATED)]
        if name == self._fallback_intent:
            if not current:
                return
        elif name and (name in self._promote or name in self._ignore):
            # (in a privacy or deletion intent, symptoms are only still here when the message
            # says nothing about data: drops_symptoms)
            if not any(e.get(ENTITY_ATTRIBUTE_ROLE) is None for e in current):
                return
        else:
            return
        _choose_intent(message, self._report_intent)

    def _demote_empty_report(self, message: Message, entities: list[dict[str, Any]]) -> None:
        """A report naming no symptom, nor how one presents, takes the next-ranked intent, or
        becomes a fallback.

        "What would I notice in my body if it had spread?" looks like a report to DIET; its
        runner-up (a disease question) is the better reading when it has real support.
        """
        intent = message.get(INTENT) or {}
        if not self._report_intent or not self._fallback_intent:
            return
        if intent.get(INTENT_NAME_KEY) != self._report_intent:
            return
        if any(e.get(ENTITY_ATTRIBUTE_TYPE) == SYMPTOM for e in entities):
            return
        if self._farewell_intent and self._takes_leave(message.get(TEXT) or ""):
            # "night night, speak to you in the morning": a goodbye, whatever its time words
            entities[:] = [e for e in entities if e.get(ENTITY_ATTRIBUTE_TYPE) != FEATURE_ENTITY]
            _choose_intent(message, self._farewell_intent)
            return
        if _present(entities, FEATURE_ENTITY):
            return  # "it's much worse at night": how the symptoms so far present
        ranking = [
            r
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) not in (self._report_intent, self._fallback_intent)
        ]
        runner_up = ranking[0] if ranking else None
        if runner_up and runner_up.get(PREDICTED_CONFIDENCE_KEY, 0.0) >= RUNNER_UP_MIN_CONFIDENCE:
            name, confidence = runner_up[INTENT_NAME_KEY], runner_up[PREDICTED_CONFIDENCE_KEY]
        else:
            name = self._fallback_intent
            confidence = intent.get(PREDICTED_CONFIDENCE_KEY, 1.0)
        _choose_intent(message, name, confidence, ranking)

    def _report_without_feeling(
        self, message: Message, entities: list[dict[str, Any]], text: str
    ) -> None:
        """A "worry" with no word of feeling that names a present symptom or says how one
        presents ("it's much worse at night, it keeps waking me up") is a report."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if not self._report_intent or name not in self._feeling:
            return
        if not _present(entities, SYMPTOM, FEATURE_ENTITY):
            return
        words = _message_words(text)
        if any(word in self._feeling_cues for word in words):
            return
        _choose_intent(message, self._report_intent)

    def _report_how_it_presents(self, message: Message, entities: list[dict[str, Any]]) -> None:
        """Small talk that says how a symptom presents ("it's worse at night", read as "good
        night") is a report: its questions go on instead of a goodbye."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if not self._report_intent or name not in self._presentation:
            return
        if _present(entities, FEATURE_ENTITY) and not self._takes_leave(message.get(TEXT) or ""):
            _choose_intent(message, self._report_intent)

    def _tells_how_it_presents(self, name: str, text: str) -> bool:
        return (
            name in self._presentation
            and not self._takes_leave(text)
            and _present(person_entities(text, self.name), FEATURE_ENTITY)
        )

    def _takes_leave(self, text: str) -> bool:
        """Whether the message says goodbye in so many words (`farewell_cues`)."""
        words = _message_words(text)
        return any(
            tuple(words[i : i + len(cue)]) == cue
            for cue in self._farewells
            for i in range(len(words))
        )

    def _route_to_safety_net(
        self, message: Message, entities: list[dict[str, Any]], text: str
    ) -> None:
        """Issue 18: a bodily complaint that names no known symptom ("my toe is black") goes
        to the fallback, whose answer gives safety advice (actions/oncology.py)."""
        name = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if not self._fallback_intent or name == self._fallback_intent:
            return
        if needs_safety_net(name, entities, text):
            _choose_intent(message, self._fallback_intent)

    # -- reconciliation ------------------------------------------------------------------

    def drops_symptoms(self, intent: dict[str, Any] | None, text: str) -> bool:
        """No symptom in a request to delete one's data, nor in a disease question or small
        talk without a personal report."""
        name = (intent or {}).get(INTENT_NAME_KEY) or ""
        words = _message_words(text)
        if name in self._ignore:
            # only a message about data is one: a red flag is never lost to a misreading
            return self._about_data(words)
        if name not in self._drop:
            return False
        if any(word in self._report_cues for word in words):
            return False
        if self._tells_how_it_presents(name, text):
            return False  # "it's worse at night" (read as "good night")
        # In a disease question, only a question or a request is about the disease in
        # general. A statement is a report, pronoun or not: people texting in a hurry drop
        # them ("nose pouring blood for 40 mins", "legs gone, cant stand"). Small talk
        # ("thanks, that cough info helped") stays small talk.
        if name in self._statements:
            return self.asks(text, words)
        return True

    def _about_data(self, words: list[str]) -> bool:
        """Whether a message's words speak of data (`data_cues`): without them, a privacy
        or deletion intent is a misreading."""
        return any(word in self._data_cues for word in words)

    def _asks_in_general(self, intent: dict[str, Any] | None) -> bool:
        name = (intent or {}).get(INTENT_NAME_KEY) or ""
        return name not in self._ignore and is_question_intent(name)

    def asks(self, text: str, words: list[str]) -> bool:
        """Whether the message is put as a question or a request ("what is ...", "tell me")."""
        return "?" in text or bool(words and words[0] in self._question_openers)

    def reconcile(
        self,
        text: str,
        entities: list[dict[str, Any]],
        intent: dict[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """The message's entity list after applying our rules (input is not modified)."""
        drop_symptoms = self.drops_symptoms(intent, text)
        # "can it cause fits?": a disease question with no personal report asks about its
        # symptoms in general; they are kept as hypothetical mentions (never counted), so
        # that the answer can be about them. Such a question, or small talk with no personal
        # report, says nothing about the person: "what does stage 4 breast cancer mean?" is
        # not their history.
        in_general = drop_symptoms and self._asks_in_general(intent)
        return message_entities(
            text,
            self._extractor.extract(text),
            self.name,
            entities,
            symptoms=not drop_symptoms or in_general,
            in_general=in_general,
            about_the_person=not drop_symptoms,
        )
