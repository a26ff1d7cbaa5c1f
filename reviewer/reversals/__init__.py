"""Reversed and remanded cases (发改案件): register, self-check, evaluation, meetings, guidance, points."""
