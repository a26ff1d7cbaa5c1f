"""Automatic format checks of judgments (文书预检): pure rules plus their site integration."""
