"""Signs in as every demo role in headless Chromium, visits every page that role can reach,
checks each with axe-core (WCAG 2.2 A/AA and best practices), and keeps screenshots.

Usage: python browser_check.py BASE_URL AXE_JS SCREENSHOT_DIR [PASSWORD]
With BACKBONE_DEMO_DATABASE naming the demo server's SQLite file, it also ends a session by
ageing it there, to check that figures typed meanwhile come back after signing in again.
Prints one line per page and ends with 'N passed, M failed'.
"""
import datetime, json, os, pathlib, re, sqlite3, sys, time
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, AXE, SHOTS = sys.argv[1].rstrip("/"), pathlib.Path(sys.argv[2]).read_text(), pathlib.Path(sys.argv[3])
PASSWORD = sys.argv[4] if len(sys.argv) > 4 else "backbone-demo"
SLUG = "harbor-county"
DATABASE = os.environ.get("BACKBONE_DEMO_DATABASE")
SHOTS.mkdir(parents=True, exist_ok=True)

ACCOUNTS = {
    "platform-admin": "admin@demo.backbone.local",
    "backbone-admin": "backbone.admin@demo.backbone.local",
    "backbone-staff": "backbone.staff@demo.backbone.local",
    "steering": "steering@demo.backbone.local",
    "wg-lead": "wg.lead@demo.backbone.local",
    "data-steward": "data.steward@demo.backbone.local",
    "viewer": "viewer@demo.backbone.local",
    "funder": "funder@demo.backbone.local",
}
BACKBONE = {"platform-admin", "backbone-admin", "backbone-staff"}
results = {"passed": 0, "failed": 0}


def browser(width=1280, height=900):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(arg)
    if width < 500:  # desktop windows have a minimum width; emulate the phone's screen instead
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 1}})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def check(driver, name, expect_status_text=None):
    """Runs axe on the current page and saves a full-page screenshot."""
    driver.execute_script(AXE)
    report = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})
           .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))))
           .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
    """)
    # The page as the server sent it (not the browser's DOM), for the Nu HTML checker stage.
    raw = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(location.href, {credentials: 'same-origin'}).then(r => r.text()).then(done).catch(e => done(''));
    """)
    if raw:
        (SHOTS / "html").mkdir(exist_ok=True)
        (SHOTS / "html" / f"{name}.html").write_text(raw)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, max(600, min(height + 100, 4000)))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    problems = list(report)
    title = driver.title
    if "Something went wrong" in driver.page_source:
        problems.append({"id": "server-error", "help": "the page reports a server error", "nodes": []})
    if expect_status_text and expect_status_text not in driver.page_source:
        problems.append({"id": "content", "help": f"expected to see {expect_status_text!r}", "nodes": []})
    if problems:
        results["failed"] += 1
        print(f"FAIL {name} ({title}): " + json.dumps(problems))
    else:
        results["passed"] += 1
        print(f"ok   {name} ({title})")


def visit(driver, name, path, expect=None):
    driver.get(BASE + path)
    check(driver, name, expect)


def sign_in(driver, email):
    driver.delete_all_cookies()
    driver.get(BASE + "/login")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    # Wait for the answer: a page opened right away could race the sign-in.
    WebDriverWait(driver, 30).until(lambda d: not d.current_url.split("?")[0].endswith("/login"))


def first_partner_path(driver):
    driver.get(f"{BASE}/i/{SLUG}/partners")
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table a")]
    return re.sub(r"^https?://[^/]+", "", links[1])


def current_month_report(driver):
    """The link to this month's report on the reporting page."""
    month = datetime.date.today().strftime("%Y-%m")
    return driver.find_element(By.CSS_SELECTOR, f"main table a[href$='/{month}']")


def report_and_review(driver):
    """A data steward fills in and submits this month's report; the backbone approves it."""
    sign_in(driver, ACCOUNTS["data-steward"])
    driver.get(f"{BASE}/i/{SLUG}/reporting")
    current_month_report(driver).click()
    check(driver, "data-steward-report-form", "Submit for review")
    inputs = {e.get_attribute("name"): e for e in driver.find_elements(By.CSS_SELECTOR, "main input[type=text]")}
    served = [n for n in inputs if n.endswith(".total.value")]
    for name in served:
        prefix = name[: -len(".total.value")]
        cells = sorted(n for n in inputs if n.startswith(prefix + ".cell.gender."))
        total = 0
        for i, cell in enumerate(cells):
            inputs[cell].clear(); inputs[cell].send_keys(str(10 + i)); total += 10 + i
        inputs[name].clear(); inputs[name].send_keys(str(total if cells else 40))
        if cells:
            # The running sum under the breakdown follows the typing, and shows a gap at once.
            running = driver.find_element(By.CSS_SELECTOR, f"output[data-total='{name}']")
            if running.text != f"These add up to {total} of {total}.":
                results_failed(f"data-steward-report-form: running sum says {running.text!r}, not {total} of {total}")
            inputs[cells[0]].send_keys("0")
            if running.text != f"These add up to {total - 10 + 100} of {total}.":
                results_failed(f"data-steward-report-form: running sum did not follow the typing: {running.text!r}")
            inputs[cells[0]].send_keys(Keys.BACKSPACE)
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    check(driver, "data-steward-report-draft", "Your draft was saved")
    # far from last month's figures: the form asks for a comment before it can be submitted
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    check(driver, "data-steward-report-needs-comment", "Add a comment saying why it is right")
    for comment in driver.find_elements(By.CSS_SELECTOR, "main textarea"):
        comment.send_keys("Counted from this month's sign-in sheets; a new site opened.")
    driver.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    check(driver, "data-steward-report-submitted", "Your report was submitted")
    period_url = driver.current_url.split("?")[0]
    period_label = driver.find_element(By.TAG_NAME, "h1").text.split(" report")[0]

    sign_in(driver, ACCOUNTS["backbone-staff"])
    driver.get(f"{BASE}/i/{SLUG}/review")
    rows = [row for row in driver.find_elements(By.CSS_SELECTOR, "main #waiting tbody tr")
            if "Boys & Girls Club" in row.text and period_label in row.text]
    rows[-1].find_element(By.TAG_NAME, "a").click()
    check(driver, "backbone-staff-review-submission", "Changes of figures")
    driver.find_element(By.CSS_SELECTOR, "button[value=approve]").click()
    check(driver, "backbone-staff-review-approved", "The report was approved.")
    driver.get(period_url)
    check(driver, "backbone-staff-report-approved", "Approved")
    return period_url


