"""Request-level plumbing shared by every feature: the unit of work."""
