#!/usr/bin/env python3
"""Backbone's benchmark: generates the large initiative into SQLite (or, with --database postgres, a
throwaway PostgreSQL cluster served by two instances), serves it, and measures in one run, each
against a reference taken in the same run (see bench/README.md):

  * overview page and aggregate API latency (p50, p99) at concurrency 1 and 32, with wrk, against
    the raw SQL GROUP BY computing the same totals from the raw figures, and a hello-world route;
  * the public results page (every indicator public, with every breakdown and by partner) against
    the same hello-world, and the time to compose and suppress them again after an approval;
  * freshness: from an approval's answer to the event on an open live stream;
  * CSV import rate against the sqlite3 command-line bulk insert (PostgreSQL: COPY) of the same rows;
  * forecasts and what-if scenarios: every indicator's forecast read cold and warm, three scenarios
    saved on each, and every indicator page timed with them against the page without them;
  * the server's peak resident memory.

It checks that the numbers are right (API totals equal the GROUP BY's) but asserts no timing:
goals are printed beside the measurements.

Usage: python3 bench/run.py [--scale large|public|tenants|small] [--database sqlite|postgres] [--initiatives N] [--binary PATH] [--work DIR]
                           [--seconds N] [--answer-cache-mb N] [--reuse]
"""
import argparse, json, math, os, platform, queue, re, shutil, subprocess, sys, tempfile, threading, time
import requests

from stores import STORES, PostgresStore, free_port

SCALES = {
    # The large initiative: 300 x 15 x 60 x 30 = 8.1 million figures.
    "large": dict(partners=300, indicators=60, assigned=15, months=60, import_rows=100_000, seconds=10, approvals=10),
    # The large initiative's 60 indicators and 29 breakdown cells, all public, over fewer partners
    # and months: the public page and its rebuild at the shape in minutes (debug build).
    "public": dict(partners=60, indicators=60, assigned=15, months=24, import_rows=5_000, seconds=5, approvals=3),
    # One of the many initiatives sharing a PostgreSQL database (with --initiatives 20): 40 x 15 x 22 x 30
    # = 396,000 figures each, and an import of a whole month of every partner (18,000 rows).
    "tenants": dict(partners=40, indicators=60, assigned=15, months=22, import_rows=18_000, seconds=5, approvals=3),
    # A smoke run for CI: the same steps in seconds.
    "small": dict(partners=12, indicators=6, assigned=3, months=6, import_rows=1_000, seconds=2, approvals=3),
}
SLUG = "large"
STAFF = ("bench@example.org", "bench-staff-password-1")
# Concurrencies measured, by number of instances: two instances also share 64 connections.
CONCURRENCY = {1: (1, 32), 2: (1, 32, 64)}
GOALS = {"overview_vs_group_by": 50, "overview_vs_hello": 3, "freshness_ms": 1000, "import_vs_bulk": 0.40, "rss_mb": 250,
         "public_rebuild_ms": 1000, "api_throughput_share": 0.40, "approval_vs_reference": 3, "rebuild_vs_group_by": 3,
         "neighbour_during_import": 2}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=SCALES, default="large")
    parser.add_argument("--database", choices=STORES, default="sqlite",
                        help="sqlite (default) or postgres: a throwaway cluster in --work, served by two instances")
    parser.add_argument("--binary", help="backbone-bench to run (default: build it, release for large)")
    parser.add_argument("--work", help="folder for the database and files (default: a new temporary one)")
    parser.add_argument("--seconds", type=float, help="duration of each latency measurement")
    parser.add_argument("--answer-cache-mb", type=int, default=32,
                        help="BACKBONE_ANSWER_CACHE_MB for the server (default 32; 0 builds every answer on every read)")
    parser.add_argument("--initiatives", type=int, default=1,
                        help="initiatives on the database, each of the scale's shape (default 1); with more, the import into the "
                             "first is measured against the Results page of the second")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database an earlier run generated in --work, after removing what that run imported")
    args = parser.parse_args()
    scale = dict(SCALES[args.scale])
    if args.seconds:
        scale["seconds"] = args.seconds
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for tool in ("wrk", "sqlite3"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: .ci/install-system-packages.sh installs it")
    binary = args.binary or build(root, "release" if args.scale == "large" else "debug")
    work = args.work or tempfile.mkdtemp(prefix=f"backbone-bench-{args.scale}-")
    os.makedirs(work, exist_ok=True)
    store = STORES[args.database](work, root)
    reuse = args.reuse and store.exists()
    store.start(fresh=not reuse)
    try:
        measure(args, scale, binary, work, store, reuse)
    finally:
        store.stop()


def measure(args, scale, binary, work, store, reuse):
    results = {"scale": args.scale, "database": store.name, "shape": {k: scale[k] for k in ("partners", "indicators", "assigned", "months")},
               "initiatives": args.initiatives, "machine": machine()}
    where, env = store.arguments()
    command = lambda *words: run([binary, *words, *where, "--log", "warning"], env)
    if reuse:
        print(f"== Reusing {store.describe()}")
        with open(os.path.join(work, "import.csv")) as lines:
            next(lines)
            period = next(lines).split(",")[2]
        print(command("forget", "--period", period).strip())
    else:
        print(f"== Generating the {args.scale} initiative into {store.describe()}")
        started = time.monotonic()
        print(command("generate", "--files", work, "--partners", scale["partners"], "--indicators", scale["indicators"],
                      "--assigned", scale["assigned"], "--months", scale["months"], "--import-rows", scale["import_rows"]).strip())
        results["generate_seconds"] = round(time.monotonic() - started, 1)
    # Neighbours: more initiatives of the same shape on the same database, generated once.
    for neighbour in neighbours(args.initiatives):
        if not store.rows("SELECT 1 FROM initiatives WHERE slug = ?", (neighbour,)):
            print(f"== Generating the neighbour initiative {neighbour}")
            print(command("generate", "--slug", neighbour, "--files", os.path.join(work, neighbour), "--partners", scale["partners"],
                          "--indicators", scale["indicators"], "--assigned", scale["assigned"], "--months", scale["months"],
                          "--import-rows", 1).strip())
    print(command("publish").strip())
    print(command("govern").strip())
    results["figures"] = store.rows("select count(*) from measurement_values")[0][0]
    results["aggregates"] = sum(store.rows(f"select count(*) from {t}")[0][0] for t in ("rollups", "partner_rollups"))
    results["database_mb"] = store.size_mb()
    print(f"{results['figures']:,} figures, {results['aggregates']:,} aggregates, {results['database_mb']:,} MB")

    # On PostgreSQL two instances share the database, as a large deployment runs; SQLite is served
    # by one (a second is refused on the same file).
    servers, bases = [], []
    for instance in range(2 if isinstance(store, PostgresStore) else 1):
        port = free_port()
        bases.append(f"http://127.0.0.1:{port}")
        # wrk reads the public page far faster than the per-address limit allows a person.
        servers.append(subprocess.Popen([binary, "serve", *where, "--port", str(port), "--log", "warning"],
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, f"serve-{instance}.log"), "w"),
                                        env=dict(os.environ, **env, BACKBONE_PUBLIC_REQUESTS_PER_MINUTE="1000000",
                                                 BACKBONE_ANSWER_CACHE_MB=str(args.answer_cache_mb))))
    results["instances"] = len(servers)
    results["answer_cache_mb"] = args.answer_cache_mb
    print(f"== Serving with BACKBONE_ANSWER_CACHE_MB={args.answer_cache_mb}, {len(servers)} instance(s)")
    try:
        for base in bases:
            wait_healthy(base)
        base = bases[0]
        staff = sign_in(base)
        token = open(os.path.join(work, "token.txt")).read().strip()
        results["correctness"] = check_totals(base, token, store)
        results["latency"] = latencies(bases, staff, token, store, scale["seconds"])
        results["import"] = import_rates(base, staff, store, work, neighbours(args.initiatives)[:1])
        results["freshness_ms"] = freshness(bases, staff, scale["approvals"], store)
        results["public_after_approval"] = public_after_approval(base, staff)
        results["outlook"] = outlook(base, staff, token, store)
        results["periodic"] = periodic(base, staff)
        results["rss_mb"] = peak_rss([server.pid for server in servers])
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    results["rebuild"] = rebuild_rates(command, store)
    report(results, store)
    with open(os.path.join(work, "results.json"), "w") as out:
        json.dump(results, out, indent=2)
    print(f"\nresults: {os.path.join(work, 'results.json')}")


