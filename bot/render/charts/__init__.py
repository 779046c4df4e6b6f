"""PNG charts of a POI's figures, drawn headless with matplotlib's object-oriented API (the public API).

Two charts, both returned as PNG bytes sized for a phone (1000 px wide, 600 px tall or more):

* ``series_chart``: one activity or a unit, month by month or quarter by quarter, plotting
  ``bot.render.charts.data.series_points``.
  - **One activity**: its programmed and executed quantities side by side, in its unit of measure,
    with the cumulative figure at the data cut-off in the subtitle.
  - **Several activities** (a unit): the percent of the programmed that was executed in each month
    or quarter, as the mean of the activity percents, each capped at 100 %, over the activities with
    something programmed there: exactly how ``bot.domain.figures.progress`` computes the unit figure the
    bot states in text. Quantities are never added across activities, not even when they share a
    unit of measure: "5 INFORMES + 120 ACCIONES" means nothing, and even two kinds of INFORMES
    summed would let the largest activity drown the others and disagree with the unit percent the
    bot reports. Each bar is coloured by its status band; a month in which nothing was programmed
    says "sin prog." instead of a bar.
  Months after the data cut-off (``up_to_month``) show what is programmed only, on a grey ground. A
  quarter the cut-off falls in is compared on its months up to the cut-off ("III (jul–ago)"), so a
  half-gone quarter is not shown as lagging. A month or quarter holding an inferred (reconstructed)
  cell has a hatched bar and an asterisk on its label, explained in the legend; a quarter is marked
  when any of its months is, as ``bot.domain.figures.activity_figure`` marks it. A past month the source
  says nothing about is labelled "—", not 0.
* ``activities_chart`` and ``activities_chart_pages`` (from ``bot.render.charts.activities``): the
  activities of a unit or of the institution by percent, coloured by band.

Only ``matplotlib.figure.Figure`` with the Agg canvas is used, never pyplot: nothing global is created
or changed, so charts may be drawn from several threads at once (``bot.render.charts.base`` has the canvas).
Every label is Spanish.
"""

from bot.render.charts.activities import activities_chart, activities_chart_pages
from bot.render.charts.series import series_chart

__all__ = ["activities_chart", "activities_chart_pages", "series_chart"]