def typed_figures_survive_the_session_ending(driver):
    """A data steward types a figure; the session runs out before she saves (two hours idle,
    made here by ageing the session in the database); saving sends her to sign in, and after
    signing in the figure is given back and saved with one button. Before that, a form open near
    the end of a session shows the warning with 'Stay signed in'."""
    if not DATABASE:
        print("skip session-ended checks: BACKBONE_DEMO_DATABASE is not set")
        return
    sign_in(driver, ACCOUNTS["data-steward"])
    driver.get(f"{BASE}/i/{SLUG}/reporting")
    current_month_report(driver).click()
    report_url = driver.current_url.split("?")[0]
    # The warning: the page's script is run again with a session of a few seconds.
    driver.execute_script("document.body.dataset.sessionIdle = '6'; const s = document.createElement('script');"
                          "s.src = '/assets/session.js'; document.body.appendChild(s);")
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".session-warning:not([hidden])"))
    check(driver, "session-warning", "Stay signed in")
    driver.find_element(By.CSS_SELECTOR, ".session-warning button").click()
    WebDriverWait(driver, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, ".session-warning:not([hidden])"))

    driver.get(report_url)
    field = next(e for e in driver.find_elements(By.CSS_SELECTOR, "main input[type=text]") if e.get_attribute("name").endswith(".total.value"))
    name = field.get_attribute("name")
    field.clear(); field.send_keys("4321")
    with sqlite3.connect(DATABASE) as db:
        db.execute("UPDATE user_sessions SET last_seen_at = last_seen_at - 3 * 3600, created_at = created_at - 3 * 3600")
    driver.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    check(driver, "session-ended-sign-in", "what you typed will be given back")
    driver.find_element(By.ID, "email").send_keys(ACCOUNTS["data-steward"])
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "/account/held/" in d.current_url)
    check(driver, "session-ended-changes-back", "Your unsaved changes")
    if not driver.find_elements(By.CSS_SELECTOR, f"input[type=hidden][name='{name}'][value='4321']"):
        results_failed("session-ended-changes-back: the typed figure is not in the form")
    driver.find_element(By.XPATH, "//button[text()='Save my changes']").click()
    check(driver, "session-ended-saved", "Your draft was saved")
    if driver.find_element(By.NAME, name).get_attribute("value") != "4321":
        results_failed("session-ended-saved: the saved report does not hold the typed figure")


def import_in_place(driver, period_url):
    """The import page's script sends the file in the background, shows progress, and puts the
    answer in the page: a refused file's table of problems, then an accepted file's summary."""
    sign_in(driver, ACCOUNTS["backbone-staff"])
    driver.get(f"{BASE}/i/{SLUG}/reporting/import")
    template = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);", period_url + "/template.csv")
    lines = template.strip().splitlines()
    refused = "\n".join([lines[0]] + ["NO-SUCH-CODE" + line[line.index(","):] for line in lines[1:]])
    for name, text, expected in [("import-refused", refused, "Nothing was imported"), ("import-accepted", template, "already up to date")]:
        path = (SHOTS / f"{name}.csv").resolve()
        path.write_text(text)
        driver.execute_script("window.stayedOnPage = true")
        driver.find_element(By.ID, "file").send_keys(str(path))
        driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        # Read through the page's script: the main element is replaced while we wait.
        WebDriverWait(driver, 120).until(lambda d: expected in d.execute_script("return document.querySelector('main').innerText"))
        if not driver.execute_script("return window.stayedOnPage === true"):
            results["failed"] += 1
            print(f"FAIL backbone-staff-{name}: the page was reloaded instead of updated in place")
        check(driver, f"backbone-staff-{name}", expected)


def endorse_current_agenda(driver):
    """A partner that endorsed only the first version reads the second and endorses it."""
    sign_in(driver, ACCOUNTS["data-steward"])
    driver.get(f"{BASE}/i/{SLUG}/agenda")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "main table tbody tr") if "Boys & Girls Club" in r.text)
    if "Endorses only version 1" not in row.text:
        results["failed"] += 1
        print(f"FAIL data-steward-agenda: expected the club to endorse only version 1, saw {row.text!r}")
    driver.find_element(By.XPATH, "//main//button[contains(., 'Endorse version 2')]").click()
    check(driver, "data-steward-agenda-endorsed", "Your organization's endorsement was recorded.")
    row = next(r for r in driver.find_elements(By.CSS_SELECTOR, "main table tbody tr") if "Boys & Girls Club" in r.text)
    if "Endorses the current version" not in row.text:
        results["failed"] += 1
        print(f"FAIL data-steward-agenda-endorsed: the club's standing did not change: {row.text!r}")


def coverage_cell(driver, partner, strategy):
    table = driver.find_element(By.ID, "coverage-matrix")
    headers = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    column = next(i for i, text in enumerate(headers) if text.startswith(strategy))
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        if row.find_element(By.TAG_NAME, "th").text == partner:
            return row.find_elements(By.TAG_NAME, "td")[column - 1].text
    return None


def scenario_saved_and_compared(driver):
    """Backbone staff save a what-if scenario through the form, see it drawn against
    the forecast, then compare two scenarios on the indicator page."""
    sign_in(driver, ACCOUNTS["backbone-staff"])
    driver.get(f"{BASE}/i/{SLUG}/indicators")
    driver.find_element(By.LINK_TEXT, "People served").click()
    driver.find_element(By.LINK_TEXT, "New scenario").click()
    check(driver, "backbone-staff-scenario-new", "Change 1")
    driver.find_element(By.ID, "name").send_keys("Bridges Mentoring grows by 5 a month")
    Select(driver.find_element(By.ID, "change-0-kind")).select_by_value("grow")
    Select(driver.find_element(By.ID, "change-0-partners")).select_by_visible_text("Bridges Mentoring")
    driver.find_element(By.ID, "change-0-amount").send_keys("5")
    driver.find_element(By.CSS_SELECTOR, "form.scenario-form button[type=submit]").click()
    check(driver, "backbone-staff-scenario-saved", "Bridges Mentoring: +5 in")
    driver.find_element(By.CSS_SELECTOR, ".breadcrumb a").click()
    boxes = driver.find_elements(By.CSS_SELECTOR, "#scenarios input[name=compare]")
    for box in boxes:
        if box.is_selected():
            box.click()
    for box in boxes[:2]:
        box.click()
    driver.find_element(By.CSS_SELECTOR, "#scenarios button[type=submit]").click()
    check(driver, "backbone-staff-scenarios-compared", "swatch-scenario-2")
    if "swatch-scenario-3" in driver.page_source:
        results_failed("scenarios compared: a third scenario is drawn though two were chosen")


def lead_adds_activity(driver):
    """The chair of Early Learning records a partner's new commitment under the group's strategy
    and sees the coverage matrix count it."""
    partner, strategy = "Harbor County Public Schools", "Early literacy at home and in child care"
    sign_in(driver, ACCOUNTS["wg-lead"])
    driver.get(f"{BASE}/i/{SLUG}/activities")
    before = coverage_cell(driver, partner, strategy)
    if before is None or "active" in before:
        results["failed"] += 1
        print(f"FAIL wg-lead-activity: expected no activity of {partner} under {strategy} yet, saw {before!r}")
    form = driver.find_element(By.CSS_SELECTOR, f"main form[action='/i/{SLUG}/activities']")
    form.find_element(By.XPATH, f".//select[@id='organization']/option[text()='{partner}']").click()
    form.find_element(By.XPATH, f".//select[@id='strategy']/option[text()='{strategy}']").click()
    form.find_element(By.ID, "kind").send_keys("Kindergarten transition visits")
    form.find_element(By.ID, "population").send_keys("Incoming kindergartners and their parents")
    form.find_element(By.ID, "geography").send_keys("Countywide")
    driver.execute_script("document.getElementById('startsOn').value = '2027-01-11'")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "done=activity-added" in d.current_url)
    check(driver, "wg-lead-activity-added", "The activity was added to the action plan.")
    after = coverage_cell(driver, partner, strategy)
    if after != "1 active":
        results["failed"] += 1
        print(f"FAIL wg-lead-activity-added: the coverage matrix did not change: {before!r} -> {after!r}")
    driver.find_element(By.LINK_TEXT, "Kindergarten transition visits").click()
    check(driver, "wg-lead-activity", "Change the activity")


