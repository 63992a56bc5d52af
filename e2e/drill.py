"""Many writers at once: WRITERS clients save report figures through the API for SECONDS, each
its own count of a partner's report (several share a report), in turn on the instances given,
without a revision (merging). No answer may be a 5xx, and at the end every figure holds the last
value acknowledged for it (no lost update). Meanwhile a backbone staff member approves the
reports waiting for review on the first instance, and a viewer's live stream on the last one must
announce every approval.

Usage: python drill.py TOKEN SECONDS WRITERS URL [URL...]
With TOKEN '-' it signs in as the demo's platform administrator on the first URL and makes one.
Ends with 'N passed, M failed' (one line per writer) after a line with the counts.
"""
import collections, datetime, queue, re, sys, threading, time
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


def form_token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def signed_in(base, email):
    session = requests.Session()
    page = session.get(f"{base}/login", timeout=30)
    session.post(f"{base}/login", data={"csrf_token": form_token(page), "email": email, "password": "backbone-demo"}, timeout=30)
    return session


announced, approvals, refused, stream_open = queue.Queue(), [], [], threading.Event()


def listener():
    """Counts the announcements of approvals (a change naming no indicator) on the last instance."""
    viewer = signed_in(URLS[-1], "viewer@demo.backbone.local")
    with viewer.get(f"{URLS[-1]}/i/{SLUG}/live", stream=True, timeout=(5, SECONDS + 30)) as stream:
        stream_open.set()
        for line in stream.iter_lines(decode_unicode=True):
            if line and line.startswith("data:") and '"indicators":[]' in line:
                announced.put(time.monotonic())


def approver():
    """Approves, spread over the drill, the reports waiting for review, on the first instance."""
    staff = signed_in(URLS[0], "backbone.staff@demo.backbone.local")
    waiting = re.findall(r'href="(/i/' + SLUG + r'/review/[0-9A-F-]+)"', staff.get(f"{URLS[0]}/i/{SLUG}/review", timeout=30).text)
    for link in waiting:
        time.sleep(SECONDS / (len(waiting) + 1))
        page = staff.get(URLS[0] + link, timeout=60)
        answer = staff.post(URLS[0] + link, data={"csrf_token": form_token(page), "decision": "approve", "comment": ""},
                            allow_redirects=False, timeout=60)
        if answer.status_code == 303:
            approvals.append(link)
        else:
            refused.append(answer.status_code)


threading.Thread(target=listener, daemon=True).start()
stream_open.wait(timeout=30)
threads = [threading.Thread(target=writer, args=(i, t)) for i, t in enumerate(targets)] + [threading.Thread(target=approver)]
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

# Every approval announced on the last instance (an announcement may trail its answer a little).
deadline = time.monotonic() + 10
while announced.qsize() < len(approvals) and time.monotonic() < deadline:
    time.sleep(0.1)
if refused:
    failed += 1
    print(f"FAIL approvals answered {refused}")
if announced.qsize() < len(approvals):
    failed += 1
    print(f"FAIL {len(approvals)} approvals on {URLS[0]}, {announced.qsize()} announced on {URLS[-1]}")
else:
    passed += 1

server_errors = sum(n for status, n in statuses.items() if not isinstance(status, int) or status >= 500)
print(f"drill: {WRITERS} writers for {SECONDS:.0f} s on {len(URLS)} instance(s): {sum(statuses.values())} saves, "
      f"{server_errors} x 5xx, {len(lost)} lost updates; {len(approvals)} approvals, {announced.qsize()} announced live; answers {dict(statuses)}")
failed += 1 if server_errors else 0
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
