"""slakit for Python: business calendars, contracts and period reports.

The C++ core (slakit._slakit) does the work; this module adds what pandas users
expect: columns taken from Series and DataFrames, reports as dicts and
DataFrames, and Report objects that pickle (so that Dask can move them).

    import slakit
    contract = slakit.Contract.load("examples/contracts/response_time_agreement.toml")
    frame = slakit.read_requests("requests.csv")
    report = slakit.Report(contract, as_of=slakit.latest_instant(contract, frame))
    report.add_frame(frame)
    print(report.to_table())

See examples/python/README.md.
"""

from __future__ import annotations

import datetime as _datetime
import io as _io
import json as _json

from ._slakit import Calendar, Contract, DimensionLimitError, _Report
from ._slakit import latest_event_instant as _latest_event_instant
from ._slakit import sla_events as _sla_events
from ._slakit import latest_instant as _latest_instant
from ._slakit import latest_instant_csv as _latest_instant_csv

__all__ = [
    "Calendar",
    "Contract",
    "DimensionLimitError",
    "Report",
    "COLUMNS",
    "TIME_COLUMNS",
    "EVENT_COLUMNS",
    "SLA_EVENT_COLUMNS",
    "latest_event_instant",
    "read_events",
    "sla_events",
    "latest_instant",
    "latest_instant_csv",
    "merge",
    "read_requests",
]

# The columns of sla_report's requests CSV, in its order.
COLUMNS = (
    "id",
    "channel",
    "priority",
    "submitted_at",
    "first_response_at",
    "handoff_decided_at",
    "handoff_completed_at",
    "human_contact_at",
    "excluded_reason",
)
TIME_COLUMNS = COLUMNS[3:8]
_ROW_COLUMNS = COLUMNS[1:]  # what a report reads (ids are the CLI's duplicate check)


def read_requests(path, **read_csv_options):
    """A requests CSV (sla_report's format) as a DataFrame of text columns.

    Every field is kept as text, an empty field as "" (an event that did not
    happen): the report parses instants exactly as sla_report does. Channel and
    priority become categoricals, which the report maps once per category.
    Other columns (team, agent... for Report(by=...)) are text too: "007" stays
    "007".
    """
    import collections

    import pandas as pd

    options = dict(
        dtype=collections.defaultdict(lambda: str, {c: "category" for c in ("channel", "priority")}),
        keep_default_na=False,
        na_filter=False,
        skipinitialspace=True,
    )
    options.update(read_csv_options)
    return pd.read_csv(path, **options)


def _text_column(values, name):
    if values is None:
        return None
    try:
        import pandas as pd
    except ImportError:  # numpy arrays and lists need no pandas
        return values
    if isinstance(values, pd.Series):
        if isinstance(values.dtype, pd.CategoricalDtype):
            return values.astype(object).to_numpy()
        return values.to_numpy(dtype=object)
    return values


def _time_column(values, name):
    """int64 nanoseconds since 1970 UTC (NaT: missing), or text for the core to parse."""
    if values is None:
        return None
    try:
        import pandas as pd
    except ImportError:
        return values
    if isinstance(values, (pd.Series, pd.Index)):
        dtype = values.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return values.array.asi8
        if pd.api.types.is_datetime64_dtype(dtype):
            raise ValueError(
                f"{name}: a datetime column without a time zone names no instants; "
                f"localize it (e.g. .dt.tz_localize('UTC')) or pass int64 nanoseconds since 1970 UTC"
            )
        return values.to_numpy()
    return values


def _columns(channel, priority, submitted_at, first_response_at, handoff_decided_at,
             handoff_completed_at, human_contact_at, excluded_reason):
    return (
        _text_column(channel, "channel"),
        _text_column(priority, "priority"),
        _time_column(submitted_at, "submitted_at"),
        _time_column(first_response_at, "first_response_at"),
        _time_column(handoff_decided_at, "handoff_decided_at"),
        _time_column(handoff_completed_at, "handoff_completed_at"),
        _time_column(human_contact_at, "human_contact_at"),
        _text_column(excluded_reason, "excluded_reason"),
    )


def _dimension_names(by):
    """by as the core takes it: a list of column names (a single name may be a str)."""
    if by is None:
        return []
    names = [by] if isinstance(by, str) else list(by)
    for name in names:
        if not isinstance(name, str):
            raise TypeError(f"by: expected column names (str), not {name!r}")
        if name in _RESERVED:
            raise ValueError(f"by: {name!r} is a column of the report itself (to_frame, by_dimension); "
                             f"rename the dimension")
    return names


