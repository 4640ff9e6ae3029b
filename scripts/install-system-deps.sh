#!/usr/bin/env bash
# Debian packages Trajectoires needs: WeasyPrint's libraries and a font (PDF), PostgreSQL
# (tests and real deployments), Chromium (browser tests, driven by Playwright without any
# browser download). Installs only what is missing; needs root (or sudo).
set -euo pipefail
pkgs=(python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core shared-mime-info postgresql chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installation des paquets Debian manquants : ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
