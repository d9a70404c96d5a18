"""Arrow views of raw text columns and the few vectorised string operations parsing needs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def text_array(raw: pd.Series) -> pa.Array:
    """The column as one Arrow string array, nulls where pandas has NA; non-text values become their str()."""
    if pd.api.types.is_string_dtype(raw.dtype) and raw.dtype != object:
        array = pa.array(raw.array)  # zero-copy for string[pyarrow]
    elif raw.dtype == object and pd.api.types.infer_dtype(raw, skipna=True) in ("string", "empty"):
        array = pa.array(raw.to_numpy(), type=pa.large_string(), from_pandas=True)
    else:
        array = pa.array(raw.astype("string").array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array if pa.types.is_large_string(array.type) else array.cast(pa.large_string())


def keep_where(values: pa.Array, keep: np.ndarray) -> pa.Array:
    """`values` with every element where `keep` is False replaced by null."""
    if keep.all():
        return values
    return pc.if_else(pa.array(keep), values, pa.scalar(None, values.type))


def matches(values: pa.Array, pattern: str) -> np.ndarray:
    """True where the string matches the regular expression `pattern` (False for nulls)."""
    found = pc.match_substring_regex(values, pattern=pattern)
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)
