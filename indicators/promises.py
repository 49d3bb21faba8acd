"""Matching an agency's targets with the outcomes its later reports state (the rules: extraction/promises.py).

`refresh_agency` is the only writer of Promise rows. It runs when an agency's
published reports change (ingest, re-extract, publish, withdraw) and rebuilds
every match the machine made; a match an editor set or cleared is kept as it
is, only its status follows the numbers.

A target of type T for year Y is met by an indicator of type T in the
agency's published report covering Y (an annual one first): of kind `value`
for a level or rate goal, of kind `change` for a growth goal (a % goal of a
quantity whose level is counted in another unit). Values are compared in
the type's unit (`comparable_value`), or as written when both share a unit.
"""
from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from indicators.extraction.promises import Status, is_cap, judge, read_target
from indicators.models import Direction, Indicator, Kind, Promise, ReviewStatus
from reports import pagecache
from reports.models import Period, Report, ReportStatus

SENTENCE_WIDTH = 80  # characters of context each side, cut at sentence ends (Indicator.context)


def _is_growth(target: Indicator) -> bool:
    return target.unit in ("%", "％") and target.indicator_type.unit not in ("%", "％")


def _signed(ind: Indicator) -> Decimal:
    value = ind.comparable_value if ind.comparable_value is not None else ind.value
    return -value if ind.kind == Kind.CHANGE and ind.direction == Direction.DOWN else value


def _comparable(target: Indicator, outcome: Indicator) -> tuple[Decimal, Decimal] | None:
    if outcome.kind == Kind.CHANGE and outcome.unit != target.unit:
        return None  # a change in 个百分点 says nothing of a rate goal in %
    if target.unit == outcome.unit:
        return (target.value, -outcome.value if outcome.direction == Direction.DOWN else outcome.value)
    if target.comparable_value is None or outcome.comparable_value is None:
        return None  # units of different dimensions: nothing to compare
    return _signed(target), _signed(outcome)


def _sentence(ind: Indicator, text: str) -> str:
    before, number, after = ind.context(SENTENCE_WIDTH, text)
    return f"{before}{number}{after}"


def read(target: Indicator, text: str):
    """The target's year and bound, and whether it caps its quantity, read once from its sentence."""
    before, _, after = target.context(SENTENCE_WIDTH, text)
    reading = read_target(before, after, target.report.year, target.report.period, target.qualifier or None)
    return reading, is_cap(before, after)


def status_of(target: Indicator, outcome: Indicator | None, bound, aims_low: bool) -> Status:
    if outcome is None:
        return Status.NO_OUTCOME
    pair = _comparable(target, outcome)
    if pair is None:
        return Status.NO_OUTCOME
    return judge(float(pair[0]), float(pair[1]), bound, percent=target.unit in ("%", "％"), aims_low=aims_low)


def _candidates(agency_id):
    """Typed outcomes of the agency's published reports, by (type, year): annual reports first, then text order."""
    rows = (
        Indicator.objects.public().filter(report__agency_id=agency_id, indicator_type__isnull=False,
                                          kind__in=[Kind.VALUE, Kind.CHANGE])
        .select_related("report", "indicator_type")
        .order_by("report__year", "start")
    )
    found: dict[tuple[int, int], list[Indicator]] = {}
    for ind in rows:
        found.setdefault((ind.indicator_type_id, ind.report.year), []).append(ind)
    for group in found.values():
        group.sort(key=lambda i: (i.report.period != Period.ANNUAL, i.report_id, i.start))
    return found


def _pick(target: Indicator, year: int, candidates) -> Indicator | None:
    # A growth goal is met by a change; a level or rate goal by a value, or by a change where the
    # type itself counts a rate of change (增速, 涨幅) and reports state it as one.
    wanted = (Kind.CHANGE,) if _is_growth(target) else (Kind.VALUE, Kind.CHANGE)
    found = [ind for ind in candidates.get((target.indicator_type_id, year), ())
             if ind.report_id != target.report_id and _comparable(target, ind) is not None]
    for kind in wanted:
        for ind in found:
            if ind.kind == kind:
                return ind
    return None


