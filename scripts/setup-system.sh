#!/usr/bin/env bash
# System packages the test suite uses: Chromium for the end-to-end browser test, and a Korean
# font (fonts-nanum) so that Hangul in HTML pages renders in that browser instead of boxes.
# (Plots do not need it: koreanize-matplotlib ships NanumGothic for matplotlib.)
# Installed with apt-get when running as root on Debian/Ubuntu; otherwise the tests that need
# them skip with a clear reason. Safe to run repeatedly.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=ko | grep -q .; }; then
  need+=(fonts-nanum)
fi
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup-system: not root or no apt-get; skipping ${need[*]} (related tests will skip)"
  exit 0
fi
echo "setup-system: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "setup-system: apt-get install failed; related tests will skip"
exit 0
