"""Exact per-row feature contributions of a LightGBM model, fast: TreeSHAP by per-leaf lookup tables.

LightGBM's `pred_contrib` runs path-dependent TreeSHAP, which walks every node of every tree for every row and costs
O(leaves × depth²) per tree. The same values decompose by leaf. For a leaf with value v whose path tests the distinct
features P (|P| = d), each feature j on the path has a zero fraction z_j (the share of training rows that follow the
path's branches on j) and, for a given row, a one fraction o_j ∈ {0, 1} (whether the row follows those branches).
The leaf adds to feature i ∈ P

    φ_i = v · (o_i − z_i) · Σ_{S ⊆ P∖{i}, o_S = 1} |S|! (d − |S| − 1)! / d! · Π_{j ∈ P∖S∖{i}} z_j

which depends on the row only through the set A = {j : o_j = 1}. So each leaf gets a table of 2^d × d values,
built once per model, and a row costs one decision per node plus one lookup per leaf: O(leaves × depth) per tree.
Two sibling leaves share one table indexed by their parent's agreement set and the row's direction there. Tables
can also be summed by feature group (the reason families) before use.
The result equals `pred_contrib` to floating-point rounding (tests/models/test_tree_shap.py).

Only numerical splits are supported (the risk model has no categorical features); `from_booster` refuses others.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from math import factorial
from typing import Any

import numba
import numpy as np

MAX_PATH_FEATURES = 16
"""Distinct features on one root-to-leaf path above which the tables grow too large (2^d × d per leaf)."""

PARALLEL_ROWS = 2_000
"""Rows from which the parallel kernel pays for its thread start-up."""

_PARALLEL = threading.Lock()
"""Numba's default threading layer must not be entered from two threads at once."""

_MISSING_TYPES = {"None": 0, "Zero": 1, "NaN": 2}
_ZERO_THRESHOLD = 1e-35  # LightGBM's kZeroThreshold
_BLOCK_ROWS = 512  # rows explained together, tree by tree (512 × 71 features × 8 bytes ≈ 290 kB)


@dataclass(frozen=True)
class _Trees:
    """A LightGBM model flattened into arrays the kernels read; node and leaf ids are global across trees."""

    node_start: np.ndarray  # per tree, first internal node (len trees + 1)
    node_feature: np.ndarray
    node_threshold: np.ndarray
    node_default_left: np.ndarray
    node_missing: np.ndarray
    edge_start: np.ndarray  # per tree, first edge (len trees + 1); a tree's edges are in depth-first pre-order
    edge_node: np.ndarray  # the parent: an internal node, local to its tree
    edge_kind: np.ndarray  # 1 to the left child, 0 to the right one, 2 to both (sibling leaves sharing a table)
    edge_depth: np.ndarray  # the parent's depth (root 0)
    edge_slot: np.ndarray  # the parent's feature's index among the distinct features on the path so far
    edge_new: np.ndarray  # 1 when that feature is tested for the first time on this path
    edge_table: np.ndarray  # the table read at this edge (a leaf, or two sibling leaves), else -1
    out_start: np.ndarray  # per table, first output of its rows (len tables + 1)
    out_column: np.ndarray  # the output column of each (a feature, or a group of features)
    table_start: np.ndarray  # per table, offset of its rows (2^d rows for a leaf, 2^(d') × 2 for a pair)
    table: np.ndarray
    bias: float
    max_nodes: int
    max_depth: int


