#!/usr/bin/env bash
# Installs what the checks need from Debian's packages: PostgreSQL, Chromium and its driver,
# wrk and sqlite3 for the benchmark, java for the Nu HTML checker, and Python's venv module when the system Python lacks it. Skips what is already there.
set -euo pipefail
need=()
ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || need+=(postgresql)
command -v chromium > /dev/null 2>&1 || need+=(chromium)
command -v chromedriver > /dev/null 2>&1 || need+=(chromium-driver)
# The benchmark's load generator and the raw SQL reference.
command -v wrk > /dev/null 2>&1 || need+=(wrk)
command -v sqlite3 > /dev/null 2>&1 || need+=(sqlite3)
# pdftoppm turns the printed impact report into page images to look at.
command -v pdftoppm > /dev/null 2>&1 || need+=(poppler-utils)
# The Nu HTML checker (a jar) runs on java.
command -v java > /dev/null 2>&1 || need+=(default-jre-headless)
python3 -c "import venv, ensurepip" > /dev/null 2>&1 || need+=(python3-venv python3-pip)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages already present"
  exit 0
fi
echo "installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" > /tmp/backbone-apt.log 2>&1 || { tail -30 /tmp/backbone-apt.log; exit 1; }
