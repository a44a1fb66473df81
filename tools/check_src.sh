#!/bin/sh
# Banned calls (house style): unbounded or locale-surprising string functions.
set -u
bad=$(grep -rnE '\b(strcpy|strcat|sprintf|vsprintf|strncpy|strtok|atoi|atol|sscanf|gets)[[:space:]]*\(' \
      --include='*.c' --include='*.h' qsys ccsid spool api cl 2>/dev/null | grep -v 'check_src: allow')
if [ -n "$bad" ]; then
  echo "check-src: banned functions used:"; echo "$bad"; exit 1
fi
exit 0
