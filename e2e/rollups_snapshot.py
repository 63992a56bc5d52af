"""Prints every stored aggregate of a SQLite database, one sorted line each, without row ids:
two snapshots are equal exactly when the aggregates are. Usage: python rollups_snapshot.py DB"""
import sqlite3, sys

columns = ["initiative_id", "indicator_id", "organization_id", "period_key", "frequency", "version", "dimension_key",
           "category_key", "basis", "value", "numerator", "denominator", "weight", "observation_count",
           "latest_period_end", "sources", "provisional_sources"]
db = sqlite3.connect(sys.argv[1])
rows = db.execute(f"SELECT {', '.join(columns)} FROM rollups").fetchall()
# Figures are compared to 9 significant digits: summing in another order may move the last bits.
lines = sorted("|".join(f"{v:.9g}" if isinstance(v, float) else str(v) for v in row) for row in rows)
print(f"{len(lines)} aggregates")
print("\n".join(lines))
