"""The two sums of the floating catchment over the pairs in reach, compiled by Numba.

``np.bincount`` does the same but converts int32 pair indices to int64 first and needs
the products ``w * D[i]`` and ``w * R[j]`` as arrays of their own: on the Germany-sized
bench that was a third of the whole computation. The loops below add in the same order
as ``np.bincount`` (pair by pair), so the results are bit for bit the same.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def demand_in_reach(demand_index, supply_index, w, demand, n_supply):  # type: ignore[no-untyped-def]
    """``Σ_i w_ij D_i`` per offer j (``w`` of length 0: every weight is 1)."""
    total = np.zeros(n_supply, dtype=np.float64)
    if w.shape[0] == 0:
        for k in range(demand_index.shape[0]):
            total[supply_index[k]] += demand[demand_index[k]]
    else:
        for k in range(demand_index.shape[0]):
            total[supply_index[k]] += w[k] * demand[demand_index[k]]
    return total


@numba.njit(cache=True, nogil=True)
def access_per_demand(demand_index, supply_index, w, ratio, n_demand):  # type: ignore[no-untyped-def]
    """``Σ_j w_ij R_j`` per demand point i (``w`` of length 0: every weight is 1)."""
    total = np.zeros(n_demand, dtype=np.float64)
    if w.shape[0] == 0:
        for k in range(demand_index.shape[0]):
            total[demand_index[k]] += ratio[supply_index[k]]
    else:
        for k in range(demand_index.shape[0]):
            total[demand_index[k]] += w[k] * ratio[supply_index[k]]
    return total
