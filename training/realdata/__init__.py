"""Evaluation of the risk model on real public data: NYC rental buildings, 2013–2018."""
