"""Spreadsheet exports of reviews and statistics."""
