#!/usr/bin/env bash
# Installs the Debian packages the tests need, only those that are missing.
# Names: postgresql, chromium, gettext, tesseract (with the German model), nginx, openssl,
# nodejs (with npm). Needs root (or sudo) on a fresh machine.
set -euo pipefail
missing=()
for pkg in "$@"; do
  case "$pkg" in
    postgresql) ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql) ;;
    chromium) [ -x /usr/bin/chromium ] || missing+=(chromium) ;;
    gettext) command -v msgfmt >/dev/null 2>&1 || missing+=(gettext) ;;
    tesseract) ls /usr/share/tesseract-ocr/*/tessdata/deu.traineddata >/dev/null 2>&1 \
      || missing+=(tesseract-ocr tesseract-ocr-deu) ;;
    nginx) [ -x /usr/sbin/nginx ] || missing+=(nginx-light) ;;
    openssl) command -v openssl >/dev/null 2>&1 || missing+=(openssl) ;;
    nodejs) command -v npm >/dev/null 2>&1 || missing+=(nodejs npm) ;;
    *) missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installiere Systempakete: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
