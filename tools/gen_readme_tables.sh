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
python3 - > "$apis" <<'PY'
# Every IBM-named function a public header declares: identifiers followed by
# "(" in declarations (comments and #define bodies ignored), IBM-style names.
import glob, os, re
name = re.compile(r'\b(Q[A-Za-z0-9_]*[A-Za-z0-9]|CDRCVRT|iconv|iconv_open|iconv_close|_R[a-z]+|qshim_system)\s*\(')
print("| API | header |")
print("|---|---|")
rows = []
for h in sorted(glob.glob("api/include/*.h")):
    b = os.path.basename(h)
    if b.startswith("qshim_"):
        continue
    t = open(h, encoding="utf-8", errors="replace").read()
    t = re.sub(r'/\*.*?\*/', ' ', t, flags=re.S)
    t = re.sub(r'//[^\n]*', ' ', t)
    seen = set()
    # functions that the header defines as macros (size-aware wrappers, renames)
    for m in re.finditer(r'^\s*#\s*define\s+(Q[A-Za-z0-9_]*[A-Za-z0-9]|CDRCVRT|iconv|iconv_open|iconv_close|_R[a-z]+)\b[ (]', t, flags=re.M):
        n = m.group(1)
        if n.isupper() and "_" in n[1:] and not n.startswith(("QUS", "QSP", "QTQ")) and len(n) > 10:
            continue            # a constant such as QTMM_MAX_SMTP_ADDR_LENGTH
        if n not in seen and not n.startswith("QS_"):
            seen.add(n)
            rows.append((n.lower(), n, b))
    t = "\n".join(l for l in t.splitlines() if not l.lstrip().startswith("#"))
    for m in name.finditer(t):
        n = m.group(1)
        if n.endswith(("_t", "_T")) or n.startswith("QS_") or n in seen:
            continue
        seen.add(n)
        rows.append((n.lower(), n, b))
for _, n, b in sorted(rows):
    print(f"| `{n}` | `<{b}>` |")
PY
python3 - "$cmds" "$apis" "${1:-}" <<'PY'
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
if len(sys.argv) > 3 and sys.argv[3] == "--check":
    if s != open("README.md").read():
        sys.exit("README.md command/API tables are stale: run `make readme` and commit README.md")
else:
    open("README.md", "w").write(s)
PY
