#!/usr/bin/env bash
# The shells the completion tests simulate a Tab in: Debian's bash, zsh and fish. Installs zsh and fish when
# missing and this is Debian run as root; otherwise says in one line on stderr which are missing and why,
# and exits 1 (the tests then skip, or fail under CI=true).
set -uo pipefail
missing=()
for sh in bash zsh fish; do command -v "$sh" >/dev/null || missing+=("$sh"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || [ ! -r /etc/debian_version ] || ! command -v apt-get >/dev/null; then
  echo "missing ${missing[*]}: installed only on Debian as root (apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
# the package lists may be absent or stale (a slim image): update them once when the install fails
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  apt-get update -q >>"$log" 2>&1
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    echo "apt-get install ${missing[*]} failed: $(tail -n 1 "$log")" >&2
    rm -f "$log"
    exit 1
  fi
fi
rm -f "$log"
