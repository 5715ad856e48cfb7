"""The domain layer: knowledge base, triage and assessment wording. No Rasa imports."""
