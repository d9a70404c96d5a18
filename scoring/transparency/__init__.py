"""The transparency pages as data: built from the figures after each scoring run and stored for the public pages."""