def refresh_agency(agency_id) -> int:
    """Rebuild the machine's matches for one agency; returns how many promises it now has."""
    with transaction.atomic():
        texts = dict(
            Report.objects.filter(agency_id=agency_id, status=ReportStatus.PUBLISHED).values_list("pk", "source_text")
        )
        decided = {p.target_id: p for p in Promise.objects.filter(agency_id=agency_id, decided=True)
                   .select_related("target__report", "outcome__report")}
        Promise.objects.filter(agency_id=agency_id, decided=False).delete()
        pagecache.changed()  # the rows below go in by bulk_create, which sends no signal
        targets = (
            Indicator.objects.public().filter(report__agency_id=agency_id, kind=Kind.TARGET,
                                              indicator_type__isnull=False)
            .select_related("report", "indicator_type")
        )
        candidates = _candidates(agency_id)
        rows, count = [], 0
        for target in targets:
            text = texts.get(target.report_id, "")
            reading, aims_low = read(target, text)
            kept = decided.get(target.pk)
            if kept is not None:
                _restatus(kept, texts)
                count += 1
                continue
            outcome = _pick(target, reading.year, candidates)
            status = status_of(target, outcome, reading.bound, aims_low)
            rows.append(Promise(
                target=target, outcome=outcome if status != Status.NO_OUTCOME else None,
                agency_id=agency_id, region_id=target.region_id, indicator_type_id=target.indicator_type_id,
                target_year=reading.year, bound=reading.bound.value, status=status.value,
                target_sentence=_sentence(target, text),
                outcome_sentence=(_sentence(outcome, texts.get(outcome.report_id, ""))
                                  if outcome and status != Status.NO_OUTCOME else ""),
            ))
        Promise.objects.bulk_create(rows, batch_size=500)
    return count + len(rows)


def _restatus(promise: Promise, texts, also=()) -> None:
    text = texts.get(promise.target.report_id, "")
    outcome = promise.outcome
    if outcome is not None and outcome.report.status != ReportStatus.PUBLISHED:
        outcome = None
    _, aims_low = read(promise.target, text)
    promise.status = status_of(promise.target, outcome, promise.bound, aims_low).value
    promise.outcome_sentence = _sentence(outcome, texts.get(outcome.report_id, "")) if outcome else ""
    promise.save(update_fields=["status", "outcome_sentence", *also])


def refresh_agencies(agency_ids) -> None:
    for agency_id in sorted(set(agency_ids)):
        refresh_agency(agency_id)


def decide(promise: Promise, outcome: Indicator | None, *, user=None) -> None:
    """An editor sets (or clears) the outcome of a promise. Kept through re-extraction and refreshes."""
    now = timezone.now()
    with transaction.atomic():
        # Confirm both numbers: re-extract keeps decided indicators, and with them this match.
        for ind in (promise.target, outcome):
            if ind is not None and ind.review_status == ReviewStatus.UNREVIEWED:
                ind.review_status, ind.reviewed_by, ind.reviewed_at = ReviewStatus.CONFIRMED, user, now
                ind.save(update_fields=["review_status", "reviewed_by", "reviewed_at"])
        promise.outcome = outcome
        promise.decided, promise.decided_by, promise.decided_at = True, user, now
        texts = dict(Report.objects.filter(pk__in={promise.target.report_id, getattr(outcome, "report_id", None)})
                     .values_list("pk", "source_text"))
        _restatus(promise, texts, also=["outcome", "decided", "decided_by", "decided_at"])


def undecide(promise: Promise) -> None:
    """Hand a promise back to the machine: the next refresh matches it again."""
    with transaction.atomic():
        Promise.objects.filter(pk=promise.pk).update(decided=False, decided_by=None, decided_at=None)
        refresh_agency(promise.agency_id)
