"""The scoring schema: an older store gains the indexes that reads rely on."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from scoring.tables import create_scoring_schema, unit_features


def test_a_store_made_before_an_index_existed_gains_it(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'store.db'}")
    create_scoring_schema(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_unit_features_unit_run"))
    assert "ix_unit_features_unit_run" not in {i["name"] for i in inspect(engine).get_indexes("unit_features")}
    create_scoring_schema(engine)
    names = {i["name"]: i["column_names"] for i in inspect(engine).get_indexes("unit_features")}
    assert names["ix_unit_features_unit_run"] == ["unit_id", "run_id"]
    create_scoring_schema(engine)  # and again: nothing to add, nothing fails
    assert {index.name for index in unit_features.indexes} <= set(names)
