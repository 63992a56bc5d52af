"""A 10,000-row import while others use the site (SQLite, one server): readers load /healthz, the
Results page and the results API without pause, and writers save other partners' reports through
the API. Every reader's p99 must stay under 1 s, no answer may be a 5xx, every writer's save must
be acknowledged and kept, and the import must store every row.

Usage: python import_drill.py BENCH_BINARY WORK_DIR
BENCH_BINARY is backbone-bench (it generates the initiative and serves it). The database is left
in WORK_DIR/drill.sqlite for the totals check that follows. Ends with 'N passed, M failed'.
"""
import os, re, subprocess, sys, threading, time
import requests

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from run import SLUG, form_token, free_port, sign_in, wait_healthy  # noqa: E402

BINARY, WORK = sys.argv[1], sys.argv[2]
DATABASE = os.path.join(WORK, "drill.sqlite")
# 3 indicators of 30 cells each per partner: 90 rows a report, 112 partners' reports in the file.
SHAPE = ["--partners", "120", "--indicators", "6", "--assigned", "3", "--months", "3", "--import-rows", "10080"]

os.makedirs(WORK, exist_ok=True)
subprocess.run([BINARY, "generate", "--database", DATABASE, "--files", WORK, *SHAPE, "--log", "warning"], check=True, stdout=subprocess.DEVNULL)
rows = sum(1 for _ in open(os.path.join(WORK, "import.csv"))) - 1
import_month = open(os.path.join(WORK, "import.csv")).readlines()[1].split(",")[2]
imported = {line.split(",")[1] for line in open(os.path.join(WORK, "import.csv")).readlines()[1:]}
token = open(os.path.join(WORK, "token.txt")).read().strip()
headers = {"Authorization": f"Bearer {token}"}

port = free_port()
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen([BINARY, "serve", "--database", DATABASE, "--port", str(port), "--log", "warning"],
                          stdout=open(os.path.join(WORK, "drill-out.log"), "w"), stderr=open(os.path.join(WORK, "drill-serve.log"), "w"))
failed, passed = 0, 0
try:
    wait_healthy(base)
    staff = sign_in(base)
    # Writers: partners the file leaves out, each saving one count of its report for the same month.
    assignments = requests.get(f"{base}/api/v1/initiatives/{SLUG}/assignments", headers=headers, timeout=60).json()["items"]
    writer_targets = sorted({(a["organizationId"], a["indicatorCode"]) for a in assignments
                             if a["organizationName"] not in imported and a["aggregation"] == "sum"})[:4]
    assert writer_targets, "no partner outside the import file to write for"

    done = threading.Event()
    lock = threading.Lock()
    latencies = {"/healthz": [], "Results page": [], "results API": []}
    statuses, acknowledged, saves = {}, {}, []

    def count(status):
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    def reader(name, get):
        session = staff if name == "Results page" else requests.Session()
        while not done.is_set():
            started = time.perf_counter()
            try:
                status = get(session).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            with lock:
                latencies[name].append(time.perf_counter() - started)
            count(status)

    def writer(target):
        organization, code = target
        value, session = 0, requests.Session()
        while not done.is_set():
            value += 1
            body = {"intent": "draft", "indicators": [{"code": code, "total": {"value": value}}]}
            try:
                status = session.put(f"{base}/api/v1/initiatives/{SLUG}/reports/{organization}/{import_month}", json=body,
                                     headers=headers, timeout=120).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            count(status)
            if isinstance(status, int) and status < 300:
                with lock:
                    acknowledged[target] = value
                    saves.append(value)
            time.sleep(0.05)

    threads = [threading.Thread(target=reader, args=("/healthz", lambda s: s.get(f"{base}/healthz", timeout=60))),
               threading.Thread(target=reader, args=("Results page", lambda s: s.get(f"{base}/i/{SLUG}/results", timeout=60))),
               threading.Thread(target=reader, args=("results API", lambda s: s.get(f"{base}/api/v1/initiatives/{SLUG}/results",
                                                                                   headers=headers, timeout=60)))]
    threads += [threading.Thread(target=writer, args=(target,)) for target in writer_targets]
    page = staff.get(f"{base}/i/{SLUG}/reporting/import", timeout=60)
    for thread in threads:
        thread.start()
    time.sleep(1)
    started = time.perf_counter()
    answer = staff.post(f"{base}/i/{SLUG}/reporting/import", data={"csrf_token": form_token(page), "submit": "on"},
                        files={"file": ("import.csv", open(os.path.join(WORK, "import.csv"), "rb"), "text/csv")}, timeout=600)
    import_seconds = time.perf_counter() - started
    time.sleep(1)
    done.set()
    for thread in threads:
        thread.join()

    stored = requests.get(f"{base}/api/v1/initiatives/{SLUG}/results", headers=headers, timeout=60)
    text = answer.text.replace(",", "")
    if answer.status_code == 200 and f"Imported {rows} rows" in text:
        passed += 1
    else:
        failed += 1
        print(f"FAIL the import answered {answer.status_code}: {re.sub(r'<[^>]+>', ' ', answer.text)[:600]}")
    for organization, code in writer_targets:
        report = requests.get(f"{base}/api/v1/initiatives/{SLUG}/reports/{organization}/{import_month}", headers=headers, timeout=60).json()
        value = {item["code"]: item["total"].get("value") for item in report["indicators"]}.get(code)
        if acknowledged.get((organization, code)) is None or value != acknowledged[(organization, code)]:
            failed += 1
            print(f"FAIL {code} of {organization}: acknowledged {acknowledged.get((organization, code))}, stored {value}")
        else:
            passed += 1
    server_errors = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
    p99s, slowest = {}, {}
    for name, samples in latencies.items():
        samples.sort()
        p99s[name] = samples[min(len(samples) - 1, int(len(samples) * 0.99))] if samples else float("inf")
        slowest[name] = samples[-1] if samples else float("inf")
        if p99s[name] < 1.0:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: p99 {p99s[name]:.2f} s over {len(samples)} requests")
    failed += 1 if server_errors else 0
    print(f"import drill: {rows} rows imported in {import_seconds:.1f} s while readers made "
          f"{sum(len(s) for s in latencies.values())} requests (p99 " + ", ".join(f"{n} {p * 1000:.0f} ms" for n, p in p99s.items()) +
          f"; slowest " + ", ".join(f"{n} {p * 1000:.0f} ms" for n, p in slowest.items()) +
          f") and {len(writer_targets)} writers saved {len(saves)} times; {server_errors} x 5xx; answers {statuses}")
finally:
    server.terminate()
    server.wait(timeout=60)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
