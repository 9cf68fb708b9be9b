#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when missing, if we may.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "The browser tests need Debian's chromium package (/usr/bin/chromium)." >&2
  echo "Install it as root: apt-get install chromium   (then run make test again)" >&2
  exit 1
fi
echo "Installing Debian's chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium fonts-noto-core >/dev/null
