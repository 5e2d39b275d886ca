#!/bin/sh
# Runs inside a private mount namespace made by `unshare --mount`, like a container's own filesystem
# view: bind-mounts each host directory at its path, enters the working directory and execs the
# container's argv. Every value arrives as an argument; nothing here is built from strings.
#
# usage: mount-exec.sh WORKDIR [HOSTDIR PATH]... -- ARGV...
set -eu
workdir=$1
shift
while [ "$1" != "--" ]; do
  mkdir -p -- "$2"
  mount --bind -- "$1" "$2"
  shift 2
done
shift
if [ -n "$workdir" ]; then
  cd -- "$workdir"
fi
exec "$@"