def _dimension_column(values, name):
    """A dimension column as the core reads it: objects that are str or None.

    Missing values (None, NaN, pd.NA) become None, which the core counts as ""
    (an empty CSV field); integer columns become their decimal text, as in a CSV;
    categoricals their categories' text. Anything else must already be text.
    """
    import numpy as np

    try:
        import pandas as pd
    except ImportError:
        pd = None
    if pd is not None and isinstance(values, (pd.Series, pd.Index)):
        dtype = values.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            values = values.astype(object)
        elif pd.api.types.is_integer_dtype(dtype):
            values = values.astype("string")
        return np.asarray(pd.Series(values).to_numpy(dtype=object, na_value=None), dtype=object)
    array = np.asarray(values)
    if array.dtype.kind in "iu":
        return array.astype(str).astype(object)
    return array if array.dtype.kind == "O" else np.asarray(values, dtype=object)


# The columns of to_frame() and by_dimension(): no dimension may take their names.
_RESERVED = frozenset(("period", "channel", "priority", "requests", "in_scope", "out_of_hours", "excluded", "met",
                       "breached", "pending", "no_threshold", "handoff_met", "handoff_breached", "compliance",
                       "mean_s", "min_s", "max_s", "p50_s", "p90_s", "p99_s"))


def _split_dimensions(columns, by):
    """columns={name: frame column} split into the request's own names and the dimensions'."""
    columns = dict(columns or {})
    return columns, {name: columns.pop(name, name) for name in by}


def _frame_dimensions(frame, names, what):
    for name, column in names.items():
        if column not in frame.columns:
            raise ValueError(f"the {what} has no column {column!r} (dimension {name!r})")
    return {name: frame[column] for name, column in names.items()}


def _frame_columns(frame, columns):
    """The report's columns of a DataFrame; columns maps our names to the frame's."""
    names = {c: c for c in _ROW_COLUMNS}
    if columns:
        unknown = set(columns) - set(COLUMNS)
        if unknown:
            raise ValueError(f"columns: unknown names {sorted(unknown)} (expected some of {list(COLUMNS)})")
        names.update(columns)
    for required in ("channel", "priority", "submitted_at"):
        if names[required] not in frame.columns:
            raise ValueError(f"the frame has no column {names[required]!r} ({required})")
    return {c: (frame[names[c]] if names[c] in frame.columns else None) for c in _ROW_COLUMNS}


# The columns of sla_report's events CSV (--events), in its order: one event a row.
EVENT_COLUMNS = ("request_id", "at", "event", "channel", "priority", "status", "author", "reason")
# The columns of sla_report --sla-events, in its order: one SLA event a row.
SLA_EVENT_COLUMNS = (
    "request_id",
    "metric",
    "cycle",
    "priority",
    "limit_s",
    "clock",
    "start",
    "applied_from",
    "due",
    "end",
    "breached_at",
    "running_s",
    "paused_s",
    "status",
    "paused_now",
    "warning",
)


def read_events(path, **read_csv_options):
    """An events CSV (sla_report --events' format) as a DataFrame of text columns.

    Every field is kept as text, an empty one as "": the core parses instants as
    sla_report does. event, channel, priority, status and author become
    categoricals. Columns the format does not name are kept as text (a report's
    dimensions, by=..., are read from them).
    """
    import collections

    import pandas as pd

    options = dict(
        dtype=collections.defaultdict(lambda: str,
                                      {c: "category" for c in ("event", "channel", "priority", "status", "author")}),
        keep_default_na=False,
        na_filter=False,
        skipinitialspace=True,
    )
    options.update(read_csv_options)
    return pd.read_csv(path, **options)


def _event_columns(events, columns):
    """The events table's columns by our names (columns maps ours to the frame's)."""
    names = {c: c for c in EVENT_COLUMNS}
    if columns:
        unknown = set(columns) - set(EVENT_COLUMNS)
        if unknown:
            raise ValueError(f"columns: unknown names {sorted(unknown)} (expected some of {list(EVENT_COLUMNS)})")
        names.update(columns)
    for required in ("request_id", "at", "event"):
        if names[required] not in events.columns:
            raise ValueError(f"the events have no column {names[required]!r} ({required})")
    got = {c: (events[names[c]] if names[c] in events.columns else None) for c in EVENT_COLUMNS}
    import numpy as np
    import pandas as pd

    ids = got["request_id"]
    integers = pd.api.types.is_integer_dtype(ids.dtype) and not isinstance(ids.dtype, pd.CategoricalDtype)
    ids = np.asarray(ids) if integers else np.asarray(ids, dtype=object)
    out = {"request_id": ids, "at": _time_column(got["at"], "at")}
    for c in EVENT_COLUMNS[2:]:
        out[c] = _text_column(got[c], c)
    return out


