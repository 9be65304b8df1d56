from hypothesis import given
from hypothesis import strategies as st

from core.smallcells import THRESHOLD, suppress_line, suppress_table, total


def test_small_counts_are_hidden_and_large_ones_shown():
    cells = suppress_line({"web": 120, "hotline": 3, "letter": 45})
    assert cells["hotline"].hidden
    assert cells["web"].value == 120


def test_a_single_hidden_cell_takes_its_smallest_neighbour_with_it():
    # 168 - 120 - 45 would give the hidden 3 back: the 45 must go too.
    cells = suppress_line({"web": 120, "hotline": 3, "letter": 45})
    assert cells["letter"].hidden


def test_nothing_hidden_when_every_cell_is_large():
    cells = suppress_line({"web": 120, "hotline": 30})
    assert not any(cell.hidden for cell in cells.values())


def test_zero_is_a_small_count_too():
    assert suppress_line({"a": 0, "b": 0})["a"].hidden


def test_totals_under_the_threshold_are_hidden():
    assert total(THRESHOLD - 1).hidden
    assert total(THRESHOLD).value == THRESHOLD


def test_column_totals_do_not_give_a_hidden_cell_back():
    table = suppress_table(
        {
            "Jan": {"Beijing": 50, "Shanghai": 4, "Tianjin": 60},
            "Feb": {"Beijing": 70, "Shanghai": 80, "Tianjin": 90},
        }
    )
    # Row rule hides Jan/Beijing (50, the smaller shown); column rule then hides Feb cells.
    for col in ("Beijing", "Shanghai", "Tianjin"):
        hidden = [row for row in ("Jan", "Feb") if table[row][col].hidden]
        assert len(hidden) != 1, col


@given(
    st.dictionaries(
        st.sampled_from(["r1", "r2", "r3", "r4"]),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(0, 40), min_size=3),
        min_size=1,
    )
)
def test_no_line_ever_has_exactly_one_hidden_cell(rows):
    table = suppress_table(rows)
    columns = {col for cells in table.values() for col in cells}
    lines = [list(cells.values()) for cells in table.values()]
    lines += [[table[row][col] for row in table] for col in columns]
    for line in lines:
        hidden = sum(cell.hidden for cell in line)
        assert hidden != 1 or len(line) == 1
    for row, cells in rows.items():
        for col, count in cells.items():
            if count < THRESHOLD:
                assert table[row][col].hidden
