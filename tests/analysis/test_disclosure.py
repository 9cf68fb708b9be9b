"""What results pages may show: small cells, their complements, and hidden sums all protected."""

import numpy as np
import pytest

from analysis.breakdown import suppression_mask
from analysis.disclosure import group_mask, group_refused, overall_mask


def test_a_small_count_is_hidden_with_the_smallest_other():
    assert overall_mask([20, 14, 3], answered=37).tolist() == [False, True, True]
    assert overall_mask([20, 14, 0], answered=34).tolist() == [False, False, False]  # zeros reveal nobody


def test_everything_is_hidden_when_few_answered():
    assert overall_mask([6, 4], answered=10).all()


def test_hidden_cells_never_add_up_to_a_small_group():
    """Two hidden cells of 3 and 4 would give away a group of 7 (the total less what is shown)."""
    counts = [[30, 3, 4]]
    assert suppression_mask(counts).tolist() == [[False, True, True]]
    hidden = suppression_mask(counts, protect_sums=True)
    assert hidden.tolist() == [[True, True, True]]


@pytest.mark.parametrize("seed", range(30))
def test_no_group_cell_can_be_worked_out_from_the_totals(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 30, size=(4, 5))
    answered = counts.sum(axis=0)
    overall = counts.sum(axis=1)
    row_hidden = overall_mask(overall, int(overall.sum()))
    mask = group_mask(counts, answered, row_hidden)
    table = np.vstack([counts, answered])
    for matrix, hidden in ((table, mask), (table.T, mask.T)):
        for line, line_hidden in zip(matrix, hidden, strict=True):
            shown_small = line[~line_hidden]
            assert not ((shown_small > 0) & (shown_small < 11)).any()
            assert line_hidden.sum() != 1 or line[line_hidden].sum() == 0
            assert line[line_hidden].sum() == 0 or line[line_hidden].sum() >= 11
    assert mask[:-1][row_hidden].all()  # hidden overall, hidden in every group


def test_a_group_or_its_complement_below_the_minimum_is_refused():
    assert group_refused(10, 100)
    assert group_refused(95, 100)
    assert not group_refused(11, 22)


def test_no_answers_at_all_shows_the_zeros():
    # Nothing to protect: "not shown" for every option would only say the page is broken.
    assert not overall_mask([0, 0, 0], 0).any()
    assert overall_mask([0, 5, 0], 5).all()
