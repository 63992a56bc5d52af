"""Prints every stored aggregate of a database, one sorted line each, without row ids: two
snapshots are equal exactly when the aggregates are.
Usage: python rollups_snapshot.py DB  (a SQLite file, or a postgres:// URL read through psql)"""
import csv, io, sqlite3, subprocess, sys

columns = ["initiative_id", "indicator_id", "organization_id", "period_key", "frequency", "version", "dimension_key",
           "category_key", "basis", "value", "numerator", "denominator", "weight", "observation_count",
           "latest_period_end", "sources", "provisional_sources"]
numeric = {"value", "numerator", "denominator", "weight"}
# The initiative's aggregates and partners' are kept in two tables (migration 032).
query = " UNION ALL ".join(f"SELECT {', '.join(columns)} FROM {table}" for table in ("rollups", "partner_rollups"))
if sys.argv[1].startswith("postgres"):
    out = subprocess.run(["psql", sys.argv[1], "-q", "-c", f"COPY ({query}) TO STDOUT WITH CSV"], capture_output=True, text=True, check=True).stdout
    rows = [[float(v) if name in numeric and v != "" else v for name, v in zip(columns, row)] for row in csv.reader(io.StringIO(out))]
else:
    rows = sqlite3.connect(sys.argv[1]).execute(query).fetchall()
# Figures are compared to 9 significant digits: summing in another order may move the last bits.
lines = sorted("|".join(f"{v:.9g}" if isinstance(v, float) else str(v) for v in row) for row in rows)
print(f"{len(lines)} aggregates")
print("\n".join(lines))