def steering_reads_packet(driver):
    """A steering committee member opens the next committee meeting's data walk packet and finds
    the same latest figures as on the Results page."""
    sign_in(driver, ACCOUNTS["steering"])
    driver.get(f"{BASE}/i/{SLUG}/results")
    results = {}
    for row in driver.find_elements(By.CSS_SELECTOR, ".results-table tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        results[cells[0].find_element(By.TAG_NAME, "a").text] = cells[1].find_element(By.TAG_NAME, "strong").text if cells[1].find_elements(By.TAG_NAME, "strong") else None
    driver.get(f"{BASE}/i/{SLUG}/meetings")
    upcoming = driver.find_element(By.XPATH, "//section[.//h2[text()='Upcoming']]")
    upcoming.find_element(By.XPATH, ".//tr[td[text()='Steering Committee']]//a").click()
    driver.find_element(By.LINK_TEXT, "Data walk packet").click()
    check(driver, "steering-packet", "Data walk packet")
    cards = driver.find_elements(By.CSS_SELECTOR, ".packet-card")
    compared = 0
    for card in cards:
        name = card.find_element(By.CSS_SELECTOR, "h2 a").text
        shown = card.find_elements(By.CSS_SELECTOR, "dd strong")
        if name in results and results[name] and shown:
            compared += 1
            if shown[0].text != results[name]:
                results_failed(f"steering-packet: {name} shows {shown[0].text!r}, the Results page {results[name]!r}")
    if compared < 5:
        results_failed(f"steering-packet: expected the committee's packet to show current figures, compared only {compared}")


def round_opened_and_answered_on_a_phone(driver, phone):
    """The backbone opens a partnership-health round through the form; the partner viewer finds
    it on a phone, saves a draft, then hands in every answer; a steering member reads the
    readiness heat map and the shared periodic assessment on a phone."""
    sign_in(driver, ACCOUNTS["backbone-admin"])
    driver.get(f"{BASE}/i/{SLUG}/assessments/new")
    driver.find_element(By.ID, "title").send_keys("Partnership health, winter")
    Select(driver.find_element(By.ID, "kind")).select_by_value("partnership_health")
    last = (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "closesOn"), last)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "backbone-admin-round-opened", "Round opened")

    sign_in(phone, ACCOUNTS["viewer"])
    phone.get(f"{BASE}/i/{SLUG}/assessments")
    phone.find_element(By.LINK_TEXT, "Partnership health, winter").click()
    check(phone, "phone-viewer-round", "Save a draft")
    phone_fits(phone, "phone-viewer-round")
    fieldsets = phone.find_elements(By.CSS_SELECTOR, "fieldset.question")
    fieldsets[0].find_elements(By.CSS_SELECTOR, ".scale label")[3].click()
    phone.find_element(By.CSS_SELECTOR, "button[value=save]").click()
    check(phone, "phone-viewer-draft-saved", "Answers saved as a draft")
    for index, fieldset in enumerate(phone.find_elements(By.CSS_SELECTOR, "fieldset.question")):
        labels = fieldset.find_elements(By.CSS_SELECTOR, ".scale label")
        phone.execute_script("arguments[0].scrollIntoView({block: 'center'})", labels[index % len(labels)])
        labels[index % len(labels)].click()
    phone.find_element(By.CSS_SELECTOR, "button[value=submit]").click()
    check(phone, "phone-viewer-handed-in", "Answers handed in")
    if "Hand in the changes" not in phone.page_source:
        results_failed("phone-viewer-handed-in: handed-in answers should stay open to change until the round closes")

    sign_in(phone, ACCOUNTS["steering"])
    phone.get(f"{BASE}/i/{SLUG}/assessments")
    phone.find_element(By.XPATH, "//tr[td/a[text()='Readiness, second round']]//a[text()='See the results']").click()
    check(phone, "phone-steering-heat-map", "By sector")
    phone_fits(phone, "phone-steering-heat-map")
    phone.get(f"{BASE}/i/{SLUG}/periodic-assessments")
    phone.find_element(By.CSS_SELECTOR, "main ul.plain-list a").click()
    check(phone, "phone-steering-periodic", "Needs attention")
    phone_fits(phone, "phone-steering-periodic")


def commitment_recorded(driver):
    """The backbone records a grant through the form, with a mistake first: the error is beside
    the field and what was typed stays; once mended, the grant is on the map of its first year."""
    sign_in(driver, ACCOUNTS["backbone-admin"])
    driver.get(f"{BASE}/i/{SLUG}/funding/commitments/new")
    driver.find_element(By.ID, "title").send_keys("Summer youth grant")
    Select(driver.find_element(By.ID, "funder")).select_by_visible_text("Harbor Regional Medical Center")
    Select(driver.find_element(By.ID, "currency")).select_by_value("USD")
    driver.find_element(By.ID, "amount").send_keys("45,000.505")
    year = datetime.date.today().year
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "startsOn"), f"{year}-01-01")
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "endsOn"), f"{year}-12-31")
    Select(driver.find_element(By.ID, "restriction")).select_by_visible_text("Strategy: Summer and after-school learning")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "backbone-admin-commitment-error", "at most 2 decimals")
    if driver.find_element(By.ID, "title").get_attribute("value") != "Summer youth grant":
        results_failed("backbone-admin-commitment-error: the title typed was lost")
    amount = driver.find_element(By.ID, "amount")
    amount.clear()
    amount.send_keys("45,000.50")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "backbone-admin-commitment-saved", "Commitment saved")
    driver.get(f"{BASE}/i/{SLUG}/funding?year={year}")
    check(driver, "backbone-admin-funding-map", "Harbor Regional Medical Center")


def resident_heard_and_answered(driver):
    """A resident writes on the public voice page (after a moment, as a person would); a working
    group lead finds it awaiting an answer, answers it, and the answer shows in public."""
    driver.delete_all_cookies()
    driver.get(f"{BASE}/p/{SLUG}/voice")
    driver.find_element(By.ID, "text").send_keys("The bus to the Eastside clinic stops at 6 pm.")
    driver.find_element(By.ID, "neighborhood").send_keys("Eastside")
    time.sleep(3.5)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "anonymous-voice-sent", "Thank you.")
    sign_in(driver, ACCOUNTS["wg-lead"])
    driver.get(f"{BASE}/i/{SLUG}/outreach/feedback")
    driver.find_element(By.PARTIAL_LINK_TEXT, "The bus to the Eastside clinic").click()
    check(driver, "wg-lead-feedback-item", "What was done")
    driver.find_element(By.ID, "response").send_keys("The county added a 7:30 pm run from March.")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "wg-lead-feedback-answered", "Answer saved")
    driver.get(f"{BASE}/p/{SLUG}/voice")
    check(driver, "anonymous-voice-answered", "The county added a 7:30 pm run from March.")


