#!/bin/sh
# make demo: run every tools/demo_* script in name order.
#   demo_1_system.sh  the system core on $QSYS_ROOT (default ~/.qshim):
#                     profile, data area from CL with MONMSG, job log
#   demo_2_mail.sh    SMTP/POP/MSF on $QSYS_ROOT: swaks STARTTLS+AUTH in,
#                     poplib out, QZMF journal
#   the others        self-contained walk-throughs (sending APIs with S/MIME,
#                     spool burst-and-mail) in their own temporary roots
# Servers bind loopback ports above 1024 only.
cd "$(dirname "$0")/.." || exit 1
QSYS_ROOT=${QSYS_ROOT:-$HOME/.qshim}
export QSYS_ROOT
rc=0
for d in tools/demo_*.sh tools/demo_*.py; do
  [ -f "$d" ] || continue
  echo
  echo "######## $d"
  case "$d" in
    *.py) python3 "$d" || rc=1 ;;
    *) bash "$d" || rc=1 ;;
  esac
done
[ $rc -eq 0 ] && echo && echo "make demo: every step worked (system root $QSYS_ROOT)"
exit $rc