class TreeShap:
    """Exact TreeSHAP contributions (the values of LightGBM's `pred_contrib`) for one booster."""

    def __init__(self, trees: _Trees, n_features: int, n_outputs: int, objective: str) -> None:
        self._trees = trees
        self.n_features = n_features
        self.n_outputs = n_outputs
        self.objective = objective

    @classmethod
    def from_booster(
        cls, booster: Any, num_iteration: int | None = None, groups: Sequence[int] | None = None
    ) -> TreeShap:
        """Tables for the first `num_iteration` trees of a binary or regression LightGBM booster.

        With `groups` (a group number for each feature), contributions come out summed by group, one column per
        group: the tables are summed once, so a row costs fewer additions than with one column per feature.
        """
        dump = booster.dump_model(num_iteration=num_iteration)
        if dump.get("num_tree_per_iteration", 1) != 1:
            raise ValueError("TreeShap supports one tree per iteration (binary or regression models)")
        n_features = int(dump["max_feature_idx"]) + 1
        group_of = None if groups is None else np.asarray(groups, dtype=np.int64)
        if group_of is not None and (group_of.shape != (n_features,) or group_of.min(initial=0) < 0):
            raise ValueError(f"groups must give a non-negative group for each of the {n_features} features")
        trees = _flatten([tree["tree_structure"] for tree in dump["tree_info"]], group_of)
        n_outputs = n_features if group_of is None else int(group_of.max(initial=-1)) + 1
        return cls(trees, n_features, n_outputs, str(dump.get("objective", "")))

    @property
    def table_bytes(self) -> int:
        return int(self._trees.table.nbytes)

    def contributions(self, X: np.ndarray, threads: int = 1) -> np.ndarray:
        """Per-row contributions to the raw score, one column per feature (or group) and the expected value last."""
        matrix = np.ascontiguousarray(X, dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != self.n_features:
            raise ValueError(f"expected a 2-D matrix with {self.n_features} columns, got shape {matrix.shape}")
        out = np.zeros((matrix.shape[0], self.n_outputs + 1))
        t = self._trees
        args = (
            matrix, out, t.node_start, t.node_feature, t.node_threshold, t.node_default_left, t.node_missing,
            t.edge_start, t.edge_node, t.edge_kind, t.edge_depth, t.edge_slot, t.edge_new, t.edge_table,
            t.out_start, t.out_column, t.table_start, t.table, t.max_nodes, t.max_depth,
        )  # fmt: skip
        if threads > 1 and len(matrix) >= PARALLEL_ROWS:
            with _PARALLEL:
                self._parallel(args, threads)
        else:
            _explain_serial(*args)
        out[:, -1] = t.bias
        return out

    @staticmethod
    def _parallel(args: tuple[Any, ...], threads: int) -> None:
        previous = numba.get_num_threads()
        numba.set_num_threads(min(threads, numba.config.NUMBA_NUM_THREADS))  # type: ignore[attr-defined]
        try:
            _explain_parallel(*args, numba.get_num_threads() * 8)  # type: ignore[call-arg]
        finally:
            numba.set_num_threads(previous)


def _flatten(roots: list[dict[str, Any]], groups: np.ndarray | None) -> _Trees:
    node_start, edge_start, out_start, table_start = [0], [0], [0], [0]
    feature: list[int] = []
    threshold: list[float] = []
    default_left: list[int] = []
    missing: list[int] = []
    edges: list[list[int]] = []
    out_column: list[int] = []
    tables: list[np.ndarray] = []
    bias = 0.0
    max_nodes = max_depth = 1
    for root in roots:
        nodes: list[dict[str, Any]] = []
        tree_edges: list[list[int]] = []
        specs: list[_TableSpec] = []
        _walk(root, [], nodes, tree_edges, specs)
        for node in nodes:
            feature.append(int(node["split_feature"]))
            threshold.append(float(node["threshold"]))
            default_left.append(int(bool(node["default_left"])))
            missing.append(_MISSING_TYPES[node["missing_type"]])
        first_table = len(out_start) - 1
        for edge in tree_edges:
            edge[5] = first_table + edge[5] if edge[5] >= 0 else -1
        edges.extend(tree_edges)
        for spec in specs:
            distinct = list(dict.fromkeys(feat for feat, _ in spec.leaves[0][1]))
            if len(distinct) > MAX_PATH_FEATURES:
                raise ValueError(f"a leaf path tests {len(distinct)} distinct features (limit {MAX_PATH_FEATURES})")
            leaf_tables = []
            for value, path in spec.leaves:
                zero = np.ones(len(distinct))
                for feat, share in path:
                    zero[distinct.index(feat)] *= share
                leaf_tables.append(_leaf_table(value, zero, _weights(len(distinct))))
                bias += value * float(np.prod(zero)) if path else value
                max_depth = max(max_depth, len(path))
            table = leaf_tables[0] if len(leaf_tables) == 1 else _pair_table(leaf_tables, spec.slot, spec.new)
            if groups is None:
                out_column.extend(distinct)
            else:
                outputs = list(dict.fromkeys(int(groups[f]) for f in distinct))
                summing = np.zeros((len(distinct), len(outputs)))
                summing[np.arange(len(distinct)), [outputs.index(int(groups[f])) for f in distinct]] = 1.0
                table = table @ summing
                out_column.extend(outputs)
            out_start.append(len(out_column))
            tables.append(table.ravel())
            table_start.append(table_start[-1] + tables[-1].size)
        node_start.append(len(feature))
        edge_start.append(len(edges))
        max_nodes = max(max_nodes, node_start[-1] - node_start[-2])
    columns = np.asarray(edges, dtype=np.int64).reshape(-1, 6).T
    return _Trees(
        node_start=np.asarray(node_start, dtype=np.int64),
        node_feature=np.asarray(feature, dtype=np.int64),
        node_threshold=np.asarray(threshold, dtype=np.float64),
        node_default_left=np.asarray(default_left, dtype=np.int8),
        node_missing=np.asarray(missing, dtype=np.int8),
        edge_start=np.asarray(edge_start, dtype=np.int64),
        edge_node=columns[0].copy(),
        edge_kind=columns[1].astype(np.int8),
        edge_depth=columns[2].copy(),
        edge_slot=columns[3].copy(),
        edge_new=columns[4].astype(np.int8),
        edge_table=columns[5].copy(),
        out_start=np.asarray(out_start, dtype=np.int64),
        out_column=np.asarray(out_column, dtype=np.int64),
        table_start=np.asarray(table_start[:-1], dtype=np.int64),
        table=np.concatenate(tables) if tables else np.zeros(0),
        bias=bias,
        max_nodes=max_nodes,
        max_depth=max_depth,
    )


_Step = tuple[int, float]  # split feature, zero fraction (share of the parent's training rows on this branch)
_RIGHT, _LEFT, _PAIR = 0, 1, 2  # edge kinds: to the right child, to the left child, to both children (two leaves)


@dataclass(frozen=True)
class _TableSpec:
    """One lookup table: a single leaf, or two sibling leaves read together (indexed by parent mask and decision)."""

    leaves: list[tuple[float, list[_Step]]]
    slot: int = 0
    new: bool = False


def _walk(
    node: dict[str, Any],
    path: list[_Step],
    nodes: list[dict[str, Any]],
    edges: list[list[int]],
    specs: list[_TableSpec],
) -> None:
    """Collect a tree's internal nodes and edges in depth-first pre-order, and the leaf tables' specifications.

    An edge is [parent node, kind, parent depth, slot, new, table]; a node whose children are both leaves gets a
    single _PAIR edge and one table for the two.
    """
    if "leaf_value" in node:  # a tree that is a single leaf
        specs.append(_TableSpec([(float(node["leaf_value"]), path)]))
        return
    if node.get("decision_type", "<=") != "<=":
        raise ValueError(f"TreeShap supports numerical splits only, found {node['decision_type']!r}")
    index = len(nodes)
    nodes.append(node)
    split = int(node["split_feature"])
    seen = list(dict.fromkeys(feat for feat, _ in path))
    new = split not in seen
    slot = len(seen) if new else seen.index(split)
    parent = float(node["internal_count"])
    children = ((node["left_child"], _LEFT), (node["right_child"], _RIGHT))
    steps = [[*path, (split, _count(child) / parent)] for child, _ in children]
    if all("leaf_value" in child for child, _ in children):
        leaves = [(float(child["leaf_value"]), step) for (child, _), step in zip(children, steps, strict=True)]
        specs.append(_TableSpec(leaves, slot, new))
        edges.append([index, _PAIR, len(path), slot, int(new), len(specs) - 1])
        return
    for (child, kind), step in zip(children, steps, strict=True):
        edge = [index, kind, len(path), slot, int(new), -1]
        edges.append(edge)
        if "leaf_value" in child:
            specs.append(_TableSpec([(float(child["leaf_value"]), step)]))
            edge[5] = len(specs) - 1
        else:
            _walk(child, step, nodes, edges, specs)


def _pair_table(tables: list[np.ndarray], slot: int, new: bool) -> np.ndarray:
    """Two sibling leaves' tables merged: row 2·m + went_left, m the agreement set above their parent."""
    left, right = tables
    d = left.shape[1]
    above = np.arange(1 << (d - 1 if new else d))
    bit = 1 << slot
    if new:
        agreed, disagreed = above | bit, above
    else:
        agreed, disagreed = above, above & ~bit
    merged = np.empty((2 * len(above), d))
    merged[0::2] = left[disagreed] + right[agreed]  # went right
    merged[1::2] = left[agreed] + right[disagreed]  # went left
    return merged


def _count(node: dict[str, Any]) -> float:
    return float(node["leaf_count"] if "leaf_value" in node else node["internal_count"])


def _weights(d: int) -> np.ndarray:
    """Shapley weights |S|! (d − |S| − 1)! / d! for |S| = 0 … d − 1."""
    if d == 0:
        return np.zeros(0)
    return np.array([factorial(s) * factorial(d - s - 1) / factorial(d) for s in range(d)])


@numba.njit(cache=True)
def _leaf_table(value: float, zero: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """φ_i for every agreement set A (bit j set when the row follows the path on feature j) and feature i."""
    d = zero.shape[0]
    table = np.zeros((1 << d, d))
    poly = np.zeros(d + 1)
    for mask in range(1 << d):
        for i in range(d):
            # Elementary symmetric polynomials of z over B = A∖{i}; the product of z over the rest of P∖{i}.
            poly[:] = 0.0
            poly[0] = 1.0
            size = 0
            rest = 1.0
            for j in range(d):
                if j == i:
                    continue
                if (mask >> j) & 1:
                    size += 1
                    for k in range(size, 0, -1):
                        poly[k] += poly[k - 1] * zero[j]
                else:
                    rest *= zero[j]
            # S ⊆ B with |S| = size − k leaves k members of B outside S, each contributing its z.
            total = 0.0
            for k in range(size + 1):
                total += weights[size - k] * poly[k]
            one = float((mask >> i) & 1)
            table[mask, i] = value * (one - zero[i]) * rest * total
    return table


@numba.njit(inline="always")
def _goes_left(fval: float, threshold: float, default_left: int, missing: int) -> int:
    """LightGBM's numerical decision (Tree::NumericalDecision), including its handling of missing values.

    NaN reads as 0.0 unless the split sends missing values one way; written to compile without data-dependent
    branches on the comparison itself.
    """
    nan = fval != fval
    v = 0.0 if nan else fval
    if (missing == 2 and nan) or (missing == 1 and -_ZERO_THRESHOLD <= v <= _ZERO_THRESHOLD):
        return default_left
    return np.int8(v <= threshold)  # type: ignore[return-value]


@numba.njit(inline="always")
def _explain_rows(
    X, out, lo, hi, node_start, node_feature, node_threshold, node_default_left, node_missing, edge_start, edge_node,
    edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start, out_column, table_start, table, left, mask,
):  # fmt: skip
    """Add the contributions of rows lo…hi-1 to out: a block of rows at a time, one tree at a time within a block,
    so that both the block's rows and the tree's nodes and tables stay in cache."""
    for block in range(lo, hi, _BLOCK_ROWS):
        _explain_block(
            X, out, block, min(block + _BLOCK_ROWS, hi), node_start, node_feature, node_threshold, node_default_left,
            node_missing, edge_start, edge_node, edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start,
            out_column, table_start, table, left, mask,
        )  # fmt: skip


@numba.njit(inline="always")
def _explain_block(
    X, out, lo, hi, node_start, node_feature, node_threshold, node_default_left, node_missing, edge_start, edge_node,
    edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start, out_column, table_start, table, left, mask,
):  # fmt: skip
    for tree in range(node_start.shape[0] - 1):
        first = node_start[tree]
        count = node_start[tree + 1] - first
        for r in range(lo, hi):
            x = X[r]
            out_row = out[r]
            for k in range(count):
                n = first + k
                left[k] = _goes_left(x[node_feature[n]], node_threshold[n], node_default_left[n], node_missing[n])
            # Depth-first over the edges: mask[depth] is the agreement set of the path down to that depth, with the
            # path's distinct features numbered in order of first test (the numbering of the leaf tables).
            mask[0] = 0
            for e in range(edge_start[tree], edge_start[tree + 1]):
                depth = edge_depth[e]
                m = mask[depth]
                went_left = left[edge_node[e]]
                if edge_kind[e] == 2:  # two sibling leaves, one table
                    row = 2 * m + went_left
                else:
                    # A feature tested for the first time sets its bit when the row agrees; a feature tested again
                    # clears it when the row disagrees. Arithmetic, not branches: agreement is unpredictable.
                    bit = np.int64(1) << edge_slot[e]
                    agree = np.int64(went_left == edge_kind[e])
                    fresh = np.int64(edge_new[e])
                    m = (m | (agree * fresh * bit)) & ~((1 - agree) * (1 - fresh) * bit)
                    mask[depth + 1] = m
                    row = m
                t = edge_table[e]
                if t >= 0:
                    start = out_start[t]
                    width = out_start[t + 1] - start
                    base = table_start[t] + row * width
                    for j in range(width):
                        out_row[out_column[start + j]] += table[base + j]


@numba.njit(cache=True)
def _explain_serial(
    X, out, node_start, node_feature, node_threshold, node_default_left, node_missing, edge_start, edge_node,
    edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start, out_column, table_start, table, max_nodes,
    max_depth,
):  # fmt: skip
    left = np.zeros(max_nodes, dtype=np.int8)
    mask = np.zeros(max_depth + 1, dtype=np.int64)
    _explain_rows(
        X, out, 0, X.shape[0], node_start, node_feature, node_threshold, node_default_left, node_missing, edge_start,
        edge_node, edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start, out_column, table_start, table,
        left, mask,
    )  # fmt: skip


@numba.njit(cache=True, parallel=True)
def _explain_parallel(
    X, out, node_start, node_feature, node_threshold, node_default_left, node_missing, edge_start, edge_node,
    edge_kind, edge_depth, edge_slot, edge_new, edge_table, out_start, out_column, table_start, table, max_nodes,
    max_depth, chunks,
):  # fmt: skip
    size = (X.shape[0] + chunks - 1) // chunks
    for c in numba.prange(chunks):
        left = np.zeros(max_nodes, dtype=np.int8)
        mask = np.zeros(max_depth + 1, dtype=np.int64)
        _explain_rows(
            X, out, c * size, min((c + 1) * size, X.shape[0]), node_start, node_feature, node_threshold,
            node_default_left, node_missing, edge_start, edge_node, edge_kind, edge_depth, edge_slot, edge_new,
            edge_table, out_start, out_column, table_start, table, left, mask,
        )  # fmt: skip
