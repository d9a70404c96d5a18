"""Reason sentences for the NYC model's families."""

import math

from models.reason_text_nyc import NYC_GENERIC, NYC_REASON_COLUMNS, NYC_RENDERERS, render_nyc_family


def test_renderers_fill_in_the_buildings_values():
    row = {"viol_ser_total": 2.5, "lit_total": 3.0, "filings_2013_2015": 12.0, "log_res_units": math.log1p(48)}
    assert render_nyc_family("violations", row)[1] == "2.5 immediately hazardous violation(s) per unit"
    assert render_nyc_family("litigation", row)[1] == "3 earlier housing-court case(s)"
    assert render_nyc_family("eviction_filings", row)[1] == "12 eviction filing(s) in 2013–2015"
    assert render_nyc_family("building", row)[1] == "A building of 48 homes"


def test_zero_or_missing_values_fall_back_to_the_generic_sentence():
    assert render_nyc_family("violations", {"viol_ser_total": 0.0}) == NYC_GENERIC["violations"]
    assert render_nyc_family("litigation", {"lit_total": float("nan")}) == NYC_GENERIC["litigation"]
    assert render_nyc_family("neighbourhood", {}) == NYC_GENERIC["neighbourhood"]
    assert render_nyc_family("unknown", {}) == ("unknown", "unknown")


def test_every_rendered_family_has_a_generic_sentence_and_declared_columns():
    assert set(NYC_RENDERERS) <= set(NYC_GENERIC)
    assert len(set(NYC_REASON_COLUMNS)) == len(NYC_REASON_COLUMNS) == 4
