"""The safety layer: the deterministic screen and the emergency fallback text."""