def _instants(values):
    import pandas as pd

    return pd.Series(values.view("M8[ns]")).dt.tz_localize("UTC")


def _seconds(nanoseconds):
    """Whole milliseconds / 1000: the double nearest to sla_report's decimal text."""
    return (nanoseconds // 1_000_000) / 1e3


def sla_events(contract, events, as_of=None, *, columns=None, threads=1):
    """The SLA events of every request of an events table, at as_of.

    events is a DataFrame with the columns of sla_report's events CSV
    (EVENT_COLUMNS; columns={name: frame column} maps other names); at holds
    timezone-aware datetimes, int64 nanoseconds since 1970 UTC or text. Rows are
    grouped by request_id in C++ (a request's rows may be anywhere, in any order;
    at one instant they take effect in the order given) and the timelines are
    evaluated with the GIL released, on `threads` threads.

    as_of defaults to the latest instant of the table (sla_report's default).
    Requests submitted after as_of give no row. Returns a DataFrame with one row
    per request, metric and cycle, in the columns of sla_report --sla-events
    (SLA_EVENT_COLUMNS): instants as datetime64[ns, UTC] (NaT: absent), limit_s,
    running_s and paused_s in seconds, warning the highest warning level reached
    as a fraction (NaN: none). Requests come in the order of their first row.

    A row that cannot be read (unknown event, channel or priority, bad instant...)
    or a request whose timeline is invalid raises ValueError naming the request id,
    the row and, for a timeline, the event (slakit's invalid_timeline message).
    """
    import numpy as np
    import pandas as pd

    cols = _event_columns(events, columns)
    raw = _sla_events(contract, **cols, as_of=as_of, threads=threads)
    rows = raw["row"]
    ids = cols["request_id"][rows]

    def codes(name, categories, ordered=False):
        return pd.Categorical.from_codes(raw[name].astype(np.int64), categories=categories, ordered=ordered)

    levels = np.asarray(list(raw["warning_levels"]) + [np.nan], dtype=float)
    frame = pd.DataFrame({
        "request_id": ids,
        "metric": codes("metric", raw["metric_names"]),
        "cycle": raw["cycle"],
        "priority": codes("priority", raw["priority_names"], ordered=True),
        "limit_s": _seconds(raw["limit"]),
        "clock": codes("clock", raw["clock_names"]),
        "start": _instants(raw["start"]),
        "applied_from": _instants(raw["applied_from"]),
        "due": _instants(raw["due"]),
        "end": _instants(raw["end"]),
        "breached_at": _instants(raw["breached_at"]),
        "running_s": _seconds(raw["running"]),
        "paused_s": _seconds(raw["paused"]),
        "status": codes("status", raw["status_names"]),
        "paused_now": raw["paused_now"].astype(bool),
        "warning": levels[raw["warning"]],  # -1: the NaN at the end
    })
    frame.attrs["as_of"] = raw["as_of"]
    frame.attrs["requests"] = raw["requests"]
    frame.attrs["not_yet_submitted"] = raw["not_yet_submitted"]
    return frame


def latest_event_instant(contract, events, *, columns=None):
    """The latest instant among an events table's readable rows: the as_of that
    sla_events and sla_report --events take by default. None for no such row."""
    return _latest_event_instant(contract, **_event_columns(events, columns))


def latest_instant(contract, frame=None, *, columns=None, **column_values):
    """The latest instant among the rows a report would accept: sla_report's
    default as_of. Pass a DataFrame (with optional columns={name: frame column})
    or the columns as keywords. None when no row would be accepted."""
    if frame is not None:
        column_values = _frame_columns(frame, columns)
    values = _columns(*(column_values.get(c) for c in _ROW_COLUMNS))
    return _latest_instant(contract, *values)


def latest_instant_csv(contract, path, threads=1):
    """latest_instant() of a requests CSV read in C++ as sla_report reads it."""
    return _latest_instant_csv(contract, str(path), threads)


class Report:
    """A period report (clause 3.3) of a contract, evaluated at as_of.

    Report(contract, period="month", *, as_of, as_of_is_latest=False, by=None, max_groups=None)

    period is "month", "week" or "day" (in the contract calendar's zone); as_of a
    timezone-aware datetime. as_of_is_latest records that as_of is the latest
    instant of the data (as sla_report takes it by default), which to_dict()
    reports as sla_report does. Reports of the same contract, period, as_of and
    by merge exactly, in any order and grouping.

    by names host dimensions (columns such as "team" or ["team", "agent"]) that
    break each period down further, in addition to channel and priority: each
    distinct combination of their values has its own exact, mergeable groups.
    max_groups bounds the distinct combinations over the whole report: adding
    or merging one more raises DimensionLimitError (a ValueError) and adds
    nothing; folded() keeps the busiest and puts the rest under "other".
    """

    __slots__ = ("_core",)

    def __init__(self, contract, period="month", *, as_of, as_of_is_latest=False, by=None, max_groups=None):
        self._core = _Report(contract, period, as_of=as_of, as_of_is_latest=as_of_is_latest,
                             by=_dimension_names(by), max_groups=max_groups)

    @classmethod
    def _wrap(cls, core):
        report = cls.__new__(cls)
        report._core = core
        return report

    def __reduce__(self):
        return (Report._wrap, (self._core,))

    # --- adding rows ---------------------------------------------------------

    def add_columns(self, channel, priority, submitted_at, first_response_at=None, handoff_decided_at=None,
                    handoff_completed_at=None, human_contact_at=None, excluded_reason=None, *, dimensions=None):
        """Adds one row per element; returns how many were accepted.

        Text columns (channel, priority, excluded_reason): sequences of str, None
        or "" for missing. Time columns: int64 nanoseconds since 1970-01-01 UTC
        (NaT for missing), timezone-aware pandas datetimes, or text as in
        sla_report's CSV. A row sla_report would reject is counted in
        rows_rejected with its reason in rejections, and not added.

        dimensions={name: column} gives a column for each name of `by` (and no
        other): str values; None, NaN and pd.NA are "" (as an empty CSV field);
        integers are their decimal text. With max_groups, a batch that would
        pass the limit raises DimensionLimitError and adds nothing.
        """
        return self._core.add_columns(*_columns(channel, priority, submitted_at, first_response_at,
                                                handoff_decided_at, handoff_completed_at, human_contact_at,
                                                excluded_reason), dimensions=self._dimension_columns(dimensions))

    def _dimension_columns(self, dimensions):
        by = self.by
        given = dict(dimensions or {})
        extra = sorted(set(given) - set(by))
        if extra and not by:
            raise ValueError(f"dimensions: the report has no dimensions (by=None), but columns were given for {extra}")
        if extra:
            raise ValueError(f"dimensions: {extra} are not dimensions of this report (by={list(by)})")
        missing = [name for name in by if name not in given]
        if missing:
            raise ValueError(f"dimensions: no column for {missing} (the report is by {list(by)})")
        return [_dimension_column(given[name], name) for name in by]

    def add_frame(self, frame, columns=None):
        """Adds the rows of a DataFrame with sla_report's column names (or
        columns={name: frame column}, dimensions' names included); returns how
        many were accepted. The dimensions of `by` are the frame's columns of
        those names."""
        columns, dimensions = _split_dimensions(columns, self.by)
        return self.add_columns(**_frame_columns(frame, columns),
                                dimensions=_frame_dimensions(frame, dimensions, "frame"))

    def add_csv(self, path, threads=1):
        """Adds the rows of a requests CSV read in C++ by sla_report's reader
        (with its checks of field counts, UTF-8 and duplicate ids, and `threads`
        workers, the GIL released); returns how many were accepted. Rejected
        rows are listed as ("file:line", reason).

        The dimensions of `by` are the file's columns of those names, as
        sla_report --by reads them. Past max_groups the reader stops and
        DimensionLimitError is raised (values None: the file's count is not
        known); nothing is added."""
        return self._core.add_csv(str(path), threads)

    def add_events(self, events, columns=None, threads=1):
        """Adds the requests of an events DataFrame (sla_report --events' columns,
        EVENT_COLUMNS, or columns={name: frame column}) as timelines: each request
        evaluated at as_of, its record and its SLA events counted per metric.
        Rows are grouped by request_id in C++ and evaluated on `threads` threads,
        the GIL released. As sla_report --events: a row it cannot read is rejected
        and left out of its request; a request whose timeline is invalid, or
        submitted after as_of, is rejected whole (requests_rejected), listed in
        rejections at the row of the offending event. All of a request's rows
        must be in one call (a request split over two calls is two requests).
        Returns the number of requests added.

        The dimensions of `by` are the table's columns of those names (or as
        columns maps them); a request's values are those of its submitted row
        (the other rows' are not read)."""
        columns, dimensions = _split_dimensions(columns, self.by)
        given = _frame_dimensions(events, dimensions, "events table")
        return self._core.add_events(**_event_columns(events, columns), threads=threads,
                                     dimensions=self._dimension_columns(given))

    def add_outage(self, begin, end):
        """An outage [begin, end) of the service, for the availability figures."""
        self._core.add_outage(begin, end)

    def merge(self, other):
        """Adds other's rows, outages and counts to this report; returns self.
        Both must have the same `by` (ValueError otherwise); past max_groups it
        raises DimensionLimitError and changes nothing."""
        self._core.merge(other._core)
        return self

    def folded(self, keep, other="other"):
        """A new report where the `keep` dimension values with the most requests
        over the whole report keep their groups (ties: the smaller value) and
        every other value's groups merge, exactly, into `other`'s: a str (the
        same for each dimension of `by`) or one value per dimension. Rows, counts
        and rejections are kept; max_groups is not."""
        if keep < 0:
            raise ValueError("folded: keep must be at least 0")
        others = [other] * len(self.by) if isinstance(other, str) else list(other)
        return Report._wrap(self._core.folded(keep, others))

    def dimension_values(self):
        """The distinct values of the dimensions of `by`, as tuples, ascending
        ([()] for a report of rows without dimensions; [] when empty)."""
        return [tuple(v) for v in self._core._dimension_values()]

    def by_dimension(self):
        """One row per period and dimension value, from the library's totals of
        that value's groups: period, the columns of `by`, requests, in_scope,
        out_of_hours, excluded, met, breached, pending, no_threshold,
        handoff_met, handoff_breached, compliance (met / (met + breached), NaN
        when none is decided) and the first-response times of the value's groups
        merged (each group on its target's clock, as the JSON's distribution):
        mean_s, min_s, max_s, p50_s, p90_s, p99_s (NaN when none), the
        columns and order of to_frame()'s."""
        return _typed_frame(self._core._by_dimension(), ("period",) + self.by)

    # --- reading it ----------------------------------------------------------

    def to_dict(self, requests="<columns>"):
        """The report in the shape of sla_report --format json."""
        return _json.loads(self._core._json(requests))

    def to_json(self, requests="<columns>"):
        """The text sla_report --format json prints."""
        return self._core._json(requests)

    def to_csv(self):
        """The text sla_report --format csv prints: one line per period and group."""
        return self._core.to_csv()

    def to_table(self, requests="<columns>"):
        """The text sla_report --format table prints."""
        return self._core.to_table(requests)

    def to_frame(self):
        """One row per period, dimension value, channel and priority: the columns
        of sla_report --format csv (to_csv()), with those of `by` after the
        period. NaN where a figure is absent."""
        return _typed_frame(self._core._groups(), ("period", "channel", "priority") + self.by)

    @property
    def by(self):
        """The dimensions the report is broken down by (a tuple of column names)."""
        return tuple(self._core.by)

    @property
    def max_groups(self):
        """The bound on distinct dimension values, or None."""
        return self._core.max_groups

    @property
    def rows_read(self):
        return self._core.rows_read

    @property
    def rows_accepted(self):
        return self._core.rows_accepted

    @property
    def rows_rejected(self):
        return self._core.rows_rejected

    @property
    def requests_read(self):
        """Requests of the events added (None for a report of request rows)."""
        return self._core.requests_read

    @property
    def requests_rejected(self):
        """Of those, the ones rejected: invalid timelines, or submitted after as_of."""
        return self._core.requests_rejected

    @property
    def rejections(self):
        """(where, reason) of each rejected row: for columns, the row's index
        counted from 0 in the order the report (or a report merged into it) was
        given them; for add_csv, "file:line"."""
        return self._core.rejections

    @property
    def as_of(self) -> _datetime.datetime:
        return self._core.as_of

    @property
    def as_of_is_latest(self):
        return self._core.as_of_is_latest

    @property
    def period(self):
        return self._core.period

    @property
    def contract(self):
        return self._core.contract

    def __repr__(self):
        by = f" by {', '.join(self.by)}" if self.by else ""
        return (f"<slakit.Report {self.period}{by} of {self.contract.name} as of {self.as_of.isoformat()}: "
                f"{self.rows_accepted} rows, {self.rows_rejected} rejected>")


_FLOAT_COLUMNS = ("compliance", "mean_s", "min_s", "max_s", "p50_s", "p90_s", "p99_s")


def _typed_frame(columns, text):
    """A DataFrame of the core's columns: text as str objects, counts int64, figures float64."""
    import pandas as pd

    frame = pd.DataFrame(columns)
    for name in frame.columns:
        kind = "float64" if name in _FLOAT_COLUMNS else object if name in text else "int64"
        frame[name] = frame[name].astype(kind)
    return frame


def merge(reports):
    """Merges reports pairwise, as a balanced tree; returns the merged one."""
    reports = list(reports)
    if not reports:
        raise ValueError("merge: no reports")
    while len(reports) > 1:
        reports = [reports[i].merge(reports[i + 1]) if i + 1 < len(reports) else reports[i]
                   for i in range(0, len(reports), 2)]
    return reports[0]


# --- calendar queries over columns ---------------------------------------------------
# Calendar.elapsed, deadline, is_open, next_open and next_close also take numpy
# datetime64 arrays (UTC, as numpy has no zone) and tz-aware pandas Series or Index,
# and answer with a column of the same length, computed in C++ without the GIL:
# datetime64[ns] (UTC) arrays or datetime64[ns, UTC] Series, timedelta64[ns] for
# elapsed, bool for is_open (a nullable "boolean" Series). A naive pandas column raises
# ValueError as a naive datetime does; NaT gives NaT (and <NA> from is_open on a
# Series, False on an array). Scalars mixed with columns are repeated along them.

_NAT = -(2**63)
_EPOCH = _datetime.datetime(1970, 1, 1, tzinfo=_datetime.timezone.utc)


def _modules():
    import sys

    return sys.modules.get("numpy"), sys.modules.get("pandas")


def _is_column(x):
    np, pd = _modules()
    if np is not None and isinstance(x, np.ndarray) and x.ndim > 0:
        return True
    return pd is not None and isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray))


