#!/bin/sh
# Layering: no relative includes that climb out of a directory (the per-layer
# include trees in build/inc enforce the rest at compile time).
set -u
bad=$(grep -rnE '#[[:space:]]*include[[:space:]]*"\.\./' --include='*.c' --include='*.h' qsys ccsid spool api cl 2>/dev/null)
if [ -n "$bad" ]; then echo "check-layers: relative includes:"; echo "$bad"; exit 1; fi
exit 0
