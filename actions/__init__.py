"""Kit's custom actions (the rasa_sdk action server package)."""