def _is_nat(x):
    np, pd = _modules()
    if pd is not None and x is pd.NaT:
        return True
    return np is not None and isinstance(x, (np.datetime64, np.timedelta64)) and np.isnat(x)


def _instant_column(x, what):
    """int64 nanoseconds since the epoch in UTC, NaT as the lowest int64."""
    import numpy as np

    _, pd = _modules()
    if pd is not None and isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray)):
        dtype = x.dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            utc = pd.DatetimeIndex(x).tz_convert("UTC").tz_localize(None)
            return np.asarray(utc, dtype="M8[ns]").view("i8")
        if np.issubdtype(dtype, np.datetime64):
            raise ValueError(f"{what}: naive datetimes have no time zone; use a tz-aware column (tz_localize)")
        raise TypeError(f"{what}: expected a tz-aware datetime column, not dtype {dtype}")
    x = np.asarray(x)
    if x.dtype.kind != "M":
        raise TypeError(f"{what}: expected a datetime64 array (UTC), not dtype {x.dtype}")
    return x.astype("M8[ns]", copy=False).view("i8")


def _instant_scalar(x, what):
    np, pd = _modules()
    if _is_nat(x):
        return _NAT
    if np is not None and isinstance(x, np.datetime64):
        return int(x.astype("M8[ns]").astype("i8"))
    if isinstance(x, _datetime.datetime):
        if x.tzinfo is None or x.utcoffset() is None:
            raise ValueError(f"{what}: naive datetime {x!r} has no time zone")
        if pd is not None and isinstance(x, pd.Timestamp):
            return int(x.tz_convert("UTC").value)
        d = x - _EPOCH
        return (d.days * 86400 + d.seconds) * 10**9 + d.microseconds * 1000
    raise TypeError(f"{what}: expected a tz-aware datetime, not {x!r}")


