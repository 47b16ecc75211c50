#!/usr/bin/env bash
# npm run setup: installs, from Debian's packages, the system tools the test suite drives, when they are missing.
# Idempotent: with everything present it installs nothing and exits 0. Needs root (or sudo) only when it installs.
# `--check` (the first step of npm test) installs nothing: when something is missing it prints one line naming the
# command that installs it, and exits 1.
#   chromium      the browser tests (driven by playwright-core; no browser is ever downloaded)
#   redis-server  the shared-state tests (several proxies sharing one Redis)
#   openssl       TLS certificates for the HTTPS tests
#   python3-boto3, awscli   Bedrock's documentation example run with boto3 and the AWS CLI v1
set -euo pipefail

missing=()
# The browser tests launch this path (test/support/browser-harness/launch-chromium.ts), not whatever is on PATH.
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v python3 >/dev/null 2>&1 && python3 -c "import boto3" >/dev/null 2>&1 || missing+=(python3-boto3)
command -v aws >/dev/null 2>&1 || missing+=(awscli)

if [ "${1:-}" = "--check" ]; then
  [ ${#missing[@]} -eq 0 ] && exit 0
  names="${missing[0]}"
  for ((i = 1; i < ${#missing[@]}; i++)); do
    if ((i == ${#missing[@]} - 1)); then names+=" and ${missing[i]}"; else names+=", ${missing[i]}"; fi
  done
  echo "npm test needs ${names}: run npm run setup" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: chromium, redis-server, openssl, boto3 and the AWS CLI are all here."
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "setup: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: missing ${missing[*]}, and this is not a Debian/Ubuntu machine: install them with your package manager." >&2
  exit 1
fi

echo "setup: installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done."
