"""Hearing recordings: declaring a recording, resumable upload, media probe/transcode/poster,
background processing and playback. The hearing programme built on them (quotas, observation
rounds, top-ten, library) is `reviewer.hearings`."""
