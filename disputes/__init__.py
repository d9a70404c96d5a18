"""Dispute Radar: the command line and service settings."""
