"""Serving-side commands of the `disputes` CLI: batch scoring, API keys and the server."""
