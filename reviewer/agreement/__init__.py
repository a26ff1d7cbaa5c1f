"""Agreement between reviewers, severity and calibration on reference judgments (issue #18)."""
