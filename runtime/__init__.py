"""How the Rasa server runs here: stores chosen from the environment, start-up checks."""
