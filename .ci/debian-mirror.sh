#!/usr/bin/env bash
# Prints the Debian mirror this machine's apt uses (first "URIs:" of a deb822 source, or a classic
# "deb URL" line), so the project never has to name a mirror itself.
set -euo pipefail
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  uri=$(awk '/^URIs:/ {print $2; exit}' "$f")
  if [ -n "$uri" ] && ! grep -q -- '-security' <<<"$uri"; then echo "$uri"; exit 0; fi
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  uri=$(awk '$1 == "deb" && $2 !~ /security/ {print $2; exit}' "$f")
  if [ -n "$uri" ]; then echo "$uri"; exit 0; fi
done
echo "no Debian mirror found in /etc/apt" >&2
exit 1
