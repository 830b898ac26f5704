#!/bin/sh
# The Debian packages the browser test needs: chromium, its driver, and CJK fonts (without them a
# screenshot shows boxes instead of Chinese). Installed with apt when run as root; otherwise the one
# command to run is printed and this exits 1, so `make test` stops before running the suite.
set -eu

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v chromedriver >/dev/null 2>&1 || missing="$missing chromium-driver"
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
  || missing="$missing fonts-noto-cjk"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing the browser test's system packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086  # one word per package
  apt-get install -y -qq $missing >/dev/null
  exit 0
fi

echo "the browser test needs system packages that are missing:$missing" >&2
echo "install them once, then run make test again:" >&2
echo "    sudo apt-get install -y$missing" >&2
exit 1