_ALWAYS_OPEN = []


def _duration_scalar(x, what):
    np, _ = _modules()
    if _is_nat(x):
        return _NAT
    if isinstance(x, str):  # parsed as the scalar API parses it: the open time of an always-open calendar
        if not _ALWAYS_OPEN:
            _ALWAYS_OPEN.append(Calendar("UTC", "Mon-Sun 00:00-24:00"))
        x = _SCALAR["deadline"](_ALWAYS_OPEN[0], _EPOCH, x) - _EPOCH
    if np is not None and isinstance(x, np.timedelta64):
        return int(x.astype("m8[ns]").astype("i8"))
    if isinstance(x, _datetime.timedelta):
        _, pd = _modules()
        if pd is not None and isinstance(x, pd.Timedelta):
            return int(x.value)
        return (x.days * 86400 + x.seconds) * 10**9 + x.microseconds * 1000
    raise TypeError(f"{what}: expected a timedelta or a duration string such as \"30min\", not {x!r}")


def _duration_column(x, what):
    import numpy as np

    x = np.asarray(x)
    if x.dtype.kind != "m":
        raise TypeError(f"{what}: expected a timedelta64 column, not dtype {x.dtype}")
    return x.astype("m8[ns]", copy=False).view("i8")


def _calendar_columns(values, kinds, what):
    """The arguments as int64 columns of one length, and the index of the first Series."""
    import numpy as np

    _, pd = _modules()
    index, length = None, None
    for v in values:
        if pd is not None and isinstance(v, pd.Series) and index is None:
            index = v.index
        if _is_column(v):
            if length is not None and len(v) != length:
                raise ValueError(f"{what}: the columns have different lengths ({length} and {len(v)})")
            length = len(v)
    out = []
    for v, kind in zip(values, kinds):
        if _is_column(v):
            out.append(_instant_column(v, what) if kind == "t" else _duration_column(v, what))
        else:
            scalar = _instant_scalar(v, what) if kind == "t" else _duration_scalar(v, what)
            out.append(np.full(length, scalar, dtype="i8"))
    return [np.ascontiguousarray(c) for c in out], index