def mention_notifies(driver):
    """The data steward mentions the viewer in a comment on an indicator; the viewer sees it in
    their notifications and opens it."""
    sign_in(driver, ACCOUNTS["data-steward"])
    driver.get(f"{BASE}/i/{SLUG}/indicators")
    driver.find_element(By.LINK_TEXT, "People served").click()
    driver.find_element(By.ID, "comment-text").send_keys("@viewer could the library check the September figure?")
    driver.find_element(By.XPATH, "//form[.//textarea[@id='comment-text']]//button[@type='submit']").click()
    WebDriverWait(driver, 30).until(lambda d: "#comment-" in d.current_url)
    check(driver, "data-steward-comment", "could the library check the September figure?")
    sign_in(driver, ACCOUNTS["viewer"])
    driver.get(f"{BASE}/i/{SLUG}")
    count = driver.find_elements(By.CSS_SELECTOR, ".account-nav .count")
    if not count or re.findall(r"\d+", count[0].text) != ["1"]:
        results_failed(f"viewer-notified: expected one unread notification in the header, saw {[c.text for c in count]!r}")
    driver.find_element(By.XPATH, "//nav[@class='account-nav']//a[starts-with(normalize-space(.), 'Notifications')]").click()
    check(driver, "viewer-notifications", "mentioned you on")
    driver.find_element(By.XPATH, "//ul[@class='notification-list']/li[1]//button").click()
    WebDriverWait(driver, 30).until(lambda d: "#comment-" in d.current_url)
    check(driver, "viewer-mention-opened", "could the library check the September figure?")
    if driver.find_elements(By.CSS_SELECTOR, ".account-nav .count"):
        results_failed("viewer-mention-opened: the notification is still counted as unread")


def results_failed(message):
    results["failed"] += 1
    print(f"FAIL {message}")


def live_refresh(driver):
    """An open results page updates itself when a report is approved elsewhere, without reloading."""
    import requests
    sign_in(driver, ACCOUNTS["viewer"])
    driver.get(f"{BASE}/i/{SLUG}/results")
    driver.execute_script("window.stayedOnPage = true; window.regionBefore = document.querySelector('[data-live-region=results]')")
    staff = requests.Session()
    page = staff.get(f"{BASE}/login")
    token = lambda r: re.search(r'name="csrf_token" value="([^"]+)"', r.text).group(1)
    staff.post(f"{BASE}/login", data={"csrf_token": token(page), "email": ACCOUNTS["backbone-staff"], "password": PASSWORD})
    waiting = re.findall(r'href="(/i/' + SLUG + r'/review/[0-9A-F-]+)"', staff.get(f"{BASE}/i/{SLUG}/review").text)
    report = staff.get(BASE + waiting[0])
    staff.post(BASE + waiting[0], data={"csrf_token": token(report), "decision": "approve", "comment": ""})
    try:
        WebDriverWait(driver, 15).until(lambda d: d.execute_script(
            "return document.querySelector('[data-live-region=results]') !== window.regionBefore && window.stayedOnPage === true"))
    except Exception:
        results["failed"] += 1
        print("FAIL viewer-results-live: the open page did not update itself after an approval")
        return
    check(driver, "viewer-results-live", "Figures updated at")


def own_breakdown_and_indicator(driver):
    """The backbone adds a breakdown, defines an indicator that uses it, and gives a partner a target."""
    sign_in(driver, ACCOUNTS["backbone-admin"])
    driver.get(f"{BASE}/i/{SLUG}/indicators/breakdowns")
    driver.find_element(By.ID, "name").send_keys("Program site")
    driver.find_element(By.ID, "categories").send_keys("Harbor Point\nEastside Library\nWest End School")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "backbone-admin-breakdown-added", "West End School")
    driver.get(f"{BASE}/i/{SLUG}/indicators/new")
    driver.find_element(By.ID, "code").send_keys("PM-MENTOR")
    driver.find_element(By.ID, "name").send_keys("Mentoring sessions held")
    driver.execute_script("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()   # no definition: explained, kept
    check(driver, "backbone-admin-indicator-new-errors", "Say exactly what is measured.")
    driver.find_element(By.ID, "definition").send_keys("One-to-one mentoring sessions of at least 30 minutes held during the quarter.")
    driver.find_element(By.ID, "dimension-program_site").click()
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "backbone-admin-indicator-created", "The indicator was created.")
    # The first single partner: the choices before them name groups ("every", "sector:…").
    partner = next(value for value in (o.get_attribute("value") for o in driver.find_element(By.ID, "organizationID").find_elements(By.TAG_NAME, "option"))
                   if re.fullmatch(r"[0-9A-Fa-f-]{36}", value or ""))
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "organizationID"), partner)
    driver.find_element(By.CSS_SELECTOR, "form.assign-form button[type=submit]").click()
    # Wait for the answer to the assignment: finding the target form on the page being left races it.
    WebDriverWait(driver, 30).until(lambda d: "The assignment was saved." in d.page_source)
    driver.find_element(By.CSS_SELECTOR, ".target-form summary").click()
    form = driver.find_element(By.CSS_SELECTOR, ".target-form form")
    driver.execute_script("arguments[0].value = arguments[1]", form.find_element(By.ID, "whose"), partner)
    for field, value in [("baselineValue", "20"), ("baselineDate", "01/01/2025"), ("targetValue", "60"), ("targetDate", "12/31/2027")]:
        form.find_element(By.ID, field).send_keys(value)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    check(driver, "backbone-admin-partner-target", "Partner targets")


def choose_language(driver, code):
    driver.find_element(By.CSS_SELECTOR, f".language-switch button[lang={code}]").click()
    # The old page's element goes stale while the new one loads (Chromium may also say the node
    # left the document): look again until it is there.
    WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException, WebDriverException]).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == code)


def spanish_on_a_phone(phone):
    """Spanish, chosen with the footer's switch: every page again at phone width with axe and no
    sideways scrolling; the menu button opens the initiative's pages; then back to English."""
    phone.get(f"{BASE}/i/{SLUG}")
    choose_language(phone, "es")
    for name, path in [("phone-es-home", f"/i/{SLUG}"), ("phone-es-results", f"/i/{SLUG}/results"),
                       ("phone-es-reporting", f"/i/{SLUG}/reporting"), ("phone-es-review", f"/i/{SLUG}/review"),
                       ("phone-es-meetings", f"/i/{SLUG}/meetings"), ("phone-es-notifications", "/notifications"),
                       ("phone-es-missing", f"/i/{SLUG}/no-such-page")]:
        visit(phone, name, path)
        problems = []
        if phone.find_element(By.TAG_NAME, "html").get_attribute("lang") != "es":
            problems.append("not marked as Spanish")
        if phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
            problems.append("wider than a phone screen")
        if problems:
            results["failed"] += 1
            print(f"FAIL {name}: {', '.join(problems)}")
    phone.get(f"{BASE}/i/{SLUG}")
    phone.find_element(By.CSS_SELECTOR, ".nav-menu summary").click()
    phone.find_element(By.CSS_SELECTOR, ".nav-menu").find_element(By.LINK_TEXT, "Informes").click()
    check(phone, "phone-es-menu-to-reporting", "Informes")
    choose_language(phone, "en")


