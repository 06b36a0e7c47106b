"""The analytics store: ids and counts only, never chat text, session ids or IPs."""