def _answer(ns, index, kind):
    """The int64 nanosecond answers as the caller's kind of column."""
    import numpy as np

    if kind == "bool":
        if index is None:
            return ns == 1
        import pandas as pd

        return pd.Series(pd.array(np.where(ns == _NAT, None, ns == 1), dtype="boolean"), index=index)
    values = ns.view("m8[ns]" if kind == "timedelta" else "M8[ns]")
    if index is None:
        return values
    import pandas as pd

    if kind == "timedelta":
        return pd.Series(values, index=index)
    return pd.Series(pd.DatetimeIndex(values).tz_localize("UTC"), index=index)


def _nat_answer(kind):
    _, pd = _modules()
    if pd is None:
        return None
    return pd.NA if kind == "bool" else pd.NaT


_SCALAR = {name: getattr(Calendar, name) for name in ("elapsed", "deadline", "is_open", "next_open", "next_close")}


def _vectorised(name, parameters, kinds, answer_kind, doc):
    scalar = _SCALAR[name]
    core = getattr(Calendar, f"_{name}_ns")

    def method(self, *args, **named):
        if named:  # by name, as the scalar API allows
            args = args + tuple(named.pop(p) for p in parameters[len(args):] if p in named)
            if named or len(args) != len(parameters):
                return scalar(self, *args, **named)  # raises the scalar API's TypeError
        if not any(_is_column(a) for a in args):
            if any(_is_nat(a) for a in args):
                return _nat_answer(answer_kind)
            return scalar(self, *args)
        columns, index = _calendar_columns(args, kinds, name)
        return _answer(core(self, *columns), index, answer_kind)

    method.__name__ = name
    method.__doc__ = (scalar.__doc__ or "") + "\n\n" + doc
    return method


Calendar.elapsed = _vectorised("elapsed", ("start", "end"), "tt", "timedelta", "Columns: a timedelta64[ns] column.")
Calendar.deadline = _vectorised("deadline", ("start", "open_time"), "td", "datetime", "Columns: a datetime64[ns] (UTC) column.")
Calendar.is_open = _vectorised("is_open", ("t",), "t", "bool", "Columns: a bool column.")
Calendar.next_open = _vectorised("next_open", ("t",), "t", "datetime", "Columns: a datetime64[ns] (UTC) column.")
Calendar.next_close = _vectorised("next_close", ("t",), "t", "datetime", "Columns: a datetime64[ns] (UTC) column.")
