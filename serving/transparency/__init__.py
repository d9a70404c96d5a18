"""Public transparency pages for residents: precomputed page content, its storage, and page rendering."""
