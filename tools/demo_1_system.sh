#!/bin/bash
# Demo 1, the system core on the system root ($QSYS_ROOT, default ~/.qshim):
# a CL program (samples/demo_setup.clp) creates the mail user DEMOUSER,
# keeps a run counter in data area QGPL/DEMORUNS with MONMSG handling the
# first run's CPF1015, and prints its job log.
set -u
cd "$(dirname "$0")/.." || exit 1
B=${QSHIM_BUILD:-$PWD/build}/bin
export QSYS_ROOT=${QSYS_ROOT:-$HOME/.qshim}
echo "== System root: $QSYS_ROOT"
echo "== qcl -f samples/demo_setup.clp DEMOUSER"
"$B/qcl" -f samples/demo_setup.clp DEMOUSER || exit 1
echo "== qcl 'DSPUSRPRF DEMOUSER'"
"$B/qcl" 'DSPUSRPRF DEMOUSER' | head -n 8
