"""Extracts a current axe-core (4.x) from the axe-playwright-python wheel on PyPI.

axe-selenium-python bundles an old axe-core; the rules of a current one are today's WCAG 2.2
rules. Only the JavaScript file is used; the package's Python code and its dependencies are not.
"""
import pathlib, subprocess, sys, tempfile, zipfile

target = pathlib.Path(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
                    "axe-playwright-python==0.1.8"], check=True)
    wheel = next(pathlib.Path(tmp).glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read("axe_playwright_python/axe.min.js"))
print(f"axe-core written to {target}: {target.read_text()[:20].strip()}")
