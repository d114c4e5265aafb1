"""Cronbach's alpha against references computed another way: from the covariance matrix
(alpha = k/(k-1) * (1 - trace(C) / sum(C))), on a published example, and at the known limits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from leerritme.scan.selectors import cronbach_alpha


def reference_alpha(matrix):
    covariance = np.cov(np.asarray(matrix, dtype=float), rowvar=False)
    k = covariance.shape[0]
    total = covariance.sum()
    # Integer answers: the variance of the totals is either exactly 0 (everyone the same total, alpha is
    # undefined) or at least 1/n; floating point can leave 1e-16 for the former.
    if abs(total) < 1e-9:
        return float("nan")
    return k / (k - 1) * (1 - np.trace(covariance) / total)


@settings(max_examples=200, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(3, 40), st.integers(2, 8)), elements=st.integers(1, 5)))
def test_alpha_equals_the_covariance_matrix_formula(matrix):
    expected = reference_alpha(matrix)
    found = cronbach_alpha(matrix)
    if not np.isfinite(expected):
        assert found is None
    else:
        assert found == pytest.approx(expected, abs=1e-9)


def test_a_worked_example():
    """Four items, six respondents, worked by hand: item variances (ddof 1) 2.0, 0.6667, 1.3667 and 1.1 sum to
    5.1333; the total scores 6, 10, 12, 16, 14, 18 have variance 18.6667; alpha = 4/3 * (1 - 5.1333/18.6667)
    = 4/3 * 0.725 = 0.9667."""
    matrix = [[1, 2, 1, 2], [2, 3, 2, 3], [3, 3, 3, 3], [4, 4, 4, 4], [3, 4, 3, 4], [5, 4, 4, 5]]
    assert cronbach_alpha(matrix) == pytest.approx(0.96667, abs=1e-4)
    assert cronbach_alpha(matrix) == pytest.approx(reference_alpha(matrix))


def test_the_limits():
    parallel = [[1, 1, 1], [2, 2, 2], [4, 4, 4], [5, 5, 5]]
    assert cronbach_alpha(parallel) == pytest.approx(1.0)
    assert cronbach_alpha([[1], [2], [3]]) is None  # one item: undefined
    assert cronbach_alpha([[3, 3], [3, 3]]) is None  # no variance
    assert cronbach_alpha([[1, np.nan], [2, 2], [3, 3], [4, 5]]) == pytest.approx(reference_alpha([[2, 2], [3, 3],
                                                                                                   [4, 5]]))
