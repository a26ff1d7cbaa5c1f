"""Statistics: evaluations per month and court, and reviewers' volume and severity."""
