"""Rasa custom actions: thin adapters between Rasa and the symptom_checker domain layer."""