def every_page_in_spanish(driver):
    """The backbone admin's every page in Spanish at desktop width, with axe: longer words must
    not break layouts (the screenshots are looked at), and every page says it is Spanish."""
    sign_in(driver, ACCOUNTS["backbone-admin"])
    driver.get(f"{BASE}/i/{SLUG}")
    choose_language(driver, "es")
    partner = first_partner_path(driver)
    pages = [("home", f"/i/{SLUG}"), ("partners", f"/i/{SLUG}/partners"), ("partner", partner), ("partner-edit", partner + "/edit"),
             ("partner-new", f"/i/{SLUG}/partners/new"), ("people", f"/i/{SLUG}/people"), ("invite", f"/i/{SLUG}/people/invite"),
             ("results", f"/i/{SLUG}/results"), ("indicators", f"/i/{SLUG}/indicators"), ("catalog", f"/i/{SLUG}/indicators/catalog"),
             ("breakdowns", f"/i/{SLUG}/indicators/breakdowns"), ("indicator-new", f"/i/{SLUG}/indicators/new"),
             ("agenda", f"/i/{SLUG}/agenda"), ("agenda-compare", f"/i/{SLUG}/agenda/compare?from=1&to=2"), ("agenda-draft", f"/i/{SLUG}/agenda/draft"),
             ("theory-of-change", f"/i/{SLUG}/theory-of-change"), ("governance", f"/i/{SLUG}/governance"),
             ("cycles", f"/i/{SLUG}/governance/cycles"), ("action-plan", f"/i/{SLUG}/activities"), ("timeline", f"/i/{SLUG}/activities/timeline"),
             ("meetings", f"/i/{SLUG}/meetings"), ("decision-log", f"/i/{SLUG}/decisions"), ("updates", f"/i/{SLUG}/updates"),
             ("stories", f"/i/{SLUG}/stories"), ("public-stories", f"/stories/{SLUG}"), ("reporting", f"/i/{SLUG}/reporting"),
             ("import", f"/i/{SLUG}/reporting/import"), ("review", f"/i/{SLUG}/review"), ("account", "/account"),
             ("notification-settings", "/account/notifications"), ("notifications", "/notifications"), ("initiatives", "/initiatives"),
             ("help", "/help"), ("help-review", "/help/review"), ("help-action-plan", "/help/action-plan"),
             ("search", f"/i/{SLUG}/search?q=lectura"), ("assessments", f"/i/{SLUG}/assessments"),
             ("periodic-assessments", f"/i/{SLUG}/periodic-assessments"), ("round-new", f"/i/{SLUG}/assessments/new"),
             ("funding", f"/i/{SLUG}/funding"), ("commitment-new", f"/i/{SLUG}/funding/commitments/new"), ("funding-needs", f"/i/{SLUG}/funding/needs"),
             ("outreach", f"/i/{SLUG}/outreach"), ("outreach-event-new", f"/i/{SLUG}/outreach/events/new"), ("feedback", f"/i/{SLUG}/outreach/feedback"),
             ("voice", f"/p/{SLUG}/voice"), ("webhooks", f"/i/{SLUG}/webhooks")]
    for name, path in pages:
        visit(driver, f"es-{name}", path)
        if driver.find_element(By.TAG_NAME, "html").get_attribute("lang") != "es":
            results_failed(f"es-{name}: not marked as Spanish")
    for name, link in [("indicator", "Personas atendidas"), ("meeting", "Coaching plan")]:
        driver.get(BASE + (f"/i/{SLUG}/indicators" if name == "indicator" else f"/i/{SLUG}/meetings"))
        driver.find_element(By.LINK_TEXT, link).click()
        check(driver, f"es-{name}")
        if name == "indicator":
            driver.find_element(By.CSS_SELECTOR, "#scenarios .scenario-item a").click()
            check(driver, "es-scenario", "Frente al pronóstico")
        if name == "meeting":
            driver.find_element(By.LINK_TEXT, "Material para el recorrido de datos").click()
            check(driver, "es-packet", "La vez anterior")
    driver.get(f"{BASE}/i/{SLUG}/governance")
    driver.find_element(By.XPATH, "//ul[contains(@class, 'change-outline')]//a[.//strong[text()='Early Learning']]").click()
    check(driver, "es-working-group", "Ciclo trimestral")
    driver.get(f"{BASE}/i/{SLUG}/assessments")
    driver.find_element(By.XPATH, "//tr[td/a[text()='Readiness, second round']]//a[text()='Ver los resultados']").click()
    check(driver, "es-readiness-results", "Preparación por fase y componente")
    driver.get(f"{BASE}/i/{SLUG}/periodic-assessments")
    driver.find_element(By.CSS_SELECTOR, "main ul.plain-list a").click()
    check(driver, "es-periodic-assessment", "Juicio de la organización de apoyo")
    # A form sent empty: the errors in Spanish beside the fields.
    driver.get(f"{BASE}/i/{SLUG}/partners/new")
    driver.execute_script("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    check(driver, "es-partner-form-errors", "Elija un sector de la lista.")
    choose_language(driver, "en")


def steward_reports_by_keyboard_in_spanish(phone):
    """A data steward on a phone, in Spanish, completes an ended period's report with the
    keyboard alone: Tab from field to field, typing the figures, Enter on "Enviar a revisión"."""
    sign_in(phone, ACCOUNTS["data-steward"])
    phone.get(f"{BASE}/i/{SLUG}/reporting")
    choose_language(phone, "es")
    rows = [r for r in phone.find_elements(By.CSS_SELECTOR, "main table tbody tr")
            if any(word in r.text for word in ("Sin empezar", "Atrasado", "Borrador")) and "Aún no abierto" not in r.text]
    if not rows:
        results_failed("phone-es-keyboard-report: no ended period left to report")
        return
    phone.get(rows[0].find_element(By.CSS_SELECTOR, "a").get_attribute("href"))
    check(phone, "phone-es-keyboard-report-form", "Enviar a revisión")
    # What to type where, worked out from the form: each breakdown's cells add up to its total.
    names = [e.get_attribute("name") for e in phone.find_elements(By.CSS_SELECTOR, "main input[type=text]")]
    plan = {}
    for name in names:
        if name.endswith(".total.value"):
            prefix = name[: -len(".total.value")]
            cells = sorted(n for n in names if n.startswith(prefix + ".cell.") and n.endswith(".value"))
            groups = {}
            for cell in cells:
                groups.setdefault(cell.split(".")[2], []).append(cell)
            total = 12 * max((len(g) for g in groups.values()), default=1)
            for group in groups.values():
                for i, cell in enumerate(group):
                    plan[cell] = str(total // len(group) + (total % len(group) if i == 0 else 0))
            plan[name] = str(total)
        elif name.endswith(".numerator"):
            plan[name] = "3"
        elif name.endswith(".denominator"):
            plan[name] = "4"
    phone.execute_script("window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur()")
    page = phone.find_element(By.TAG_NAME, "html")
    typed, submitted, covered = 0, False, []
    # Whether the focused field is what the person sees at its centre (the sticky Save/Submit
    # bar must never sit on top of it).
    hidden_under = ("const e = document.activeElement, r = e.getBoundingClientRect();"
                    "const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
                    "return !(top && (top === e || e.contains(top) || top.contains(e)));")
    for _ in range(600):
        ActionChains(phone).send_keys(Keys.TAB).perform()
        active = phone.switch_to.active_element
        name, tag = active.get_attribute("name") or "", active.tag_name
        if tag in ("input", "textarea") and phone.execute_script(hidden_under):
            covered.append(name)
        if tag == "input" and name in plan and not active.get_attribute("value"):
            ActionChains(phone).send_keys(plan[name]).perform(); typed += 1
        elif tag == "textarea" and active.get_attribute("value") == "":
            ActionChains(phone).send_keys("Cifras de las hojas de asistencia del período.").perform()
        elif tag == "button" and active.get_attribute("value") == "submit":
            ActionChains(phone).send_keys(Keys.ENTER).perform(); submitted = True
            break
    if not submitted or typed == 0:
        results_failed(f"phone-es-keyboard-report: the keyboard did not reach the submit button (typed {typed})")
        return
    if covered:
        results_failed(f"phone-es-keyboard-report: focused fields hidden under the sticky bar: {covered[:3]}")
    WebDriverWait(phone, 30).until(expected_conditions.staleness_of(page))
    if "Se envió su informe" not in phone.page_source:
        # An unusual figure asks for a comment first: Tab to it, write it, and submit again.
        for _ in range(600):
            ActionChains(phone).send_keys(Keys.TAB).perform()
            active = phone.switch_to.active_element
            if active.tag_name == "textarea" and not active.get_attribute("value"):
                ActionChains(phone).send_keys("Cifras de las hojas de asistencia del período.").perform()
            elif active.tag_name == "button" and active.get_attribute("value") == "submit":
                ActionChains(phone).send_keys(Keys.ENTER).perform()
                break
    check(phone, "phone-es-keyboard-report-submitted", "Se envió su informe")
    choose_language(phone, "en")


def phone_fits(phone, name):
    if phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth + 1"):
        results["failed"] += 1
        print(f"FAIL {name}: the page is wider than a phone screen")


def impact_report_shared_and_printed(driver):
    """The backbone shares the newest released report; an outsider opens the link signed out;
    the report prints to PDF (kept, with page images to look at). Answers the link."""
    sign_in(driver, ACCOUNTS["backbone-admin"])
    driver.get(f"{BASE}/i/{SLUG}/impact-reports")
    driver.find_elements(By.PARTIAL_LINK_TEXT, "Quarterly results for the steering committee")[0].click()
    driver.find_element(By.CSS_SELECTOR, "form[action$='/share'] button").click()
    check(driver, "backbone-admin-impact-report-shared", "Copy the link now")
    link = driver.find_element(By.ID, "share-link").text
    driver.delete_all_cookies()
    driver.get(link)
    check(driver, "anonymous-impact-report-shared", "Headline results")
    robots = driver.find_elements(By.CSS_SELECTOR, "meta[name=robots][content*=noindex]")
    links_in = driver.find_elements(By.CSS_SELECTOR, f"main a[href*='/i/{SLUG}/']")
    if not robots or links_in:
        results_failed("anonymous-impact-report-shared: not marked noindex, or links into the initiative")
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    import base64, subprocess
    path = SHOTS / "impact-report.pdf"
    path.write_bytes(base64.b64decode(pdf["data"]))
    pages = len(re.findall(rb"/Type\s*/Page[^s]", path.read_bytes()))
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(SHOTS / "impact-report-page")], check=False)
    if pages < 3:
        results_failed(f"impact-report.pdf: {pages} pages; each section should start a page")
    else:
        results["passed"] += 1
        print(f"ok   impact-report.pdf ({pages} pages)")
    return link


