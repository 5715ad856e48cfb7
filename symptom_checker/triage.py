"""Triage: from the symptoms a person has (and has not) to possible sites and one urgency.

Pure functions over the knowledge (symptom_checker.knowledge); no Rasa, no I/O of their own.

The urgency is the highest of each present symptom's own urgency and of every red-flag rule
that matches (data/knowledge/red_flags.yml). A rule can depend on how a symptom presents
(`features`: symptom id -> feature values such as "night_pain", the closed list FEATURES),
on whether the person is on cancer treatment now or in the last six weeks (`on_treatment`)
and on a history of breast cancer (`cancer_history`). One function decides; `assess` and
`has_red_flag` both call it, so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from symptom_checker.knowledge import URGENCY_LEVELS, Knowledge, RedFlagRule, Site, Symptom
from symptom_checker.vocabulary import READS_AS_EMERGENCY

# How a symptom presents (docs/contract.md, the `feature` entity): a closed list that
# red_flags.yml and symptom_nlu/resources/en/features.yml both use.
FEATURES: tuple[str, ...] = (
    "sudden_onset",
    "gradual_onset",
    "at_rest",
    "on_exertion",
    "night_pain",
    "worse_on_coughing",
    "radiating",
    "both_sides",
    "one_side",
    "weight_bearing_pain",
    "cannot_walk",
    "severe",
    "heavy_bleeding",
    # Blood in what is brought up from the stomach, or vomit like coffee grounds.
    "blood_in_vomit",
    # Being sick so that nothing stays down, not even sips of water.
    "cannot_keep_fluids_down",
    "noisy_breathing",
    "morning_headache",
    "high_temperature",
    # Red, hot or inflamed skin over a swelling: an infection (cellulitis) or a clot.
    "red_hot",
    # A line or port for treatment (PICC, Hickman, port): a swollen arm beside one may be a clot.
    "central_line",
    # A thermometer reading in the normal range: the word "temperature" is then no fever.
    "normal_temperature",
    # A belly grown tight or big, so that clothes no longer fit: fluid may be building up.
    "distended",
    # A symptom that keeps coming back or has lasted days to weeks ("most days", "for three
    # weeks"): a headache like this after breast cancer needs checking soon.
    "persistent",
    READS_AS_EMERGENCY,
)
# The features no word list finds (features.yml has words for all the others).
LEARNED_FEATURES: tuple[str, ...] = (READS_AS_EMERGENCY,)
# Facts about the person a rule can require (red_flags.yml `requires`).
PERSON_FACTS: tuple[str, ...] = ("on_treatment", "cancer_history")
# `features` may hold features that belong to no one symptom under this key; they count
# for every present symptom.
ANY_SYMPTOM = "*"
YES_ANSWERS = frozenset({"yes", "true", "1"})


@dataclass(frozen=True)
class SiteReason:
    symptom: Symptom
    why: str


@dataclass(frozen=True)
class PossibleSite:
    site: Site
    reasons: tuple[SiteReason, ...]


@dataclass(frozen=True)
class Assessment:
    present: tuple[Symptom, ...]
    negated: tuple[Symptom, ...]
    possible_sites: tuple[PossibleSite, ...]
    general: tuple[Symptom, ...]
    urgency: str
    # The rules that set the urgency (empty when it came from single symptoms alone).
    red_flags: tuple[RedFlagRule, ...]

    @property
    def is_emergency(self) -> bool:
        return self.urgency == "emergency"


def urgency_rank(urgency: str) -> int:
    return URGENCY_LEVELS.index(urgency)


def highest_urgency(levels: Iterable[str]) -> str:
    return max(levels, key=urgency_rank, default="soon")


def merge_mentions(
    present: Iterable[str],
    negated: Iterable[str],
    mentions: Iterable[tuple[str, bool]],
    takes_back: bool = True,
) -> tuple[list[str], list[str]]:
    """Fold one message's (symptom_id, is_negated) mentions into the running lists.

    A later message that takes a symptom back (`takes_back`: "sorry, I got that wrong, I
    don't actually have a cough") moves it from present to negated. A later denial that does
    not ("no bleeding anywhere else" after bruises, "legs aren't weak" after tingling feet)
    leaves a symptom already told present: it speaks of more of it, or of another side of
    it. Within one message, a present mention wins over a negated one of the same symptom.
    Both because missing a real symptom is the more dangerous error.
    """
    present_ids = list(dict.fromkeys(present))
    negated_ids = list(dict.fromkeys(negated))
    mentions = list(mentions)
    present_now = {symptom_id for symptom_id, is_negated in mentions if not is_negated}
    if not takes_back:
        present_now |= set(present_ids)
    for symptom_id, is_negated in mentions:
        if is_negated and symptom_id not in present_now:
            if symptom_id in present_ids:
                present_ids.remove(symptom_id)
            if symptom_id not in negated_ids:
                negated_ids.append(symptom_id)
        elif not is_negated:
            if symptom_id in negated_ids:
                negated_ids.remove(symptom_id)
            if symptom_id not in present_ids:
                present_ids.append(symptom_id)
    return present_ids, negated_ids


@dataclass(frozen=True)
class PersonFacts:
    """What is known about the person, beyond their symptoms."""

    features: Mapping[str, frozenset[str]]
    on_treatment: bool
    cancer_history: bool

    @classmethod
    def of(
        cls,
        features: Mapping[str, Iterable[str]] | None,
        on_treatment: bool | str | None,
        cancer_history: bool | str | None,
    ) -> PersonFacts:
        treated = _is_yes(on_treatment)
        return cls(
            features={key: frozenset(values or ()) for key, values in (features or {}).items()},
            on_treatment=treated,
            # Someone on cancer treatment has a cancer history, whatever else they said.
            cancer_history=treated or _is_yes(cancer_history),
        )

    def features_of(self, symptom_ids: Iterable[str]) -> frozenset[str]:
        found = set(self.features.get(ANY_SYMPTOM, ()))
        for symptom_id in symptom_ids:
            found |= self.features.get(symptom_id, frozenset())
        return frozenset(found)

    def holds(self, fact: str) -> bool:
        return {"on_treatment": self.on_treatment, "cancer_history": self.cancer_history}[fact]


def _is_yes(value: bool | str | None) -> bool:
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in YES_ANSWERS


def rule_matches(rule: RedFlagRule, present: set[str], facts: PersonFacts) -> bool:
    if not rule.all_of <= present:
        return False
    if rule.any_of and len(rule.any_of & present) < rule.at_least:
        return False
    if not all(facts.holds(fact) for fact in rule.requires):
        return False
    if rule.features_any or rule.features_none:
        about = present if rule.features_of_any_symptom else rule.symptom_ids & present
        described = facts.features_of(about)
        if rule.features_any and not rule.features_any & described:
            return False
        if rule.features_none & described:
            return False
    return True


def matching_rules(
    present_ids: Iterable[str],
    knowledge: Knowledge,
    *,
    features: Mapping[str, Iterable[str]] | None = None,
    on_treatment: bool | str | None = None,
    cancer_history: bool | str | None = None,
) -> list[RedFlagRule]:
    """The rules that count: matching, and not set aside by a lowering rule's `overrides`."""
    present = set(present_ids)
    facts = PersonFacts.of(features, on_treatment, cancer_history)
    matched = [rule for rule in knowledge.red_flag_rules() if rule_matches(rule, present, facts)]
    overridden = _overridden(matched)
    return [
        rule
        for rule in matched
        if rule.overrides or not (overridden and rule.symptom_ids <= overridden)
    ]


def _overridden(rules: Iterable[RedFlagRule]) -> frozenset[str]:
    found: set[str] = set()
    for rule in rules:
        found |= rule.overrides
    return frozenset(found)


@dataclass(frozen=True)
class _Decision:
    present: tuple[Symptom, ...]
    urgency: str
    rules: tuple[RedFlagRule, ...]  # every rule that counts


def _decide(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    features: Mapping[str, Iterable[str]] | None,
    on_treatment: bool | str | None,
    cancer_history: bool | str | None,
) -> _Decision:
    """The one red-flag decision: which symptoms count, which rules match, what urgency."""
    negated = set(negated_ids)
    # Negated symptoms never count toward sites or urgency.
    present = tuple(knowledge.symptoms(s for s in dict.fromkeys(present_ids) if s not in negated))
    rules = matching_rules(
        (s.id for s in present),
        knowledge,
        features=features,
        on_treatment=on_treatment,
        cancer_history=cancer_history,
    )
    overridden = _overridden(rules)
    own = [s.urgency for s in present if s.id not in overridden]
    # A symptom that a lowering rule overrides counts with that rule's urgency instead.
    urgency = highest_urgency(own + [rule.urgency for rule in rules])
    return _Decision(present=present, urgency=urgency, rules=tuple(rules))


def has_red_flag(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    *,
    features: Mapping[str, Iterable[str]] | None = None,
    on_treatment: bool | str | None = None,
    cancer_history: bool | str | None = None,
) -> bool:
    """True when what the person has is an emergency: stop asking, escalate.

    Always the same answer as `assess(...).is_emergency` with the same arguments (both ask
    `_decide`), without building the assessment's sites.
    """
    decision = _decide(present_ids, negated_ids, knowledge, features, on_treatment, cancer_history)
    return decision.urgency == "emergency"


def assess(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    *,
    features: Mapping[str, Iterable[str]] | None = None,
    on_treatment: bool | str | None = None,
    cancer_history: bool | str | None = None,
) -> Assessment:
    decision = _decide(present_ids, negated_ids, knowledge, features, on_treatment, cancer_history)
    present = decision.present
    negated = tuple(knowledge.symptoms(dict.fromkeys(negated_ids)))

    reasons_by_site: dict[str, list[SiteReason]] = {}
    for symptom in present:
        for link in symptom.links:
            reasons_by_site.setdefault(link.site_id, []).append(SiteReason(symptom, link.why))
    possible_sites = tuple(
        PossibleSite(site, tuple(reasons))
        for site_id, reasons in reasons_by_site.items()
        if (site := knowledge.site(site_id)) is not None
    )
    general = tuple(symptom for symptom in present if not symptom.links)

    urgency = decision.urgency
    deciding_rules = tuple(rule for rule in decision.rules if rule.urgency == urgency)
    return Assessment(
        present=present,
        negated=negated,
        possible_sites=possible_sites,
        general=general,
        urgency=urgency,
        red_flags=deciding_rules if urgency != "soon" else (),
    )


def undecided_by_treatment(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    *,
    features: Mapping[str, Iterable[str]] | None = None,
    cancer_history: bool | str | None = None,
) -> bool:
    """Whether knowing if the person is on cancer treatment would change the urgency.

    The follow-up form asks "are you having cancer treatment?" only then.
    """
    levels = {
        _decide(present_ids, negated_ids, knowledge, features, answer, cancer_history).urgency
        for answer in (True, False)
    }
    return len(levels) > 1


def raised_by_features(
    present_ids: Iterable[str],
    negated_ids: Iterable[str],
    knowledge: Knowledge,
    added: Mapping[str, Iterable[str]],
    *,
    features: Mapping[str, Iterable[str]] | None = None,
    on_treatment: bool | str | None = None,
    cancer_history: bool | str | None = None,
) -> str | None:
    """The higher urgency that the `added` features (symptom id -> values) would give, or
    None when they would not raise it.

    The follow-up form asks how a symptom presents ("breathless even at rest?") only when
    the answer could raise the level (symptom_checker/presentation.py).
    """
    present_ids, negated_ids = list(present_ids), list(negated_ids)
    now = _decide(present_ids, negated_ids, knowledge, features, on_treatment, cancer_history)
    combined = {key: set(values or ()) for key, values in (features or {}).items()}
    for symptom_id, values in added.items():
        combined.setdefault(symptom_id, set()).update(values)
    then = _decide(present_ids, negated_ids, knowledge, combined, on_treatment, cancer_history)
    return then.urgency if urgency_rank(then.urgency) > urgency_rank(now.urgency) else None


def sites_by_id(assessment: Assessment) -> Mapping[str, PossibleSite]:
    return {possible.site.id: possible for possible in assessment.possible_sites}
