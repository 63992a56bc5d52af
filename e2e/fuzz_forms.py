"""Posts extreme values to every form a backbone administrator and a data steward can reach,
each with a valid form token, and fails if any answer is a 5xx or the server stops answering.

Usage: python fuzz_forms.py BASE_URL [PASSWORD]
Prints what it sent and ends with 'N passed, M failed' (one line per form).
The extremes are the numbers and texts that once stopped the process or could: int64 and
float64 bounds, NaN and Infinity spelt out, a 10,000-character text, control characters.
"""
import html.parser, re, sys, time, urllib.parse
import requests

BASE = sys.argv[1].rstrip("/")
PASSWORD = sys.argv[2] if len(sys.argv) > 2 else "backbone-demo"
ACCOUNTS = ["backbone.admin@demo.backbone.local", "data.steward@demo.backbone.local"]
# Every field gets these; a field that holds a number (a revision, a figure, a count of days)
# also gets NUMBERS, since arithmetic on a client number is what once stopped the process.
EXTREMES = ["9223372036854775807", "NaN", "x" * 10_000, "\x00\x01\t\r\n<script>\"'", ""]
NUMBERS = ["-9223372036854775808", "9223372036854775808", "2147483648", "99999999999999999999999999", "1.7976931348623157e308",
           "-1.7976931348623157e308", "1e309", "4.9e-324", "Infinity", "-Infinity", "-1", "2026-02-30", "9999-12-31"]
# Forms that end the session or lock the account out of the run; their handlers are covered by tests.
SKIPPED = re.compile(r"/logout$|/disable$|/enable$|/people/[^/]+/(remove|role)$|/account/password$|/revoke$")
MAX_PAGES, MAX_SECONDS = 150, 420
UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


class Forms(html.parser.HTMLParser):
    """The links and the POST forms of a page, with their fields' default values."""

    def __init__(self):
        super().__init__()
        self.links, self.forms, self.form, self.select, self.textarea = [], [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        elif tag == "form" and (a.get("method") or "").lower() == "post":
            self.form = {"action": a.get("action") or "", "multipart": "multipart" in (a.get("enctype") or ""), "fields": [], "files": []}
            self.forms.append(self.form)
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self.form["files"].append(a["name"])
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append([a["name"], a.get("value") or "on"])
            elif kind not in ("submit", "button"):
                self.form["fields"].append([a["name"], a.get("value") or ""])
        elif tag == "select":
            self.select = [a["name"], None]
            self.form["fields"].append(self.select)
        elif tag == "textarea":
            self.textarea = [a["name"], ""]
            self.form["fields"].append(self.textarea)
        elif tag == "option" and self.select is not None and (self.select[1] is None or "selected" in a):
            self.select[1] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            if self.select and self.select[1] is None:
                self.select[1] = ""
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data


def sign_in(email):
    session = requests.Session()
    page = session.get(f"{BASE}/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    answer = session.post(f"{BASE}/login", data={"csrf_token": token, "email": email, "password": PASSWORD}, timeout=30)
    assert answer.ok and "/login" not in answer.url, f"could not sign in as {email}"
    return session


def crawl(session):
    """Every page reachable from the start page (bounded), and the distinct forms on them."""
    seen, queue, forms = set(), ["/"], {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or re.search(r"\.(ics|csv|json|yaml|js|css)$|/photo$|/live$|/logout", path):
            continue
        seen.add(path)
        page = session.get(BASE + path, timeout=60)
        if "text/html" not in page.headers.get("Content-Type", ""):
            continue
        parser = Forms()
        parser.feed(page.text)
        queue += [link for link in parser.links if link not in seen]
        for form in parser.forms:
            action = urllib.parse.urlsplit(form["action"] or path).path
            if SKIPPED.search(action):
                continue
            # One form per shape: the same form for another object adds nothing.
            key = UUID.sub("{id}", action)
            forms.setdefault(key, dict(form, action=action, page=path))
    return forms


def alive():
    try:
        return requests.get(f"{BASE}/healthz", timeout=10).status_code == 200
    except requests.RequestException:
        return False


def main():
    started, requests_sent, failures, passed = time.monotonic(), 0, [], 0
    for email in ACCOUNTS:
        session = sign_in(email)
        forms = crawl(session)
        print(f"{email}: {len(forms)} distinct forms")
        for form in forms.values():
            if time.monotonic() - started > MAX_SECONDS:
                break
            page = session.get(BASE + form["page"], timeout=60)
            match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            if not match:
                continue
            fields = [[name, value] for name, value in form["fields"] if name != "csrf_token"]
            form_failures = []
            for index, (name, value) in enumerate(fields):
                numeric = re.fullmatch(r"-?[0-9.]+", value) is not None or re.search(r"revision|days|value|numerator|denominator|weight|number", name)
                for extreme in EXTREMES + (NUMBERS if numeric else []):
                    data = [("csrf_token", match.group(1))] + [(n, extreme if i == index else v) for i, (n, v) in enumerate(fields)]
                    files = {f: ("extreme.csv", extreme.encode("utf-8", "replace") or b"x", "text/csv") for f in form["files"]} or None
                    try:
                        answer = session.post(BASE + form["action"], data=data, files=files, allow_redirects=False, timeout=60)
                        status = answer.status_code
                    except requests.RequestException as error:
                        status = f"no answer ({type(error).__name__})"
                    requests_sent += 1
                    if not isinstance(status, int) or status >= 500:
                        form_failures.append(f"{name}={extreme[:30]!r}: {status}")
            if not alive():
                print(f"FAIL {form['action']}: the server stopped answering /healthz")
                print(f"{passed} passed, {len(failures) + 1} failed")
                sys.exit(1)
            if form_failures:
                failures.append(form["action"])
                print(f"FAIL {form['action']}: " + "; ".join(form_failures[:5]))
            else:
                passed += 1
                print(f"ok   {form['action']} ({len(fields)} fields)")
    print(f"forms fuzz: {requests_sent} requests to {passed + len(failures)} forms in {time.monotonic() - started:.0f} s; /healthz answers")
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