# ---------------------------------------------------------------- measurements

def check_totals(base, token, store):
    """The API's latest totals equal the GROUP BY over the raw figures, for every indicator."""
    answer = requests.get(f"{base}/api/v1/initiatives/{SLUG}/results", headers={"Authorization": f"Bearer {token}"}, timeout=60)
    answer.raise_for_status()
    items = answer.json()["items"]
    raw = {(code, period): row for code, period, *row in group_by(store)}
    checked = 0
    for item in items:
        latest = item.get("latest")
        assert latest, f"{item['code']} has no latest total"
        value, numerator, denominator, partners = raw[(item["code"], latest["period"])]
        expected = 100 * numerator / denominator if item["aggregation"] == "ratio" else value
        assert math.isclose(latest["value"], expected, rel_tol=1e-9), f"{item['code']}: API {latest['value']} != raw {expected}"
        assert latest["partnersCounted"] == partners, f"{item['code']}: {latest['partnersCounted']} partners != {partners}"
        checked += 1
    print(f"\n== Totals: the API's latest total of all {checked} indicators equals the raw GROUP BY")
    return {"indicators_checked": checked}


GROUP_BY = """
    SELECT i.code, v.period_key, SUM(v.value), SUM(v.numerator), SUM(v.denominator), COUNT(DISTINCT v.organization_id)
    FROM measurement_values v
    JOIN submissions s ON s.id = v.submission_id
    JOIN indicators i ON i.id = v.indicator_id
    JOIN initiatives n ON n.id = v.initiative_id
    WHERE n.slug = ? AND s.status = 'approved' AND v.dimension_key = ''
    GROUP BY i.code, v.period_key, v.indicator_version
"""


