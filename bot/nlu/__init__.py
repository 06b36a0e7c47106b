"""Custom Rasa NLU components: Kit's risk classifier and safety gate."""
