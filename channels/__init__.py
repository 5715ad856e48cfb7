"""Messaging channels: Rasa input and output channels for the REST API, Telegram, Slack,
Facebook Messenger and Twilio (SMS and WhatsApp).

Each platform module is one channel, listed in credentials.yml and switched on by its
environment variables (channels.settings). The REST channel checks its input before Rasa
sees it (channels.rest). Shared pieces: webhook signatures (channels.signatures), the store
that handles each delivery once (channels.store), and the base class (channels.common).
"""
