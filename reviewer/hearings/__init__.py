"""Hearing recordings: upload, processing, playback, review, quotas, observation rounds, top-ten."""
