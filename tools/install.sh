#!/bin/sh
# make install: binaries, libraries, QSYSINC-named headers, pkg-config file.
set -eu
dest=$1; b=$2
mkdir -p "$dest/bin" "$dest/lib/pkgconfig" "$dest/include/qsysinc" "$dest/share/qshim"
for f in "$b"/bin/*; do [ -f "$f" ] && install -m 0755 "$f" "$dest/bin/"; done
install -m 0644 "$b/lib/libqshim.a" "$dest/lib/"
install -m 0755 "$b/lib/libqshim.so" "$dest/lib/libqshim.so.0"
ln -sfn libqshim.so.0 "$dest/lib/libqshim.so"
for h in api/include/*.h; do install -m 0644 "$h" "$dest/include/qsysinc/"; done
sed -e "s|@PREFIX@|$dest|" -e "s|@INCDIR@|$dest/include/qsysinc|" -e "s|@LIBDIR@|$dest/lib|" -e "s|@SAN@||" \
    tools/qshim.pc.in > "$dest/lib/pkgconfig/qshim.pc"
echo "installed into $dest (pkg-config: PKG_CONFIG_PATH=$dest/lib/pkgconfig)"
