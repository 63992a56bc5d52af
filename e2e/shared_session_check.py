"""Two app instances on one PostgreSQL database: a session started on one is valid on the
other, and signing out on either ends it everywhere (sessions live in the database).

Usage: python shared_session_check.py URL_A URL_B
"""
import re, sys
import requests

a, b = (u.rstrip("/") for u in sys.argv[1:3])
session = requests.Session()

def form_token(response):
    return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

page = session.get(f"{a}/login")
signed_in = session.post(f"{a}/login", data={"csrf_token": form_token(page), "email": "backbone.staff@demo.backbone.local",
                                             "password": "backbone-demo"}, allow_redirects=False)
assert signed_in.status_code == 303, f"sign-in on A answered {signed_in.status_code}"
on_b = session.get(f"{b}/account", allow_redirects=False)
assert on_b.status_code == 200 and "Priya Natarajan" in on_b.text, f"session from A not valid on B: {on_b.status_code}"
out = session.post(f"{b}/logout", data={"csrf_token": form_token(on_b)}, allow_redirects=False)
assert out.status_code == 303, f"sign-out on B answered {out.status_code}"
session.cookies.clear()
stolen = requests.get(f"{a}/account", cookies={"bb_session": signed_in.cookies["bb_session"]}, allow_redirects=False)
assert stolen.status_code == 303, f"session still valid on A after sign-out on B: {stolen.status_code}"
print("shared sessions: 1 passed, 0 failed")