def public_results_and_embed(driver):
    """Signed out: the public scorecard (meant to be found: no noindex), each embed, and one embed
    framed by a page of another origin (a partner's website), which must show it; the scorecard
    itself must refuse to be framed."""
    import http.server, socket, threading
    driver.delete_all_cookies()
    visit(driver, "anonymous-public-results", f"/p/{SLUG}", "About these numbers")
    if driver.find_elements(By.CSS_SELECTOR, "meta[name=robots]"):
        results_failed("anonymous-public-results: the public results carry a robots meta tag")
    if "Hidden (protects people" not in driver.page_source:
        results_failed("anonymous-public-results: the demo's small cells are not shown as hidden")
    visit(driver, "anonymous-public-embed", f"/p/{SLUG}/embed/ECO-CREDENTIAL", "Industry credentials earned")
    host = socket.socket()
    host.bind(("127.0.0.1", 0))
    port = host.getsockname()[1]
    host.close()
    page = (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A partner website</title></head><body><main>'
            f'<h1>Our results with Harbor County</h1>'
            f'<iframe id="embed" title="Industry credentials earned" src="{BASE}/p/{SLUG}/embed/ECO-CREDENTIAL" width="640" height="700"></iframe>'
            f'<iframe id="scorecard" title="The whole scorecard" src="{BASE}/p/{SLUG}" width="640" height="300"></iframe>'
            f'</main></body></html>').encode()

    class Partner(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Partner)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        driver.get(f"http://127.0.0.1:{port}/")
        WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
        driver.save_screenshot(str(SHOTS / "partner-site-embed.png"))
        driver.switch_to.frame(driver.find_element(By.ID, "embed"))
        framed = driver.page_source
        driver.switch_to.default_content()
        driver.switch_to.frame(driver.find_element(By.ID, "scorecard"))
        refused = driver.page_source
        driver.switch_to.default_content()
        if "Industry credentials earned" not in framed or "About these numbers" in refused:
            results_failed("partner-site-embed: the embed is not shown on another origin, or the scorecard is framed too")
        else:
            results["passed"] += 1
            print("ok   partner-site-embed (an embed framed by another origin; the scorecard refused)")
    finally:
        server.shutdown()


