#!/bin/sh
# mmdebstrap extract hook for the base root filesystem (bin/images): $1 is the root directory.
# mmdebstrap's "extract" variant unpacks packages without running their maintainer scripts, so this
# does the little they would have done that a JVM in a container needs, and removes what it never
# reads. Runs on the build host (as root, or in mmdebstrap's user namespace).
set -eu
root=$1

# Users: root, nobody, and the non-root user the images run as (the distroless convention).
cat >"$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
nonroot:x:65532:65532:nonroot:/home/nonroot:/usr/sbin/nologin
PASSWD
cat >"$root/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
nonroot:x:65532:
GROUP
mkdir -p "$root/root" "$root/home/nonroot" "$root/tmp" "$root/var/tmp"
chown 65532:65532 "$root/home/nonroot"
chmod 1777 "$root/tmp" "$root/var/tmp"

# What update-ca-certificates would write: the bundle every TLS client on Debian reads.
mkdir -p "$root/etc/ssl/certs"
cat "$root"/usr/share/ca-certificates/mozilla/*.crt >"$root/etc/ssl/certs/ca-certificates.crt"

# busybox-static is the shell and the tools: a link per applet where Debian has no file of its own.
"$root/bin/busybox" --list-full | while read -r applet; do
  [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || {
    mkdir -p "$root/$(dirname "$applet")"
    ln -s /bin/busybox "$root/$applet"
  }
done

# Never read at run time: documentation, locales, iconv modules (mmdebstrap itself removes its
# apt state afterwards).
rm -rf "$root"/usr/share/doc "$root"/usr/share/man "$root"/usr/share/locale \
  "$root"/usr/share/lintian "$root"/usr/share/gdb "$root"/usr/share/bash-completion \
  "$root"/usr/lib/*-linux-gnu/gconv
