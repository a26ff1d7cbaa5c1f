"""The hearing programme: monthly quotas, observation rounds, the top-ten, the library, and the
'hearing' review subject. The recordings themselves (upload, processing, playback) are
`reviewer.recordings`."""
