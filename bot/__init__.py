"""Kit: an online-safety chat companion for pupils aged 8-18."""
