"""The summary cell of the Sozialraumbericht on small hand-computed cases."""

from sozialplanung.analysis.sozialraum_summary import CategoryFigures, combine, summarise


def test_a_domain_counts_its_shown_categories():
    summary = summarise(
        [
            CategoryFigures(score=62.0, shortfall=12.5, absorbable=4.0, remaining=8.5),
            CategoryFigures(score=48.0, shortfall=3.0, absorbable=3.0, remaining=0.0),
            CategoryFigures(score=30.0, shortfall=0.0, absorbable=0.0, remaining=0.0),
            CategoryFigures(score=None, shortfall=None),
        ]
    )
    assert (summary.categories, summary.withheld, summary.short) == (4, 0, 2)
    assert (summary.assessed, summary.absorbed, summary.unabsorbed) == (2, 1, 1)
    assert summary.worst_score == 62.0


def test_a_withheld_category_gives_no_score_and_no_count():
    summary = summarise(
        [
            CategoryFigures(score=40.0, shortfall=3.0, absorbable=1.0, remaining=2.0),
            CategoryFigures(score=90.0, shortfall=20.0, remaining=20.0, withheld=True),
        ]
    )
    # 90 and its shortfall belong to the withheld category: neither shows.
    assert (summary.categories, summary.withheld, summary.short) == (2, 1, 1)
    assert (summary.unabsorbed, summary.worst_score) == (1, 40.0)


def test_without_absorption_figures_nothing_counts_as_absorbed():
    summary = summarise([CategoryFigures(score=70.0, shortfall=5.0)])
    assert (summary.short, summary.assessed, summary.absorbed, summary.unabsorbed) == (1, 0, 0, 0)


def test_totals_add_counts_and_keep_the_worst_score():
    first = summarise([CategoryFigures(score=10.0, shortfall=2.0, remaining=2.0)])
    second = summarise(
        [
            CategoryFigures(score=55.0, shortfall=1.0, remaining=0.0),
            CategoryFigures(score=99.0, shortfall=1.0, withheld=True),
        ]
    )
    both = combine([first, second])
    assert (both.categories, both.withheld, both.short) == (3, 1, 2)
    assert (both.assessed, both.absorbed, both.unabsorbed, both.worst_score) == (2, 1, 1, 55.0)
