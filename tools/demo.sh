#!/bin/sh
# make demo: run every tools/demo_*.py / demo_*.sh in turn (each is a
# self-contained walk-through with its own temporary system root).
cd "$(dirname "$0")/.." || exit 1
rc=0
for d in tools/demo_*.py tools/demo_*.sh; do
  [ -f "$d" ] || continue
  echo "######## $d"
  case "$d" in
    *.py) python3 "$d" || rc=1 ;;
    *) sh "$d" || rc=1 ;;
  esac
done
exit $rc
