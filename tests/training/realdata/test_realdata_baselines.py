"""The enforcement-style rule: serious violations per unit against a size threshold, plus emergency complaints."""

import pandas as pd

from training.realdata.baselines import aep_inputs, aep_rule_scores
from training.realdata.nyc import LABELS

LABEL_A, LABEL_B = LABELS


def _buildings(units, serious_2013, serious_2014, complaints_2014=0.0):
    frame = pd.DataFrame({"res_units": units, "viol_bbl_ser_2013": serious_2013, "viol_bbl_ser_2014": serious_2014})
    frame["comp_bbl_2014"] = complaints_2014
    for year in (2015, 2016):
        frame[f"viol_bbl_ser_{year}"] = 99.0
        frame[f"comp_bbl_{year}"] = 99.0
    return frame


def test_small_buildings_need_twice_the_serious_rate():
    frame = _buildings(units=[4, 4, 20, 20], serious_2013=[1.0, 2.0, 0.5, 0.0], serious_2014=[1.0, 1.0, 1.0, 1.0])
    inputs = aep_inputs(frame, LABEL_A)
    assert inputs["aep_serious_per_unit"].tolist() == [2.0, 3.0, 1.5, 1.0]
    points = aep_rule_scores(frame, LABEL_A).astype(int)
    assert points.tolist() == [0, 1, 1, 0]


def test_emergency_complaints_add_a_point_and_ties_break_on_the_serious_rate():
    frame = _buildings(units=[10, 10, 10], serious_2013=[0.0, 0.0, 0.0], serious_2014=[0.2, 0.4, 2.0])
    frame["comp_bbl_2014"] = [1.0, 1.0, 1.0]
    scores = aep_rule_scores(frame, LABEL_A)
    assert scores.astype(int).tolist() == [1, 1, 2]
    assert scores[0] < scores[1] < scores[2]


def test_rule_reads_only_the_labels_visible_years():
    frame = _buildings(units=[10], serious_2013=[0.0], serious_2014=[0.0])
    assert aep_rule_scores(frame, LABEL_A).tolist() == [0.0]
    inputs_b = aep_inputs(frame, LABEL_B)
    assert inputs_b["aep_serious_per_unit"].tolist() == [198.0]  # 2015 and 2016
    assert inputs_b["aep_emergency_complaints"].tolist() == [99.0]  # 2015
