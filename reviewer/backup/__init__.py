"""Backup and restore of an instance: database and upload store together."""
