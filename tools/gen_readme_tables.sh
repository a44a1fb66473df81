#!/bin/sh
# Regenerate the README's tables of CL commands and APIs (between the
# <!-- commands --> / <!-- apis --> markers) from the sources themselves:
# the command definitions in cl/cmd/*.c and the prototypes in api/include/.
set -eu
cd "$(dirname "$0")/.."
cmds=$(mktemp); apis=$(mktemp); trap 'rm -f "$cmds" "$apis"' EXIT
{
  echo "| command | what it does | defined in |"
  echo "|---|---|---|"
  for f in cl/cmd/*.c; do
    [ -f "$f" ] || continue
    # name and text of every QS_CL_COMMAND definition in the file
    tr '\n' ' ' < "$f" | grep -o 'QS_CL_COMMAND([a-z0-9_]*)[^;]*' | while read -r def; do
      n=$(printf '%s' "$def" | sed -n 's/.*\.name *= *"\([^"]*\)".*/\1/p')
      t=$(printf '%s' "$def" | sed -n 's/.*\.text *= *"\([^"]*\)".*/\1/p')
      [ -n "$n" ] && echo "| \`$n\` | $t | \`$f\` |"
    done
  done | LC_ALL=C sort
} > "$cmds"
{
  echo "| API | header |"
  echo "|---|---|"
  for h in api/include/*.h; do
    b=$(basename "$h")
    case $b in qshim_*) continue;; esac
    tr '\n' ' ' < "$h" | grep -oE '(void|int|size_t|iconv_t|char \*|[A-Za-z_]+_t) +\*?(Q[A-Za-z0-9_]+|iconv|iconv_open|iconv_close|_R[a-z]+|system)[[:space:]]*\(' \
      | sed -E 's/.*[ *](Q[A-Za-z0-9_]+|iconv[a-z_]*|_R[a-z]+|system)[[:space:]]*\($/\1/' | sort -u | while read -r fn; do
      echo "| \`$fn\` | \`<$b>\` |"
    done
  done
} > "$apis"
python3 - "$cmds" "$apis" <<'PY'
import re, sys
cmds = open(sys.argv[1]).read(); apis = open(sys.argv[2]).read()
s = open("README.md").read()
def put(s, tag, body):
    a, b = "<!-- %s -->" % tag, "<!-- /%s -->" % tag
    if a not in s:
        return s
    i, j = s.index(a) + len(a), s.index(b)
    return s[:i] + "\n" + body + s[j:]
s = put(s, "commands", cmds)
s = put(s, "apis", apis)
open("README.md", "w").write(s)
PY
