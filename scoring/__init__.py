"""Batch scoring: the champion over every unit at one as-of, scores with history, rollups and transparency pages."""
