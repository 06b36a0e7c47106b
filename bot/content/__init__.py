"""Content designers' tools: checks on what Kit says."""
