#!/bin/sh
# As the registry:2 image's entrypoint: a config file runs `registry serve FILE`, a registry
# subcommand runs registry with it, anything else runs as given.
set -e
case "$1" in
  *.yaml | *.yml) set -- registry serve "$@" ;;
  serve | garbage-collect | help | -*) set -- registry "$@" ;;
esac
exec "$@"
