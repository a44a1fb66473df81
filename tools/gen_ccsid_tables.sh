#!/bin/sh
# Regenerate ccsid/tables/*.c from the installed ICU (development only; the
# normal build never runs this).  Needs libicu-dev and zlib.
set -eu
cd "$(dirname "$0")/.."
cc -O2 -Wall -I. -o build/gen_ccsid_tables tools/gen_ccsid_tables.c -licuuc -lz
mkdir -p ccsid/tables
build/gen_ccsid_tables ccsid/tables "$@"