def group_by(store):
    """Every indicator's monthly totals across partners from the raw figures: the numbers the
    overview shows (its series and latest figure), computed the direct way."""
    return store.rows(GROUP_BY, (SLUG,))


def latencies(bases, staff, token, store, seconds):
    """Concurrency 1 against the first instance; 32 (and, with two instances, 64) shared by every
    instance, the hello-world reference shared the same way."""
    cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
    paths = {
        "hello": ("/hello", {}),
        "overview": (f"/i/{SLUG}/results", {"Cookie": cookie}),
        "api": (f"/api/v1/initiatives/{SLUG}/results", {"Authorization": f"Bearer {token}"}),
        "public": (f"/p/{SLUG}", {}),
    }
    base = bases[0]
    public, composed = patient_get(base + paths["public"][0])
    assert public.status_code == 200 and "Benchmark measure 1" in public.text, "the public page did not render"
    print(f"\n== Public page first composed in {composed / 1000:.1f} s")
    # The first reads build the answers the cache keeps (0 MB: every read builds).
    out = {"public_first_ms": composed}
    for name, session, check in (("overview", staff, "Benchmark measure 1"), ("api", requests, '"items"')):
        path, headers = paths[name]
        started = time.perf_counter()
        answer = session.get(base + path, headers=headers, timeout=60)
        out[f"{name}_first_ms"] = (time.perf_counter() - started) * 1000
        assert answer.status_code == 200 and check in answer.text, f"the {name} did not answer"
        out[f"{name}_bytes"] = len(answer.content)
        print(f"== {name} first read {out[f'{name}_first_ms']:.1f} ms, {len(answer.content):,} bytes")
    print(f"\n== Latency (wrk; concurrency above 1 shared by {len(bases)} instance(s))")
    for concurrency in CONCURRENCY[len(bases)]:
        for name, (path, headers) in paths.items():
            chosen = bases[:1] if concurrency == 1 else bases
            out[f"{name}_c{concurrency}"] = wrk([b + path for b in chosen], headers, concurrency, seconds)
            print(f"{name:>9} c={concurrency:<3} {fmt(out[f'{name}_c{concurrency}'])}")
    runs = []
    for _ in range(5 if seconds >= 5 else 3):
        started = time.perf_counter()
        group_by(store)
        runs.append((time.perf_counter() - started) * 1000)
    out["group_by"] = {"p50_ms": percentile(runs, 50), "p99_ms": max(runs), "runs": len(runs)}
    print(f" group by  c=1   p50 {out['group_by']['p50_ms']:.1f} ms, max {out['group_by']['p99_ms']:.1f} ms over {len(runs)} runs")
    return out


