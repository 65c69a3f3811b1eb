"""Output formats for lint results, kept apart from the checks (text for people, json for tools)."""
