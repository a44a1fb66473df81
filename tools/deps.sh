#!/bin/sh
# make deps: install the Debian packages qshim builds, tests and benchmarks
# with.  Idempotent: does nothing when everything is present.
set -eu
PKGS="build-essential clang pkg-config libssl-dev zlib1g-dev libsqlite3-dev sqlite3
 libcrypt-dev libcmocka-dev libicu-dev icu-devtools libclang-rt-14-dev perl
 openssl swaks curl fetchmail python3 qpdf poppler-utils enscript ghostscript
 postfix dovecot-pop3d python3-dkim python3-nacl python3-aiosmtpd python3-dnspython cups-bsd rlpr
 fonts-dejavu-core fonts-droid-fallback"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "make deps: installing$missing"
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
# postfix asks a question on install; answer it, and keep packaged daemons from starting
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null; $SUDO chmod +x /usr/sbin/policy-rc.d
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing < /dev/null
