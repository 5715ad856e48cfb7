"""The web chat page (serve.py) and the server half of its socket.io protocol."""