def main():
    driver = browser()
    share_link = None
    try:
        visit(driver, "anonymous-login", "/login", "Demo accounts")
        visit(driver, "anonymous-not-found", "/no-such-page", "Page not found")
        visit(driver, "anonymous-forgot-password", "/forgot-password", "Forgot your password?")
        visit(driver, "anonymous-help", "/help", "Glossary")
        visit(driver, "anonymous-help-reporting", "/help/reporting", "Returned for changes")
        visit(driver, "anonymous-public-stories", f"/stories/{SLUG}", "Story time, every day")
        visit(driver, "anonymous-voice", f"/p/{SLUG}/voice", "You said, we did")
        if "Landlords ignore repair requests" in driver.page_source:
            results_failed("anonymous-voice: feedback without an answer is shown in public")
        if "One form instead of five" in driver.page_source:
            results_failed("anonymous-public-stories: a story without consent is shown outside the initiative")
        for role, email in ACCOUNTS.items():
            sign_in(driver, email)
            visit(driver, f"{role}-initiatives", "/initiatives", "Harbor County")
            visit(driver, f"{role}-home", f"/i/{SLUG}", "Partners by sector")
            visit(driver, f"{role}-partners", f"/i/{SLUG}/partners", "Harbor Reads")
            partner = first_partner_path(driver)
            visit(driver, f"{role}-partner", partner, "Sector")
            visit(driver, f"{role}-account", "/account", "API tokens")
            visit(driver, f"{role}-results", f"/i/{SLUG}/results", "Partners counted")
            if role in {"platform-admin", "backbone-admin"}:
                visit(driver, f"{role}-publishing", f"/i/{SLUG}/publishing", "Partners named in public")
            visit(driver, f"{role}-impact-reports", f"/i/{SLUG}/impact-reports", "Quarterly results for the steering committee")
            driver.find_elements(By.PARTIAL_LINK_TEXT, "Quarterly results for the steering committee")[0].click()
            check(driver, f"{role}-impact-report", "What we learned")
            visit(driver, f"{role}-agenda", f"/i/{SLUG}/agenda", "Endorsements")
            visit(driver, f"{role}-agenda-compare", f"/i/{SLUG}/agenda/compare?from=1&to=2", "sections changed")
            visit(driver, f"{role}-theory-of-change", f"/i/{SLUG}/theory-of-change", "Third graders read at grade level")
            visit(driver, f"{role}-governance", f"/i/{SLUG}/governance", "Closed and merged groups")
            driver.find_element(By.XPATH, "//ul[contains(@class, 'change-outline')]//a[.//strong[text()='Early Learning']]").click()
            check(driver, f"{role}-working-group", "Quarterly cycle")
            visit(driver, f"{role}-cycles", f"/i/{SLUG}/governance/cycles", "Family Stability")
            visit(driver, f"{role}-action-plan", f"/i/{SLUG}/activities", "Summer reading camp, for Children in grades K-3, in Northside")
            visit(driver, f"{role}-timeline", f"/i/{SLUG}/activities/timeline", "The same as a table")
            visit(driver, f"{role}-meetings", f"/i/{SLUG}/meetings", "Upcoming")
            driver.find_element(By.LINK_TEXT, "Coaching plan").click()
            check(driver, f"{role}-meeting", "Add coaching visits at every center whose staff were trained")
            visit(driver, f"{role}-decision-log", f"/i/{SLUG}/decisions?q=pause", "Pause the Family Stability working group")
            visit(driver, f"{role}-updates", f"/i/{SLUG}/updates", "Spring data walk: save the date")
            visit(driver, f"{role}-stories", f"/i/{SLUG}/stories", "Six weeks that changed the summer")
            driver.find_element(By.LINK_TEXT, "Six weeks that changed the summer").click()
            check(driver, f"{role}-story", "Shown on the public stories page.")
            visit(driver, f"{role}-notification-settings", "/account/notifications", "Notification settings")
            visit(driver, f"{role}-indicators", f"/i/{SLUG}/indicators", "People served")
            visit(driver, f"{role}-search", f"/i/{SLUG}/search?q=read", "Harbor Reads")
            driver.find_element(By.LINK_TEXT, "Kindergarten readiness").click()
            check(driver, f"{role}-indicator", "Results over time")
            driver.get(f"{BASE}/i/{SLUG}/indicators")
            driver.find_element(By.LINK_TEXT, "People served").click()
            check(driver, f"{role}-indicator-monthly", "Forecast and what it takes")
            driver.find_element(By.CSS_SELECTOR, "#scenarios .scenario-item a").click()
            check(driver, f"{role}-scenario", "Against the forecast")
            visit(driver, f"{role}-assessments", f"/i/{SLUG}/assessments", "Every round")
            driver.find_element(By.XPATH, "//tr[td/a[text()='Readiness, second round']]//a[text()='See the results']").click()
            check(driver, f"{role}-readiness-results", "Readiness by phase and component")
            if role in BACKBONE | {"steering", "wg-lead"}:
                visit(driver, f"{role}-periodic-assessments", f"/i/{SLUG}/periodic-assessments", "Periodic assessments")
                driver.find_element(By.CSS_SELECTOR, "main ul.plain-list a").click()
                check(driver, f"{role}-periodic-assessment", "Backbone's judgement")
            if role in BACKBONE | {"steering", "wg-lead"}:
                visit(driver, f"{role}-funding", f"/i/{SLUG}/funding", "Aligned funding in")
                visit(driver, f"{role}-commitments", f"/i/{SLUG}/funding/commitments", "Family stability fund")
            elif role == "funder":
                visit(driver, f"{role}-funding", f"/i/{SLUG}/funding", "What your organization funds")
                if "Early literacy grant" in driver.page_source:
                    results_failed("funder-funding: another funder's commitment is shown to a funder")
            else:
                visit(driver, f"{role}-funding-refused", f"/i/{SLUG}/funding", "Not allowed")
            visit(driver, f"{role}-outreach", f"/i/{SLUG}/outreach", "Reach by neighborhood")
            visit(driver, f"{role}-feedback", f"/i/{SLUG}/outreach/feedback", "Automated absence calls only come in English.")
            if role in BACKBONE | {"wg-lead", "data-steward"}:
                visit(driver, f"{role}-outreach-event-new", f"/i/{SLUG}/outreach/events/new", "People reached")
            if role not in {"viewer", "funder"}:
                visit(driver, f"{role}-people", f"/i/{SLUG}/people", "Jordan Reyes")
            else:
                visit(driver, f"{role}-people-refused", f"/i/{SLUG}/people", "Not allowed")
            if role in {"backbone-staff", "data-steward", "viewer"}:
                visit(driver, f"{role}-reporting", f"/i/{SLUG}/reporting", "Reporting for")
            if role in {"backbone-staff", "data-steward"}:
                visit(driver, f"{role}-import", f"/i/{SLUG}/reporting/import", "Import figures from a CSV file")
            if role in BACKBONE:
                visit(driver, f"{role}-review", f"/i/{SLUG}/review", "Waiting for review")
                visit(driver, f"{role}-catalog", f"/i/{SLUG}/indicators/catalog", "Indicator catalog")
                visit(driver, f"{role}-agenda-draft", f"/i/{SLUG}/agenda/draft", "Publish as version 3")
                visit(driver, f"{role}-breakdowns", f"/i/{SLUG}/indicators/breakdowns", "Add a breakdown")
                visit(driver, f"{role}-indicator-new", f"/i/{SLUG}/indicators/new", "New indicator")
                visit(driver, f"{role}-partner-new", f"/i/{SLUG}/partners/new", "Add a partner")
                visit(driver, f"{role}-partner-edit", partner + "/edit", "Save changes")
                visit(driver, f"{role}-impact-report-new", f"/i/{SLUG}/impact-reports/new", "Sections and their order")
                visit(driver, f"{role}-round-new", f"/i/{SLUG}/assessments/new", "Who is asked")
                visit(driver, f"{role}-template", f"/i/{SLUG}/assessments/templates/readiness", "Statements in Spanish")
                visit(driver, f"{role}-commitment-new", f"/i/{SLUG}/funding/commitments/new", "Indicators it is meant to move")
                visit(driver, f"{role}-funding-needs", f"/i/{SLUG}/funding/needs", "Gap threshold")
                driver.get(f"{BASE}/i/{SLUG}/impact-reports")
                driver.find_element(By.PARTIAL_LINK_TEXT, "for our funders").click()
                check(driver, f"{role}-impact-report-draft", "This report is a draft")
            if role in {"platform-admin", "backbone-admin"}:
                visit(driver, f"{role}-invite", f"/i/{SLUG}/people/invite", "Invite someone")
                visit(driver, f"{role}-webhooks", f"/i/{SLUG}/webhooks", "Register a webhook")
            else:
                visit(driver, f"{role}-webhooks-refused", f"/i/{SLUG}/webhooks", "Not allowed")
            if role == "platform-admin":
                visit(driver, f"{role}-users", "/admin/users", "All users")
                visit(driver, f"{role}-initiative-new", "/initiatives/new", "New initiative")
                # an API token, shown once, for the API checks
                driver.get(f"{BASE}/account")
                driver.find_element(By.CSS_SELECTOR, ".advanced summary").click()   # tokens are folded under Advanced
                driver.find_element(By.ID, "name").send_keys("end-to-end checks")
                driver.find_element(By.CSS_SELECTOR, "form[action='/account/tokens'] button").click()
                check(driver, "platform-admin-token-created", "Copy your new token now")
                token = driver.find_element(By.ID, "new-token").text
                (SHOTS / "api-token.txt").write_text(token)
            if role == "backbone-admin":
                # a form sent empty: errors beside the fields
                driver.get(f"{BASE}/i/{SLUG}/partners/new")
                driver.execute_script("document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'))")
                driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
                check(driver, "backbone-admin-partner-form-errors", "Choose a sector from the list.")
        endorse_current_agenda(driver)
        commitment_recorded(driver)
        resident_heard_and_answered(driver)
        scenario_saved_and_compared(driver)
        lead_adds_activity(driver)
        steering_reads_packet(driver)
        mention_notifies(driver)
        typed_figures_survive_the_session_ending(driver)
        period_url = report_and_review(driver)
        import_in_place(driver, period_url)
        live_refresh(driver)
        own_breakdown_and_indicator(driver)
        every_page_in_spanish(driver)
        share_link = impact_report_shared_and_printed(driver)
        public_results_and_embed(driver)
    finally:
        driver.quit()

    phone = browser(390, 844)
    try:
        sign_in(phone, ACCOUNTS["backbone-admin"])
        for name, path in [("phone-home", f"/i/{SLUG}"), ("phone-partners", f"/i/{SLUG}/partners"), ("phone-people", f"/i/{SLUG}/people"),
                           ("phone-results", f"/i/{SLUG}/results"), ("phone-agenda", f"/i/{SLUG}/agenda"),
                           ("phone-agenda-compare", f"/i/{SLUG}/agenda/compare?from=1&to=2"),
                           ("phone-theory-of-change", f"/i/{SLUG}/theory-of-change"),
                           ("phone-governance", f"/i/{SLUG}/governance"), ("phone-cycles", f"/i/{SLUG}/governance/cycles"),
                           ("phone-action-plan", f"/i/{SLUG}/activities"), ("phone-timeline", f"/i/{SLUG}/activities/timeline"),
                           ("phone-meetings", f"/i/{SLUG}/meetings"), ("phone-decision-log", f"/i/{SLUG}/decisions"),
                           ("phone-notifications", "/notifications"), ("phone-updates", f"/i/{SLUG}/updates"),
                           ("phone-stories", f"/i/{SLUG}/stories"), ("phone-public-stories", f"/stories/{SLUG}"),
                           ("phone-reporting", f"/i/{SLUG}/reporting"), ("phone-import", f"/i/{SLUG}/reporting/import"),
                           ("phone-review", f"/i/{SLUG}/review"), ("phone-account", "/account"),
                           ("phone-publishing", f"/i/{SLUG}/publishing"), ("phone-assessments", f"/i/{SLUG}/assessments"),
                           ("phone-round-new", f"/i/{SLUG}/assessments/new"), ("phone-template", f"/i/{SLUG}/assessments/templates/partnership_health"),
                           ("phone-funding", f"/i/{SLUG}/funding"), ("phone-commitments", f"/i/{SLUG}/funding/commitments"),
                           ("phone-commitment-new", f"/i/{SLUG}/funding/commitments/new"), ("phone-funding-needs", f"/i/{SLUG}/funding/needs"),
                           ("phone-outreach", f"/i/{SLUG}/outreach"), ("phone-outreach-event-new", f"/i/{SLUG}/outreach/events/new"),
                           ("phone-feedback", f"/i/{SLUG}/outreach/feedback"), ("phone-feedback-new", f"/i/{SLUG}/outreach/feedback/new"),
                           ("phone-voice", f"/p/{SLUG}/voice"), ("phone-webhooks", f"/i/{SLUG}/webhooks")]:
            visit(phone, name, path)
            phone_fits(phone, name)
        phone.get(f"{BASE}/i/{SLUG}/reporting")
        phone.find_element(By.CSS_SELECTOR, "main table a").click()
        check(phone, "phone-report", "History")
        phone.get(f"{BASE}/i/{SLUG}/meetings")
        phone.find_element(By.LINK_TEXT, "Coaching plan").click()
        check(phone, "phone-meeting", "Decisions")
        phone.find_element(By.LINK_TEXT, "Data walk packet").click()
        check(phone, "phone-packet", "Last time")
        phone.get(f"{BASE}/i/{SLUG}/indicators")
        phone.find_element(By.LINK_TEXT, "Chronic absence").click()
        check(phone, "phone-indicator", "What reaching the target takes")
        phone_fits(phone, "phone-indicator")
        phone.find_element(By.CSS_SELECTOR, "#scenarios .scenario-item a").click()
        check(phone, "phone-scenario", "Against the forecast")
        phone_fits(phone, "phone-scenario")
        spanish_on_a_phone(phone)
        desktop = browser()
        try:
            round_opened_and_answered_on_a_phone(desktop, phone)
        finally:
            desktop.quit()
        steward_reports_by_keyboard_in_spanish(phone)
        phone.get(f"{BASE}/i/{SLUG}/impact-reports")
        phone.find_elements(By.PARTIAL_LINK_TEXT, "Quarterly results")[0].click()
        check(phone, "phone-impact-report", "What we learned")
        phone_fits(phone, "phone-impact-report")
        phone.delete_all_cookies()
        if share_link:
            phone.get(share_link)
            check(phone, "phone-impact-report-shared", "Headline results")
            phone_fits(phone, "phone-impact-report-shared")
        for name, path in [("phone-public-results", f"/p/{SLUG}"), ("phone-public-embed", f"/p/{SLUG}/embed/EDU-KREADY")]:
            visit(phone, name, path, "Kindergarten readiness")
            phone_fits(phone, name)
        visit(phone, "phone-login", "/login")
    finally:
        phone.quit()

    print(f"browser: {results['passed']} passed, {results['failed']} failed")
    sys.exit(1 if results["failed"] else 0)


if __name__ == "__main__":
    main()
