"""The outside audit of public results: from the open data alone (GET /api/v1/public/{slug}/results),
rebuild every relation the published tables state, and for every suppressed cell find by linear
programming the smallest and largest value consistent with everything published (all cells
non-negative; each total the sum of its parts: a breakdown's categories, the partners, a quarter's
months, a year's quarters). Each range must be at least k wide. Also checks primary suppression
(no shown count from 1 to k-1, no shown ratio of too few) and that the shown lines add up.

    python e2e/disclosure_audit.py URL_OR_FILE [URL_OR_FILE ...]

Prints one line per source and a summary; exits 1 on any finding.
"""
import json
import re
import sys
import urllib.request

import numpy as np
from scipy.optimize import linprog


def load(source):
    if source.startswith("http"):
        with urllib.request.urlopen(source, timeout=60) as response:
            return json.load(response)
    with open(source) as handle:
        return json.load(handle)


def parse_period(key):
    """(frequency, year, index): monthly 2026-03, quarterly 2026-Q1, annual 2026."""
    if re.fullmatch(r"\d{4}-\d{2}", key):
        return ("monthly", int(key[:4]), int(key[5:]))
    if re.fullmatch(r"\d{4}-Q[1-4]", key):
        return ("quarterly", int(key[:4]), int(key[6:]))
    if re.fullmatch(r"\d{4}", key):
        return ("annual", int(key), 1)
    raise ValueError(f"not a period key: {key}")


ORDER = {"monthly": 0, "quarterly": 1, "annual": 2}


def sub_periods(key, finest):
    """The periods a quarter (its months) or a year (its quarters) is the sum of; None for a
    period of the indicator's own, finest frequency."""
    frequency, year, index = parse_period(key)
    if frequency == finest:
        return None
    if frequency == "quarterly":
        return [f"{year}-{month:02d}" for month in range(3 * index - 2, 3 * index + 1)]
    return [f"{year}-Q{quarter}" for quarter in range(1, 5)]


class Table:
    """Cells (value known or unknown) and equalities total = sum(parts)."""

    def __init__(self):
        self.values = []  # float or None (suppressed)
        self.relations = []

    def add(self, value):
        self.values.append(value)
        return len(self.values) - 1

    def relate(self, total, parts):
        if parts:
            self.relations.append((total, parts))


def side_value(cell, side):
    """A CELL's figure on one side: the count, or a ratio cell's numerator or denominator."""
    if cell is None or cell.get("suppressed"):
        return None
    if side == "value":
        return cell["value"]
    return cell.get(side)


def build_tables(indicator, findings, k):
    rule = indicator["rule"]
    sides = ["numerator", "denominator"] if rule == "ratio" else ["value"]
    tables = []
    finest = min((parse_period(p["period"])[0] for p in indicator["periods"]), key=ORDER.get, default="monthly")
    for side in sides:
        table = Table()
        cells = {}  # period -> name -> index
        for period in indicator["periods"]:
            key = period["period"]
            if rule == "ratio":
                total_cell = period.get(side)
                total_value = None if total_cell is None or total_cell.get("suppressed") else total_cell["value"]
            else:
                total_value = side_value(period["total"], "value")
            total = table.add(total_value)
            named = {"total": total}
            for dimension, categories in sorted(period.get("breakdowns", {}).items()):
                parts = []
                for name, cell in sorted(categories.items()):
                    index = table.add(side_value(cell, side))
                    named[f"breakdown/{dimension}/{name}"] = index
                    parts.append(index)
                table.relate(total, parts)
            if period.get("partners") is not None:
                parts = []
                for name, cell in sorted(period["partners"].items()):
                    index = table.add(side_value(cell, side))
                    named[f"partner/{name}"] = index
                    parts.append(index)
                table.relate(total, parts)
            cells[key] = named
        if rule == "sum":
            for key, named in cells.items():
                covered = sub_periods(key, finest)
                if covered is None:
                    continue
                missing = [p for p in covered if p not in cells]
                if missing:
                    findings.append(f"{indicator['code']} {key}: sub-periods {missing} are not listed")
                    continue
                for name, total in named.items():
                    table.relate(total, [cells[p][name] for p in covered if name in cells[p]])
        tables.append((side, table))
    return tables


