"""Objections (异议): a judge contests the evaluation of their own judgment; the office answers."""
