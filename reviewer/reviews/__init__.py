"""Reviewing (评查): assignment, reviewers' score sheets, combining and confirming the grade."""
