"""Kit's public web app (Sanic): the pupil API, health, and the pages."""
