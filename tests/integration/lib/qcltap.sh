# tests/integration/lib/qcltap.sh - TAP helpers for bash tests that drive qcl
# in a throwaway system root.  Source it after `set -u`:
#   . "$QSHIM_SRC/tests/integration/lib/qcltap.sh"
# It sets QSYS_ROOT under a temporary directory $T (removed at exit), Q (the
# qcl binary), ME (the host user's profile name), and defines
#   ok RC TEXT               one TAP line: "ok" when RC is 0
#   run RC PATTERN CMD...    run qcl CMD; ok when it exits RC and its output
#                            holds PATTERN (grep; "" = anything); the output
#                            is kept in $out and shown as a comment on failure
B=${QSHIM_BUILD:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export QSYS_ROOT=$T/root
unset QSHIM_USER
Q=$B/bin/qcl
ME=$(whoami | tr a-z A-Z | tr -c 'A-Z0-9\n' _ | cut -c1-10)
n=0
ok() { n=$((n+1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi; }
run() { local want=$1 pat=$2; shift 2
        out=$("$Q" "$@" 2>&1); rc=$?
        [ $rc -eq "$want" ] && { [ -z "$pat" ] || printf "%s" "$out" | grep -q -- "$pat"; }
        ok $? "$* -> rc $rc, $pat"; [ $rc -eq "$want" ] || printf '%s\n' "$out" | sed 's/^/# /'; }
