"""Triage: from the symptoms a person has (and has not) to possible sites and one urgency.

Pure functions over the knowledge repository; no Rasa, no I/O of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from symptom_checker.repository import RedFlagRule, Site, Symptom

URGENCY_LEVELS: tuple[str, ...] = ("soon", "urgent", "emergency")


class Knowledge(Protocol):
    """The part of KnowledgeRepository that triage reads."""

    def symptoms(self, symptom_ids: Iterable[str]) -> list[Symptom]:
        ...

    def site(self, site_id: str) -> Site | None:
        ...

    def red_flag_rules(self) -> list[RedFlagRule]:
        ...


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
) -> tuple[list[str], list[str]]:
    """Fold one message's (symptom_id, is_negated) mentions into the running lists.

    A later message wins over an earlier one: "actually I don't have the cough" moves cough
    from present to negated. Within one message, a present mention wins over a negated one
    of the same symptom, because missing a real symptom is the more dangerous error.
    """
    present_ids = list(dict.fromkeys(present))
    negated_ids = list(dict.fromkeys(negated))
    mentions = list(mentions)
    present_now = {symptom_id for symptom_id, is_negated in mentions if not is_negated}
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


def matching_rules(present_ids: Iterable[str], knowledge: Knowledge) -> list[RedFlagRule]:
    present = set(present_ids)
    return [rule for rule in knowledge.red_flag_rules() if rule.all_of <= present]


def has_red_flag(
    present_ids: Iterable[str], negated_ids: Iterable[str], knowledge: Knowledge
) -> bool:
    """True when what the person has is an emergency on its own: stop asking, escalate.

    The same answer as `assess(...).is_emergency`, without building the assessment (the
    follow-up form asks this several times a turn).
    """
    negated = set(negated_ids)
    present = knowledge.symptoms(s for s in dict.fromkeys(present_ids) if s not in negated)
    if any(symptom.urgency == "emergency" for symptom in present):
        return True
    rules = matching_rules((symptom.id for symptom in present), knowledge)
    return any(rule.urgency == "emergency" for rule in rules)


def assess(
    present_ids: Iterable[str], negated_ids: Iterable[str], knowledge: Knowledge
) -> Assessment:
    negated_set = set(negated_ids)
    # Negated symptoms never count toward sites or urgency.
    counted_ids = [s for s in dict.fromkeys(present_ids) if s not in negated_set]
    present = tuple(knowledge.symptoms(counted_ids))
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

    rules = matching_rules((s.id for s in present), knowledge)
    urgency = highest_urgency([s.urgency for s in present] + [r.urgency for r in rules])
    deciding_rules = tuple(rule for rule in rules if rule.urgency == urgency)
    return Assessment(
        present=present,
        negated=negated,
        possible_sites=possible_sites,
        general=general,
        urgency=urgency,
        red_flags=deciding_rules if urgency != "soon" else (),
    )


def sites_by_id(assessment: Assessment) -> Mapping[str, PossibleSite]:
    return {possible.site.id: possible for possible in assessment.possible_sites}
