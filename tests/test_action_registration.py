"""Every custom action the domain names is registered by the action server."""

from __future__ import annotations

from rasa_sdk.executor import ActionExecutor

DEFAULT_ACTIONS_WE_OVERRIDE = {"action_validate_slot_mappings"}


def test_every_action_in_the_domain_is_registered(domain):
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = set(executor.actions)
    custom = {a for a in domain["actions"] if not a.startswith("utter_")}
    assert custom, "the domain names no custom action"
    assert custom - registered == set()


def test_the_domain_overrides_only_the_default_actions_it_means_to():
    executor = ActionExecutor()
    executor.register_package("actions")
    overridden = {a for a in executor.actions if a in DEFAULT_ACTIONS_WE_OVERRIDE}
    assert overridden == DEFAULT_ACTIONS_WE_OVERRIDE
