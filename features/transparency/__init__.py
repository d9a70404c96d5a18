"""Community transparency figures: what the law asks a firm to disclose, computed point in time, suppressed and
compared with the district.

- `community.py`: `community_transparency(dataset, as_of, cfg)`, the one entry point;
- `fees.py`, `service.py`, `disputes.py`: the figure rows of each indicator group;
- `rows.py`: the long row format and the trailing window; `spec.py`: indicators and their configuration;
- `privacy.py`: the one disclosure step (small counts, one-sided shares, rounding), with `complementary.py` for the
  cells, months and totals hidden so that no hidden count can be worked out again; `compare.py`: district medians
  (of published values) and verdicts.
"""
