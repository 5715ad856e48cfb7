"""Messaging channels: Rasa input and output channels for the REST API, the web chat
(socket.io), Telegram, Slack, Facebook Messenger and Twilio (SMS and WhatsApp).

Each module is one channel, listed in credentials.yml; the platforms are switched on by their
environment variables (channels.settings). Every channel passes what it receives through one
input guard (channels.guard) before Rasa sees it; the web chat's conversation ids are issued
and signed by the server (channels.socketio). Shared pieces: webhook signatures
(channels.signatures), the store that handles each delivery once (channels.store), and the
base class (channels.common).
"""
