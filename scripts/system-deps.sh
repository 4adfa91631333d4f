#!/usr/bin/env bash
# Installs the system packages the browser, PDF and QR tests need, and npm (it fetches Decap CMS for the
# web form and installs decap-server and the YAML language server), where it can (root with apt-get).
# Elsewhere it names them; the tests that need them skip with that reason (and fail in CI).
set -u
PACKAGES="chromium fonts-noto-cjk poppler-utils zbar-tools libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 nodejs npm"
missing() {
  command -v chromium >/dev/null 2>&1 || echo chromium
  fc-list 2>/dev/null | grep -q "Noto Sans CJK" || echo fonts-noto-cjk
  command -v pdftotext >/dev/null 2>&1 || echo poppler-utils
  command -v zbarimg >/dev/null 2>&1 || echo zbar-tools
  ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || echo "libpango-1.0-0 libpangoft2-1.0-0"
  ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || echo libharfbuzz-subset0
  command -v npm >/dev/null 2>&1 || echo "nodejs npm"
}
need=$(missing | tr '\n' ' ')
[ -z "${need// /}" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "make test: installing system packages: $need"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $need >/dev/null \
    || echo "make test: apt-get could not install: $need"
else
  echo "make test: these system packages are missing: $need"
  echo "  install them with: sudo apt-get install $PACKAGES"
  echo "  (tests that need them are skipped outside CI)"
fi
exit 0
