"""Many writers at once: WRITERS clients save report figures through the API for SECONDS, each
its own count of a partner's report (several share a report), in turn on the instances given,
without a revision (merging). No answer may be a 5xx, and at the end every figure holds the last
value acknowledged for it (no lost update).

Usage: python drill.py TOKEN SECONDS WRITERS URL [URL...]
With TOKEN '-' it signs in as the demo's platform administrator on the first URL and makes one.
Ends with 'N passed, M failed' (one line per writer) after a line with the counts.
"""
import collections, datetime, re, sys, threading, time
import requests

TOKEN, SECONDS, WRITERS, URLS = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), [u.rstrip("/") for u in sys.argv[4:]]
SLUG = "harbor-county"


def demo_token(base):
    session = requests.Session()
    token = lambda page: re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    page = session.get(f"{base}/login", timeout=30)
    session.post(f"{base}/login", data={"csrf_token": token(page), "email": "admin@demo.backbone.local", "password": "backbone-demo"}, timeout=30)
    page = session.get(f"{base}/account", timeout=30)
    answer = session.post(f"{base}/account/tokens", data={"csrf_token": token(page), "name": "drill"}, timeout=30)
    return re.search(r'id="new-token"[^>]*>([^<]+)<', answer.text).group(1)


TOKEN = demo_token(URLS[0]) if TOKEN == "-" else TOKEN
HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
TODAY = datetime.date.today()
PERIODS = {"monthly": TODAY.strftime("%Y-%m"), "quarterly": f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"}

# One (partner, indicator, period) per writer; writers may share a partner's report, saving
# different indicators of it, which is where a lost update would show.
assignments = requests.get(f"{URLS[0]}/api/v1/initiatives/{SLUG}/assignments", headers=HEADERS, timeout=30).json()["items"]
targets = [(item["organizationId"], item["indicatorCode"], PERIODS[item["frequency"]]) for item in assignments
           if item["unit"] == "count" and item["frequency"] in PERIODS]
targets = sorted(targets, key=lambda t: (t[1], t[0]))[:WRITERS]
assert len(targets) == WRITERS, f"only {len(targets)} counts to save"

statuses = collections.Counter()
acknowledged = {}          # (partner, code) -> last value answered 2xx
lock = threading.Lock()


def writer(index, target):
    partner, code, period = target
    deadline, value, round_ = time.monotonic() + SECONDS, 1000 * (index + 1), 0
    session = requests.Session()
    while time.monotonic() < deadline:
        base = URLS[round_ % len(URLS)]
        value += 1
        round_ += 1
        body = {"intent": "draft", "indicators": [{"code": code, "total": {"value": value}}]}
        try:
            status = session.put(f"{base}/api/v1/initiatives/{SLUG}/reports/{partner}/{period}", json=body, headers=HEADERS, timeout=60).status_code
        except requests.RequestException as error:
            status = type(error).__name__
        with lock:
            statuses[status] += 1
            if isinstance(status, int) and status < 300:
                acknowledged[target] = value


threads = [threading.Thread(target=writer, args=(i, t)) for i, t in enumerate(targets)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

lost, passed, failed = [], 0, 0
for target in targets:
    partner, code, period = target
    report = requests.get(f"{URLS[-1]}/api/v1/initiatives/{SLUG}/reports/{partner}/{period}", headers=HEADERS, timeout=30).json()
    stored = {item["code"]: item["total"].get("value") for item in report["indicators"]}
    if target in acknowledged and stored.get(code) != acknowledged[target]:
        lost.append(target)
        failed += 1
        print(f"FAIL {code} of {partner} for {period}: acknowledged {acknowledged[target]}, stored {stored.get(code)}")
    else:
        passed += 1

server_errors = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
print(f"drill: {WRITERS} writers for {SECONDS:.0f} s on {len(URLS)} instance(s): {sum(statuses.values())} saves, "
      f"{server_errors} x 5xx, {len(lost)} lost updates; answers {dict(statuses)}")
failed += 1 if server_errors else 0
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
