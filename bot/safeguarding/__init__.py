"""What happens after a safeguarding alert: the DSLs' email, and what to do next."""
