#!/usr/bin/env bash
# Before the tests: the browser tests drive Debian's Chromium (never a downloaded browser), and
# screenshots need CJK fonts. Install them from Debian's packages when missing; do nothing otherwise.
set -euo pipefail
need=()
fonts=$(fc-list 2>/dev/null || true) # not piped into grep -q: with pipefail, an early exit reads as failure
[ -x /usr/bin/chromium ] || need+=(chromium)
grep -qi 'noto.*cjk' <<<"$fonts" || need+=(fonts-noto-cjk)
grep -qi 'color emoji' <<<"$fonts" || need+=(fonts-noto-color-emoji)
[ ${#need[@]} -eq 0 ] && exit 0
echo "pretest: installing ${need[*]} from Debian's packages" >&2
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
  command -v sudo >/dev/null || { echo "pretest: need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
[ -x /usr/bin/chromium ] || { echo "pretest: /usr/bin/chromium still missing after apt-get" >&2; exit 1; }
