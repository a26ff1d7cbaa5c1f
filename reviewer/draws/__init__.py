"""Monthly random draws of division heads' judgments (公示)."""