def check_primary(indicator, k, findings):
    """No shown count from 1 to k-1; no shown ratio cell of too few; shown lines add up."""
    def small(x):
        return x is not None and 0 < x < k

    for period in indicator["periods"]:
        where = f"{indicator['code']} {period['period']}"
        cells = [period["total"]] + [c for cats in period.get("breakdowns", {}).values() for c in cats.values()] \
            + list((period.get("partners") or {}).values())
        if indicator["rule"] == "ratio":
            numerator = side_value(period.get("numerator"), "value")
            denominator = side_value(period.get("denominator"), "value")
            if small(numerator) or small(denominator):
                findings.append(f"{where}: a total numerator or denominator from 1 to k-1 is shown")
            if numerator is not None and denominator is not None and small(denominator - numerator):
                findings.append(f"{where}: the total's complement is from 1 to k-1 and both figures are shown")
            if not period["total"].get("suppressed") and (numerator is None or denominator is None):
                findings.append(f"{where}: a ratio is shown without its numerator and denominator")
            for cell in cells[1:]:
                if cell.get("suppressed"):
                    continue
                n, d = cell.get("numerator"), cell.get("denominator")
                if n is None or d is None:
                    findings.append(f"{where}: a ratio cell is shown without its numerator and denominator")
                elif d > 0 and (d < k or small(n) or small(d - n)):
                    findings.append(f"{where}: a ratio cell of {n} out of {d} is shown")
        else:
            for cell in cells:
                if small(side_value(cell, "value")):
                    findings.append(f"{where}: a count of {cell['value']} is shown")


def audit_table(table, k, label, findings):
    """Min and max of every suppressed cell subject to all published relations."""
    unknown = [i for i, v in enumerate(table.values) if v is None]
    if not unknown:
        return 0, None
    for total, parts in table.relations:
        members = [total] + parts
        if all(table.values[m] is not None for m in members):
            if abs(table.values[total] - sum(table.values[p] for p in parts)) > 1e-6 * max(1, abs(table.values[total])):
                findings.append(f"{label}: a published total does not equal its published parts")
    column = {cell: position for position, cell in enumerate(unknown)}
    rows, rhs = [], []
    for total, parts in table.relations:
        members = [total] + parts
        if all(m not in column for m in members):
            continue
        row = np.zeros(len(unknown))
        constant = 0.0
        for cell, sign in [(total, -1.0)] + [(p, 1.0) for p in parts]:
            if cell in column:
                row[column[cell]] += sign
            else:
                constant += sign * table.values[cell]
        rows.append(row)
        rhs.append(-constant)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    narrowest = None
    for cell in unknown:
        widths = []
        for direction in (1.0, -1.0):
            objective = np.zeros(len(unknown))
            objective[column[cell]] = direction
            result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=[(0, None)] * len(unknown), method="highs")
            if result.status == 3:  # unbounded
                widths.append(None)
            elif result.status != 0:
                findings.append(f"{label}: the published relations have no non-negative solution ({result.message})")
                return len(unknown), narrowest
            else:
                widths.append(direction * result.fun)
        low, high = widths[0], widths[1]
        width = float("inf") if high is None else high - (low or 0.0)
        narrowest = width if narrowest is None else min(narrowest, width)
        if width < k - 1e-6:
            findings.append(f"{label}: a suppressed cell ranges only from {low:g} to {high:g} (width {width:g} < k = {k})")
    return len(unknown), narrowest


def audit(source):
    data = load(source)
    k = data["k"]
    findings = []
    tables = relations = suppressed = 0
    narrowest = None
    for indicator in data["indicators"]:
        check_primary(indicator, k, findings)
        for side, table in build_tables(indicator, findings, k):
            tables += 1
            relations += len(table.relations)
            count, width = audit_table(table, k, f"{indicator['code']} ({side})", findings)
            suppressed += count
            if width is not None:
                narrowest = width if narrowest is None else min(narrowest, width)
    shown = "none" if narrowest is None else ("unbounded" if narrowest == float("inf") else f"{narrowest:g}")
    print(f"{source}: {len(data['indicators'])} indicators, {tables} tables, {relations} relations, "
          f"{suppressed} suppressed cells, narrowest range {shown} (k {k}), {len(findings)} findings")
    for finding in findings[:20]:
        print("  " + finding)
    return tables, suppressed, narrowest, findings, k


def main():
    total_tables = total_suppressed = total_findings = 0
    narrowest = None
    for source in sys.argv[1:]:
        tables, suppressed, width, findings, k = audit(source)
        total_tables += tables
        total_suppressed += suppressed
        total_findings += len(findings)
        if width is not None:
            narrowest = width if narrowest is None else min(narrowest, width)
    shown = "none" if narrowest is None else ("unbounded" if narrowest == float("inf") else f"{narrowest:g}")
    print(f"LP audit: {total_tables} tables, {total_suppressed} suppressed cells, narrowest range {shown}, "
          f"{total_findings} cells narrower than k or other findings")
    sys.exit(1 if total_findings else 0)


if __name__ == "__main__":
    main()
