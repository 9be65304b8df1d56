from datetime import timedelta

from insights.buckets import EDGES, WITHIN_7_DAYS, WITHIN_90_DAYS, bucket_label, bucket_of, quantile


def test_seven_days_exactly_falls_within_seven_days():
    assert bucket_of(timedelta(days=7)) == WITHIN_7_DAYS - 1
    assert bucket_of(timedelta(days=7, seconds=1)) == WITHIN_7_DAYS


def test_ninety_days_is_a_bucket_edge():
    assert bucket_of(timedelta(days=90)) == WITHIN_90_DAYS - 1


def test_beyond_the_last_edge_is_the_open_bucket():
    assert bucket_of(timedelta(days=400)) == len(EDGES)
    assert bucket_label(len(EDGES)) == ">180d"


def test_the_median_is_interpolated_inside_its_bucket():
    counts = [0] * (len(EDGES) + 1)
    counts[3] = 10  # all between 12 and 24 hours
    assert quantile(counts, 0.5) == 18 * 3600


def test_no_data_has_no_median_and_the_open_bucket_is_infinite():
    assert quantile([0, 0], 0.5) is None
    counts = [0] * len(EDGES) + [5]
    assert quantile(counts, 0.9) == float("inf")
