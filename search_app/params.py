"""Query string ↔ SearchRequest, and back to URLs: every state of the search page is a GET URL.

Pure functions over plain mappings so the UI, the API and the exports read parameters the same way.
The API reads strictly (a bad page or date is a clear 400); the HTML page reads leniently (a bad
value is dropped and the page still answers), because a person fixing a URL by hand deserves a page.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from indexer.engines.base import FACETS, MATCH_MODES, SCOPES, SORTS, SearchRequest
from indexer.errors import QueryError

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100
MAX_PAGE = 1000  # deeper than anyone reads; keeps offsets bounded
MAX_VALUES_PER_FACET = 20
MAX_VALUE_CHARS = 200
MAX_Q_CHARS = 2000  # the query parser cuts further; this only bounds what we echo back

# URL parameter names in the order URLs are written (stable URLs are shareable and cacheable).
FACET_PARAMS: tuple[str, ...] = tuple(FACETS)
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_VN_DATE = re.compile(r"(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})")  # 29/3/2020, 03/2020
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class PageState:
    """A search request plus the display-only state the page also keeps in its URL."""

    request: SearchRequest
    province_view: str = "issued"  # issued | current: which province facet the sidebar shows
    problems: list[str] = field(default_factory=list)  # values dropped by a lenient read


def _getlist(args: Mapping, name: str) -> list[str]:
    if hasattr(args, "getlist"):
        return list(args.getlist(name))
    value = args.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _first(args: Mapping, name: str) -> str:
    values = _getlist(args, name)
    return values[0] if values else ""


def _clean(value: str) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())[:MAX_VALUE_CHARS]


def normalize_date(value: str) -> str:
    """'2021', '2021-9', '2021-09-12', '12/9/2021', '9/2021' → ISO prefix; raises ValueError."""
    value = value.strip()
    m = _ISO_DATE.fullmatch(value)
    if m:
        year, month, day = m.group(1), m.group(2), m.group(3)
    else:
        m = _VN_DATE.fullmatch(value)
        if not m:
            raise ValueError(value)
        day, month, year = m.group(1), m.group(2), m.group(3)
    y = int(year)
    if not 1900 <= y <= 2100:
        raise ValueError(value)
    if month is None:
        return f"{y:04d}"
    mo = int(month)
    if not 1 <= mo <= 12:
        raise ValueError(value)
    if day is None:
        return f"{y:04d}-{mo:02d}"
    d = int(day)
    if not 1 <= d <= calendar.monthrange(y, mo)[1]:
        raise ValueError(value)
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _after(date_from: str, date_to: str) -> bool:
    """True when the periods cannot overlap: from=2021-01, to=2021 is fine; from=2022, to=2021-05 is not."""
    if not date_from or not date_to:
        return False
    k = min(len(date_from), len(date_to))
    return date_from[:k] > date_to[:k]


def _valid_facet_value(key: str, value: str) -> bool:
    if key == "year":
        return bool(_YEAR.fullmatch(value))
    if key == "month":
        m = _MONTH.fullmatch(value)
        return bool(m) and 1 <= int(m.group(2)) <= 12
    return bool(value)


def _int_param(
    args: Mapping, name: str, default: int, low: int, high: int, strict: bool, problems: list
) -> int:
    raw = _first(args, name).strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        if strict:
            raise QueryError(f"{name} must be a whole number from {low} to {high} (got {raw[:20]!r})")
        problems.append(name)
        return default if value is None else max(low, min(high, value))
    return value


def _facet_values(key: str, raws: list[str], reject) -> list[str]:
    """The distinct valid values of one facet parameter, in order, at most MAX_VALUES_PER_FACET.

    Linear (a set, and reading stops at the cap): a URL carrying 20,000 `issuer=` values must cost
    microseconds before its 400, not seconds of de-duplication."""
    values: dict[str, None] = {}
    for raw in raws:
        value = _clean(raw)
        if not value or value in values:
            continue
        if not _valid_facet_value(key, value):
            reject(f"{key}={raw[:40]!r} is not a valid value", key)
            continue
        if len(values) == MAX_VALUES_PER_FACET:
            reject(f"at most {MAX_VALUES_PER_FACET} values of {key}", key)
            break
        values[value] = None
    return list(values)


def parse_args(args: Mapping, *, strict: bool = False) -> PageState:
    """Read a query string (werkzeug MultiDict or plain dict of str / list[str]) into a PageState."""
    problems: list[str] = []

    def reject(message: str, name: str) -> None:
        if strict:
            raise QueryError(message)
        problems.append(name)

    q = _CONTROL.sub(" ", _first(args, "q"))[:MAX_Q_CHARS].strip()
    filters: dict[str, list[str]] = {}
    for key in FACET_PARAMS:
        values = _facet_values(key, _getlist(args, key), reject)
        if values:
            filters[key] = values
    dates = {}
    for name in ("from", "to"):
        raw = _first(args, name).strip()
        dates[name] = ""
        if raw:
            try:
                dates[name] = normalize_date(raw)
            except ValueError:
                reject(
                    f"{name}={raw[:40]!r} is not a date (use 2021, 2021-09, 2021-09-12 or 12/9/2021)", name
                )
    if _after(dates["from"], dates["to"]):
        if strict:
            raise QueryError("from must not be after to")
        dates["from"], dates["to"] = dates["to"], dates["from"]
    sort = _first(args, "sort").strip() or "relevance"
    if sort not in SORTS:
        reject(f"sort must be one of {', '.join(SORTS)}", "sort")
        sort = "relevance"
    match = _first(args, "match").strip() or "auto"
    if match not in MATCH_MODES:
        reject(f"match must be one of {', '.join(MATCH_MODES)}", "match")
        match = "auto"
    scope = _first(args, "scope").strip() or "all"
    if scope not in SCOPES:
        reject(f"scope must be one of {', '.join(SCOPES)}", "scope")
        scope = "all"
    page = _int_param(args, "page", 1, 1, MAX_PAGE, strict, problems)
    per_page = _int_param(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE, strict, problems)
    view = "current" if _first(args, "pv") == "current" else "issued"
    request = SearchRequest(
        q=q,
        filters=filters,
        date_from=dates["from"],
        date_to=dates["to"],
        sort=sort,
        page=page,
        per_page=per_page,
        match=match,
        scope=scope,
    )
    return PageState(request=request, province_view=view, problems=problems)


def request_from_args(args: Mapping, *, strict: bool = True) -> SearchRequest:
    return parse_args(args, strict=strict).request


# -- back to URLs --------------------------------------------------------------------------------


def to_pairs(request: SearchRequest, province_view: str = "issued") -> list[tuple[str, str]]:
    """The canonical query-string pairs of a request; defaults are left out."""
    pairs: list[tuple[str, str]] = []
    if request.q:
        pairs.append(("q", request.q))
    for key in FACET_PARAMS:
        pairs.extend((key, v) for v in request.filters.get(key, []))
    if request.date_from:
        pairs.append(("from", request.date_from))
    if request.date_to:
        pairs.append(("to", request.date_to))
    if request.sort != "relevance":
        pairs.append(("sort", request.sort))
    if request.match != "auto":
        pairs.append(("match", request.match))
    if request.scope != "all":
        pairs.append(("scope", request.scope))
    if request.per_page != DEFAULT_PER_PAGE:
        pairs.append(("per_page", str(request.per_page)))
    if province_view == "current":
        pairs.append(("pv", "current"))
    if request.page != 1:
        pairs.append(("page", str(request.page)))
    return pairs


def to_query_string(request: SearchRequest, province_view: str = "issued") -> str:
    return urlencode(to_pairs(request, province_view))


def url_for_state(base: str, request: SearchRequest, province_view: str = "issued") -> str:
    qs = to_query_string(request, province_view)
    return f"{base}?{qs}" if qs else base


def _copy(request: SearchRequest, **changes) -> SearchRequest:
    changes.setdefault("filters", deepcopy(request.filters))
    changes.setdefault("page", 1)  # any change of what is asked starts again at page 1
    return replace(request, **changes)


def toggle_filter(request: SearchRequest, key: str, value: str) -> SearchRequest:
    filters = deepcopy(request.filters)
    values = filters.setdefault(key, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    if key == "year" and value not in values:
        # unselecting a year drops its months, which would otherwise filter invisibly
        filters["month"] = [m for m in filters.get("month", []) if not m.startswith(value + "-")]
    return _copy(request, filters={k: v for k, v in filters.items() if v})


def remove_filter(request: SearchRequest, key: str, value: str | None = None) -> SearchRequest:
    """Remove one value of a facet, a whole facet (value None), or the from/to range bound."""
    if key in ("from", "to"):
        return _copy(request, **({"date_from": ""} if key == "from" else {"date_to": ""}))
    filters = deepcopy(request.filters)
    if value is None:
        filters.pop(key, None)
    else:
        filters[key] = [v for v in filters.get(key, []) if v != value]
    return _copy(request, filters={k: v for k, v in filters.items() if v})


def clear_filters(request: SearchRequest) -> SearchRequest:
    """Keep the query and the sort, drop every filter."""
    return _copy(request, filters={}, date_from="", date_to="")


def with_page(request: SearchRequest, page: int) -> SearchRequest:
    return replace(request, filters=deepcopy(request.filters), page=max(1, min(MAX_PAGE, page)))


def with_sort(request: SearchRequest, sort: str) -> SearchRequest:
    return _copy(request, sort=sort)


def with_query(request: SearchRequest, q: str) -> SearchRequest:
    return _copy(request, q=q)


def has_filters(request: SearchRequest) -> bool:
    return any(request.filters.values()) or bool(request.date_from or request.date_to)


def active_filters(request: SearchRequest) -> Iterable[tuple[str, str]]:
    """(key, value) of every active filter, in URL order, the date range last."""
    for key in FACET_PARAMS:
        for value in request.filters.get(key, []):
            yield key, value
    if request.date_from:
        yield "from", request.date_from
    if request.date_to:
        yield "to", request.date_to
