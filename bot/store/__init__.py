"""The store: pupil analytics (ids and counts only, never chat text, session ids
or IPs) and teacher accounts, sessions and classes. Alembic migrations in
bot/store/migrations."""
