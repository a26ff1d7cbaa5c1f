"""The exemplar library: published excellent and flawed judgments, searchable by every judge."""