def wrk(urls, headers, concurrency, seconds):
    """One wrk per URL at the same time, the connections split between them: requests per second
    add up; p50 and p99 are the worst instance's."""
    share = concurrency // len(urls)
    runs = []
    for url in urls:
        command = ["wrk", "--latency", "-t", str(min(2 if len(urls) == 1 else 1, share)), "-c", str(share), "-d", f"{max(1, round(seconds))}s", "--timeout", "30s"]
        for key, value in headers.items():
            command += ["-H", f"{key}: {value}"]
        runs.append((url, subprocess.Popen(command + [url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    out = {"p50_ms": 0.0, "p99_ms": 0.0, "rps": 0.0}
    for url, process in runs:
        output = process.communicate()[0]
        assert process.returncode == 0, f"wrk failed on {url}:\n{output}"
        failures = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        assert not failures, f"{url} answered errors under load:\n{output}"
        found = {p: to_ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.M)}
        out["p50_ms"] = max(out["p50_ms"], found["50"])
        out["p99_ms"] = max(out["p99_ms"], found["99"])
        out["rps"] += float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return out


def neighbours(initiatives):
    return [f"{SLUG}-{n}" for n in range(2, initiatives + 1)]


def import_rates(base, staff, store, work, neighbour):
    path = os.path.join(work, "import.csv")
    rows = sum(1 for _ in open(path)) - 1
    # The reference first: the same rows loaded into the same table by the database's own bulk
    # path, under a report made for it, then removed again.
    columns, values = reference_rows(store, path)
    make_reference_submission(store)
    try:
        bulk_seconds = store.bulk_insert("measurement_values", columns, values, work)
    finally:
        store.remove("measurement_values", "submission_id", REFERENCE_SUBMISSION)
        store.remove("submissions", "id", REFERENCE_SUBMISSION)

    page = staff.get(f"{base}/i/{SLUG}/reporting/import", timeout=60)
    # Another initiative's Results page, read one request after another: idle first, then while
    # the import runs. Its answers are kept whole, so what it shares with the import is the
    # database (its access read) and the server's cores.
    reader = NeighbourReader(base, staff, neighbour[0]) if neighbour else None
    if reader:
        reader.read_for(seconds=3)
        reader.start()
    started = time.perf_counter()
    answer = staff.post(f"{base}/i/{SLUG}/reporting/import", data={"csrf_token": form_token(page), "submit": "on"},
                        files={"file": ("import.csv", open(path, "rb"), "text/csv")}, timeout=3600)
    import_seconds = time.perf_counter() - started
    busy = reader.stop() if reader else None
    assert answer.status_code == 200 and f"Imported {rows:,} rows".replace(",", "") in answer.text.replace(",", ""), \
        f"the import answered {answer.status_code}: {answer.text[:3000]}"
    stored = store.rows("SELECT count(*) FROM measurement_values v JOIN submissions s ON s.id = v.submission_id "
                        "WHERE s.status = 'submitted'")[0][0]
    assert stored == rows, f"the import stored {stored} figures for {rows} rows"
    out = {"rows": rows, "import_seconds": round(import_seconds, 2), "import_rows_per_s": round(rows / import_seconds),
           "bulk_seconds": round(bulk_seconds, 2), "bulk_rows_per_s": round(rows / bulk_seconds), "bulk": store.bulk_name}
    out["ratio"] = round(out["import_rows_per_s"] / out["bulk_rows_per_s"], 3)
    print(f"\n== Import of {rows:,} rows: {import_seconds:.2f} s ({out['import_rows_per_s']:,} rows/s); "
          f"{store.bulk_name} {bulk_seconds:.2f} s ({out['bulk_rows_per_s']:,} rows/s)")
    if reader:
        idle = percentile(reader.idle, 50)
        out["neighbour"] = {"slug": neighbour[0], "idle_p50_ms": idle, "idle_reads": len(reader.idle),
                            "during_p50_ms": percentile(busy, 50), "during_max_ms": max(busy), "during_reads": len(busy)}
        out["neighbour"]["ratio"] = round(out["neighbour"]["during_p50_ms"] / idle, 2)
        print(f"   {neighbour[0]}'s Results page: p50 {idle:.1f} ms idle ({len(reader.idle)} reads), "
              f"{out['neighbour']['during_p50_ms']:.1f} ms during the import ({len(busy)} reads, at most {max(busy):.0f} ms): "
              f"{out['neighbour']['ratio']}×")
    return out


class NeighbourReader:
    """Reads one initiative's Results page in a loop, timing each read."""

    def __init__(self, base, staff, slug):
        self.url, self.session = f"{base}/i/{slug}/results", requests.Session()
        self.session.cookies.update(staff.cookies)
        self.idle, self.busy, self.running = [], [], False

    def read(self, into):
        started = time.perf_counter()
        answer = self.session.get(self.url, timeout=600)
        into.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200 and "Benchmark measure 1" in answer.text, f"{self.url} answered {answer.status_code}"

    def read_for(self, seconds):
        self.read([])   # the first read builds the answer the cache keeps
        ends = time.perf_counter() + seconds
        while time.perf_counter() < ends:
            self.read(self.idle)

    def start(self):
        self.running = True
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while self.running:
            self.read(self.busy)

    def stop(self):
        self.running = False
        self.thread.join(timeout=600)
        return self.busy or [float("nan")]


REFERENCE_SUBMISSION = "00000000-0000-0000-0000-00000000BE7C"


def make_reference_submission(store):
    """A copy of one of the initiative's reports, for a period no one reports (1900-01), that the
    reference rows belong to: PostgreSQL checks that every figure has its report."""
    columns = store.columns("submissions")
    chosen = [{"id": "?", "period_key": "'1900-01'"}.get(c, c) for c in columns]
    writer = store.writer()
    try:
        writer.execute(f"INSERT INTO submissions ({', '.join(columns)}) SELECT {', '.join(chosen)} FROM submissions "
                       f"WHERE initiative_id = (SELECT id FROM initiatives WHERE slug = ?) LIMIT 1", (REFERENCE_SUBMISSION, SLUG))
    finally:
        writer.close()


def reference_rows(store, csv_path):
    """The import file's rows as measurement_values rows: the columns and one tuple per row."""
    initiative = store.rows("SELECT id FROM initiatives WHERE slug = ?", (SLUG,))[0][0]
    partners = dict(store.rows("SELECT name, id FROM organizations WHERE initiative_id = ?", (initiative,)))
    indicators = dict(store.rows("SELECT code, id FROM indicators WHERE initiative_id = ?", (initiative,)))
    lines = open(csv_path).read().splitlines()
    header = lines[0].split(",")
    dimensions = header[3:header.index("value")]
    number = lambda text: float(text) if text else None
    values = []
    for line in lines[1:]:
        cells = dict(zip(header, line.split(",")))
        filled = [d for d in dimensions if cells[d]]
        dimension, category = (filled[0], cells[filled[0]]) if filled else ("", "")
        values.append((uuid4(), str(initiative), REFERENCE_SUBMISSION, str(indicators[cells["indicator_code"]]), 1,
                       str(partners[cells["partner"]]), cells["period"], dimension, category,
                       number(cells["value"]), number(cells["numerator"]), number(cells["denominator"]), None, cells["comment"]))
    columns = ["id", "initiative_id", "submission_id", "indicator_id", "indicator_version", "organization_id", "period_key",
               "dimension_key", "category_key", "value", "numerator", "denominator", "weight", "comment"]
    return columns, values


def uuid4():
    import uuid
    return str(uuid.uuid4()).upper()


def freshness(bases, staff, approvals, store):
    """Approves submitted reports one by one while a live stream is open; the time from each
    approval's answer to the stream's event. With two instances the stream is open on the second
    and the approvals go to the first: the event crosses instances through the database."""
    events = queue.Queue()
    base, listening = bases[0], bases[-1]

    def listen():
        with staff.get(f"{listening}/i/{SLUG}/live", stream=True, timeout=(5, 120)) as stream:
            assert stream.status_code == 200
            events.put(("open", time.perf_counter()))
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("event: change"):
                    events.put(("change", time.perf_counter()))

    threading.Thread(target=listen, daemon=True).start()
    assert events.get(timeout=10)[0] == "open"
    queue_page = staff.get(f"{base}/i/{SLUG}/review", timeout=60)
    waiting = re.findall(r'href="(/i/' + SLUG + r'/review/[0-9A-Fa-f-]+)"', queue_page.text)
    assert len(waiting) >= approvals, f"only {len(waiting)} reports wait for review"
    delays, clicks, answers, references = [], [], [], []
    for path in waiting[:approvals]:
        report = staff.get(base + path, timeout=60)
        sent = time.perf_counter()
        answer = staff.post(base + path, data={"csrf_token": form_token(report), "decision": "approve", "comment": ""},
                            allow_redirects=False, timeout=60)
        answered = time.perf_counter()
        answers.append((answered - sent) * 1000)
        assert answer.status_code == 303, f"approval answered {answer.status_code}"
        references.append(approval_reference(store, path.rsplit("/", 1)[1]))
        kind, at = events.get(timeout=10)
        # The event may arrive before the answer: it is sent when the change commits.
        delays.append(max(0.0, (at - answered) * 1000))
        clicks.append((at - sent) * 1000)
        while not events.empty():
            events.get()
    out = {"p50_ms": percentile(delays, 50), "max_ms": max(delays), "approvals": len(delays),
           "from_request_p50_ms": percentile(clicks, 50), "from_request_max_ms": max(clicks),
           "approval_p50_ms": percentile(answers, 50), "reference_p50_ms": percentile(references, 50), "across_instances": len(bases) > 1}
    out["approval_vs_reference"] = round(out["approval_p50_ms"] / out["reference_p50_ms"], 2)
    print(f"\n== Freshness over {len(delays)} approvals{' (approved on one instance, heard on the other)' if len(bases) > 1 else ''}: median {out['p50_ms']:.0f} ms, at most {out['max_ms']:.0f} ms after the answer; "
          f"from sending the approval: median {out['from_request_p50_ms']:.0f} ms, at most {out['from_request_max_ms']:.0f} ms"
          f"\n   approval answered in {out['approval_p50_ms']:.0f} ms (median); raw SQL doing the same work {out['reference_p50_ms']:.0f} ms: "
          f"{out['approval_vs_reference']}×")
    return out


def approval_reference(store, submission_id):
    """What an approval must do at least, in raw SQL on the same database: set the report's status,
    then one GROUP BY over the raw approved figures recomputing the initiative's totals it changes
    (its indicators, every cell, its month, quarter and year). Rolled back, so the server's data stays."""
    db = store.writer()
    organization, period = db.execute("SELECT organization_id, period_key FROM submissions WHERE id = ?", (submission_id,))[0]
    year, month = int(period[:4]), int(period[5:7])
    first = (month - 1) // 3 * 3 + 1
    levels = [[period], [f"{year:04d}-{m:02d}" for m in range(first, first + 3)], [f"{year:04d}-{m:02d}" for m in range(1, 13)]]
    started = time.perf_counter()
    db.begin()
    db.execute("UPDATE submissions SET status = 'approved' WHERE id = ?", (submission_id,))
    indicators = [row[0] for row in db.execute("SELECT DISTINCT indicator_id FROM measurement_values WHERE submission_id = ?", (submission_id,))]
    marks = lambda items: ",".join("?" * len(items))
    for months in levels:
        db.execute(f"SELECT v.indicator_id, v.dimension_key, v.category_key, SUM(v.value), SUM(v.numerator), SUM(v.denominator), COUNT(*) "
                   f"FROM measurement_values v JOIN submissions s ON s.id = v.submission_id "
                   f"WHERE v.indicator_id IN ({marks(indicators)}) AND v.period_key IN ({marks(months)}) AND s.status = 'approved' "
                   f"GROUP BY v.indicator_id, v.dimension_key, v.category_key", indicators + months)
    elapsed = (time.perf_counter() - started) * 1000
    db.rollback()
    db.close()
    return elapsed


def rebuild_rates(command, store):
    """`rebuild-aggregates` of the benchmark initiative (every stored aggregate recomputed from the
    figures, in SQL) against the raw GROUP BY of the same figures per partner, period and cell, on
    the same database."""
    started = time.perf_counter()
    groups = store.rows("SELECT count(*) FROM (SELECT v.indicator_id, v.organization_id, v.period_key, v.dimension_key, v.category_key, "
                        "SUM(v.value), SUM(v.numerator), SUM(v.denominator), COUNT(*) FROM measurement_values v "
                        "JOIN submissions s ON s.id = v.submission_id WHERE s.status = 'approved' "
                        "AND v.initiative_id = (SELECT id FROM initiatives WHERE slug = ?) GROUP BY 1, 2, 3, 4, 5) AS g", (SLUG,))[0][0]
    group_by = time.perf_counter() - started
    started = time.perf_counter()
    print(command("rebuild-aggregates", "--initiative", SLUG).strip())
    rebuild = time.perf_counter() - started
    out = {"rebuild_seconds": round(rebuild, 1), "group_by_seconds": round(group_by, 2), "groups": groups, "ratio": round(rebuild / group_by, 1)}
    print(f"\n== rebuild-aggregates {rebuild:.1f} s; raw GROUP BY of the figures per partner, period and cell ({groups:,} groups) "
          f"{group_by:.2f} s: {out['ratio']}×")
    return out


def public_after_approval(base, staff):
    """An approval moves the aggregate generation, so the next public read composes and suppresses
    every public indicator again: its time against a cached read's."""
    url = f"{base}/api/v1/public/{SLUG}/results"
    patient_get(url)   # the approvals before this step moved the generation: compose once first
    cached = []
    for _ in range(5):
        started = time.perf_counter()
        assert requests.get(url, timeout=600).status_code == 200
        cached.append((time.perf_counter() - started) * 1000)
    queue_page = staff.get(f"{base}/i/{SLUG}/review", timeout=60)
    waiting = re.findall(r'href="(/i/' + SLUG + r'/review/[0-9A-Fa-f-]+)"', queue_page.text)
    assert waiting, "no report waits for review"
    report = staff.get(base + waiting[0], timeout=60)
    answer = staff.post(base + waiting[0], data={"csrf_token": form_token(report), "decision": "approve", "comment": ""},
                        allow_redirects=False, timeout=60)
    assert answer.status_code == 303, f"approval answered {answer.status_code}"
    answer, rebuilt = patient_get(url)
    data = answer.json()
    every = [c for i in data["indicators"] for p in i["periods"]
             for c in [p["total"]] + [c for b in p["breakdowns"].values() for c in b.values()] + list((p.get("partners") or {}).values())]
    cells, hidden = len(every), sum(1 for c in every if c.get("suppressed"))
    out = {"rebuilt_ms": rebuilt, "cached_p50_ms": percentile(cached, 50), "indicators": len(data["indicators"]), "cells": cells, "hidden": hidden}
    print(f"\n== Public results after an approval: composed and suppressed again in {rebuilt:.0f} ms "
          f"({out['indicators']} indicators, {cells:,} cells, {hidden:,} hidden); cached p50 {out['cached_p50_ms']:.1f} ms")
    return out


def outlook(base, staff, token, store):
    """Every indicator's forecast through the API (first read after an approval: cold; then warm),
    three scenarios saved on each, then every indicator page with its forecast and three scenarios
    against the same page without them (the bench-only route), median of three reads each."""
    api = requests.Session()
    api.headers.update({"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    root = f"{base}/api/v1/initiatives/{SLUG}"
    for scenario in api.get(f"{root}/scenarios", timeout=60).json()["items"]:   # an earlier run's, on --reuse
        assert api.delete(f"{root}/scenarios/{scenario['id']}", timeout=60).status_code == 204
    initiative = store.rows("SELECT id FROM initiatives WHERE slug = ?", (SLUG,))[0][0]
    indicators = [(str(i), code) for i, code in store.rows("SELECT id, code FROM indicators WHERE initiative_id = ? ORDER BY code", (initiative,))]
    assigned = {i: [str(r[0]) for r in store.rows("SELECT organization_id FROM assignments WHERE indicator_id = ? ORDER BY organization_id", (i,))]
                for i, _ in indicators}
    cold, warm, saved, refused = [], [], 0, 0
    today = time.gmtime()
    for indicator, code in indicators:
        for into in (cold, warm):
            started = time.perf_counter()
            answer = api.get(f"{root}/indicators/{code}/forecast", timeout=120)
            into.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, f"forecast of {code} answered {answer.status_code}"
        forecast = answer.json()
        frequency = forecast["frequency"]
        following = {"monthly": f"{today.tm_year + today.tm_mon // 12}-{today.tm_mon % 12 + 1:02d}",
                     "quarterly": f"{today.tm_year + (today.tm_mon >= 10)}-Q{(today.tm_mon - 1) // 3 % 4 + 2 if today.tm_mon < 10 else 1}",
                     "annual": str(today.tm_year + 1)}[frequency]
        ratio = forecast["aggregation"] == "ratio"
        partners = assigned[indicator][:2]
        plans = [
            {"name": "Two partners add", "changes": [{"kind": "add", "partners": partners, "from": following, "amount": 0.1 if ratio else 1}]},
            {"name": "One partner grows", "changes": [{"kind": "grow", "partners": partners[:1], "from": following, "amount": 0.1 if ratio else 1}]},
            {"name": "A partner joins", "changes": [dict({"kind": "join", "partners": [], "from": following, "name": "New partner"},
                                                         **({"numerator": 5, "denominator": 10} if ratio else {"amount": 5}))]},
        ]
        for plan in plans:
            answer = api.post(f"{root}/scenarios", data=json.dumps(dict(plan, indicator=code)), timeout=120)
            if answer.status_code == 201:
                saved += 1
            else:
                assert answer.status_code == 422, f"saving a scenario on {code} answered {answer.status_code}: {answer.text[:300]}"
                refused += 1
    pages = {"with": [], "without": []}
    for indicator, _ in indicators:
        for kind, path in (("with", f"/i/{SLUG}/indicators/{indicator}"), ("without", f"/bench/i/{SLUG}/indicators/{indicator}/without-outlook")):
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                answer = staff.get(base + path, timeout=120)
                runs.append((time.perf_counter() - started) * 1000)
                assert answer.status_code == 200, f"{path} answered {answer.status_code}"
            pages[kind].append(percentile(runs, 50))
    out = {"indicators": len(indicators), "scenarios_saved": saved, "scenarios_refused": refused,
           "forecast_cold_p50_ms": percentile(cold, 50), "forecast_cold_max_ms": max(cold),
           "forecast_warm_p50_ms": percentile(warm, 50), "page_with_p50_ms": percentile(pages["with"], 50),
           "page_without_p50_ms": percentile(pages["without"], 50),
           "page_ratio": sum(pages["with"]) / sum(pages["without"])}
    print(f"\n== Forecasts and scenarios on {out['indicators']} indicators: forecast API cold p50 {out['forecast_cold_p50_ms']:.1f} ms "
          f"(max {out['forecast_cold_max_ms']:.0f} ms), warm p50 {out['forecast_warm_p50_ms']:.1f} ms; {saved} scenarios saved "
          f"({refused} refused: rules with no partner contribution); indicator page p50 {out['page_with_p50_ms']:.1f} ms with them, "
          f"{out['page_without_p50_ms']:.1f} ms without: {out['page_ratio']:.2f}× the time")
    return out


def periodic(base, staff):
    """The periodic assessment's draft page, assembled on every read (the Results page's standings,
    then each working group's indicators combined over its partners from the stored partner
    aggregates), against the Results page itself; median of five reads each."""
    today = time.gmtime()
    quarter = (today.tm_mon - 1) // 3
    key = f"{today.tm_year - (quarter == 0)}-Q{quarter if quarter else 4}"
    runs = {"periodic": [], "results": []}
    for _ in range(5):
        for kind, path in (("periodic", f"/i/{SLUG}/periodic-assessments/{key}"), ("results", f"/i/{SLUG}/results")):
            started = time.perf_counter()
            answer = staff.get(base + path, timeout=600)
            runs[kind].append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, f"{path} answered {answer.status_code}"
            assert kind != "periodic" or "Bench group 1" in answer.text, "the periodic assessment shows no working group"
    out = {"quarter": key, "periodic_p50_ms": percentile(runs["periodic"], 50), "results_p50_ms": percentile(runs["results"], 50)}
    out["ratio"] = out["periodic_p50_ms"] / out["results_p50_ms"]
    print(f"\n== Periodic assessment of {key} (every working group's indicators over its partners): p50 {out['periodic_p50_ms']:.1f} ms, "
          f"Results page p50 {out['results_p50_ms']:.1f} ms: {out['ratio']:.2f}× the time")
    return out


def patient_get(url):
    """A GET that waits out a composition longer than the server's 30 s idle timeout: the server
    closes the connection but goes on composing, so the read is sent again until it is answered.
    A read sent again can land on the event loop whose one SQLite connection the composition
    holds, and is answered 503 after waiting 10 s for it: that too is tried again.
    Returns the answer and the milliseconds from the first try."""
    started = time.perf_counter()
    while True:
        try:
            answer = requests.get(url, timeout=600)
            if answer.status_code == 503 and time.perf_counter() - started < 1800:
                time.sleep(2)
                continue
            return answer, (time.perf_counter() - started) * 1000
        except requests.exceptions.ConnectionError:
            if time.perf_counter() - started > 1800:
                raise
            time.sleep(2)


def peak_rss(pids):
    """Each instance's peak resident set; the worst counts."""
    out = {"peak_mb": 0, "now_mb": 0, "instances": []}
    for pid in pids:
        status = open(f"/proc/{pid}/status").read()
        kb = lambda key: int(re.search(rf"{key}:\s+(\d+) kB", status).group(1))
        out["instances"].append({"peak_mb": round(kb("VmHWM") / 1024), "now_mb": round(kb("VmRSS") / 1024)})
        out["peak_mb"] = max(out["peak_mb"], out["instances"][-1]["peak_mb"])
        out["now_mb"] = max(out["now_mb"], out["instances"][-1]["now_mb"])
    print(f"\n== Server memory: peak {out['peak_mb']} MB resident, {out['now_mb']} MB now"
          + (f" (worst of {len(pids)} instances: {', '.join(str(i['peak_mb']) for i in out['instances'])} MB)" if len(pids) > 1 else ""))
    return out


# ---------------------------------------------------------------- report

def report(r, store):
    lat = r["latency"]
    rows = [
        ("overview p50 vs raw GROUP BY", lat["group_by"]["p50_ms"] / lat["overview_c1"]["p50_ms"], f"≥ {GOALS['overview_vs_group_by']}× faster",
         lat["group_by"]["p50_ms"] / lat["overview_c1"]["p50_ms"] >= GOALS["overview_vs_group_by"]),
        ("API p50 vs raw GROUP BY", lat["group_by"]["p50_ms"] / lat["api_c1"]["p50_ms"], f"≥ {GOALS['overview_vs_group_by']}× faster",
         lat["group_by"]["p50_ms"] / lat["api_c1"]["p50_ms"] >= GOALS["overview_vs_group_by"]),
    ]
    for c in CONCURRENCY[r["instances"]]:
        for name in ("overview", "api", "public"):
            ratio = lat[f"{name}_c{c}"]["p50_ms"] / lat[f"hello_c{c}"]["p50_ms"]
            rows.append((f"{name} p50 vs hello-world, c={c}", ratio, f"≤ {GOALS['overview_vs_hello']}×", ratio <= GOALS["overview_vs_hello"]))
    rows.append(("freshness, worst of approvals (ms)", r["freshness_ms"]["max_ms"], f"< {GOALS['freshness_ms']} ms", r["freshness_ms"]["max_ms"] < GOALS["freshness_ms"]))
    rebuilt = r["public_after_approval"]["rebuilt_ms"]
    rows.append(("public results rebuilt after approval (ms)", rebuilt, f"< {GOALS['public_rebuild_ms']} ms", rebuilt < GOALS["public_rebuild_ms"]))
    rows.append(("approval vs raw SQL of the same work", r["freshness_ms"]["approval_vs_reference"], f"≤ {GOALS['approval_vs_reference']}×",
                 r["freshness_ms"]["approval_vs_reference"] <= GOALS["approval_vs_reference"]))
    for c in CONCURRENCY[r["instances"]][1:]:
        share = lat[f"api_c{c}"]["rps"] / lat[f"hello_c{c}"]["rps"]
        rows.append((f"API req/s vs hello-world, c={c}", share, f"≥ {GOALS['api_throughput_share']:.0%}", share >= GOALS["api_throughput_share"]))
    rows.append((f"import rate vs {store.bulk_name}", r["import"]["ratio"], f"≥ {GOALS['import_vs_bulk']:.0%}", r["import"]["ratio"] >= GOALS["import_vs_bulk"]))
    if "neighbour" in r["import"]:
        ratio = r["import"]["neighbour"]["ratio"]
        rows.append(("another initiative's Results p50, import vs idle", ratio, f"≤ {GOALS['neighbour_during_import']}×",
                     ratio <= GOALS["neighbour_during_import"]))
    rows.append(("rebuild-aggregates vs raw GROUP BY", r["rebuild"]["ratio"], f"≤ {GOALS['rebuild_vs_group_by']}×",
                 r["rebuild"]["ratio"] <= GOALS["rebuild_vs_group_by"]))
    rows.append(("server peak RSS (MB)", r["rss_mb"]["peak_mb"], f"≤ {GOALS['rss_mb']} MB", r["rss_mb"]["peak_mb"] <= GOALS["rss_mb"]))
    r["goals"] = [{"measure": m, "value": round(v, 3), "goal": g, "met": ok} for m, v, g, ok in rows]
    print(f"\n== Against the goals ({r['scale']} scale on {r['database']}, {r['instances']} instance(s), {r['initiatives']} initiative(s): "
          f"{r['figures']:,} figures)")
    for m, v, g, ok in rows:
        print(f"  {m:<40} {v:>10.2f}   goal {g:<16} {'met' if ok else 'MISSED'}")


def fmt(m):
    return f"p50 {m['p50_ms']:.2f} ms, p99 {m['p99_ms']:.2f} ms, {m['rps']:.0f} req/s"


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


# ---------------------------------------------------------------- plumbing

def build(root, configuration):
    print(f"== Building backbone-bench ({configuration})")
    subprocess.run(["swift", "build", "-c", configuration, "--product", "backbone-bench"], cwd=root, check=True)
    path = subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=root, check=True,
                          capture_output=True, text=True).stdout.strip()
    return os.path.join(path, "backbone-bench")


def run(command, env=None):
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, env=dict(os.environ, **(env or {})))
    if done.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown")
    memory = next((int(line.split()[1]) // 1024 for line in open("/proc/meminfo") if line.startswith("MemTotal")), 0)
    sqlite_version = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True).stdout.split()[0]
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "kernel": platform.release(),
            "sqlite3_cli": sqlite_version, "swift": swift[0] if swift else "unknown"}


def wait_healthy(base):
    for _ in range(600):
        try:
            if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"the server at {base} did not become healthy")


def form_token(response):
    return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)


def sign_in(base):
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30)
    answer = session.post(f"{base}/login", data={"csrf_token": form_token(page), "email": STAFF[0], "password": STAFF[1]},
                          allow_redirects=False, timeout=30)
    assert answer.status_code == 303, f"sign-in answered {answer.status_code}"
    return session


if __name__ == "__main__":
    main()
