#!/bin/sh
# oras-launcher: wraps the app's original command in an ORAS-enabled pod.
#
#   sh /mnt/oras/oras-launcher.sh -- COMMAND [ARG...]
#
# Settings come only from the environment and from argv; nothing is assembled into a string and
# evaluated, so paths may hold spaces, quotes, '$' or newlines.
#   ORAS_SHARE        the shared directory (default /mnt/oras)
#   ORAS_INPUT_PATH   where pulled inputs go (default: the working directory)
#   ORAS_OUTPUT_PATH  file or directory to hand to the sidecar for pushing (optional)
#   ORAS_OUTPUT_PIPE  file that also receives the app's stdout and stderr (optional)
#   ORAS_DEBUG        true for progress messages
# Relative paths are relative to the working directory. The launcher exits with the app's exit code
# and writes it to $ORAS_SHARE/oras-operator-done.txt, which the sidecar waits for.

# A signal to the launcher is passed on to the app; one that comes before the app runs is kept.
terminated=false
app_pid=
terminate() {
  terminated=true
  if [ -n "$app_pid" ]; then kill -TERM "$app_pid" 2>/dev/null; fi
}
trap terminate TERM INT HUP

share=${ORAS_SHARE:-/mnt/oras}
done_file=oras-operator-done.txt

say() {
  printf 'oras-launcher: %s\n' "$1" >&2
}

note() {
  if [ "${ORAS_DEBUG:-false}" = true ]; then say "$1"; fi
}

# Writes the done file atomically (the sidecar reacts to its appearance), then exits.
finish() {
  if printf '%s\n' "$1" > "$share/.oras-done.tmp" && mv -f "$share/.oras-done.tmp" "$share/$done_file"; then
    note "wrote $share/$done_file ($1)"
  else
    say "cannot write $share/$done_file: the sidecar will not see the app finish"
  fi
  exit "$1"
}

move_inputs() {
  inputs=$share/inputs
  [ -d "$inputs" ] || return 0
  target=${ORAS_INPUT_PATH:-.}
  if ! mkdir -p -- "$target"; then
    say "cannot create the input path $target"
    return 1
  fi
  for entry in "$inputs"/* "$inputs"/.[!.]* "$inputs"/..?*; do
    if [ -e "$entry" ] || [ -L "$entry" ]; then
      if ! mv -f -- "$entry" "$target/"; then
        say "cannot move input ${entry##*/} into $target"
        return 1
      fi
      note "input ${entry##*/} is in $target"
    fi
  done
}

# Starts the app in the background (so signals can be forwarded) with the launcher's stdin.
start_app() {
  pipe=${ORAS_OUTPUT_PIPE:-}
  # `command` keeps a closed stdin from ending the launcher (exec is a special built-in).
  { command exec 3<&0; } 2>/dev/null || exec 3</dev/null
  if [ -n "$pipe" ]; then
    case $pipe in
      */*) pipe_dir=${pipe%/*}; [ -z "$pipe_dir" ] || mkdir -p -- "$pipe_dir" ;;
    esac
    fifo=$share/.oras-output.$$
    rm -f -- "$fifo"
    if ! mkfifo -- "$fifo"; then
      say "cannot create a pipe in $share for the output pipe"
      return 1
    fi
    tee -- "$pipe" < "$fifo" &
    tee_pid=$!
    "$@" <&3 3<&- > "$fifo" 2>&1 &
  else
    "$@" <&3 3<&- &
  fi
  app_pid=$!
  exec 3<&-
}

# Waits for the app, keeping its own exit status.
wait_app() {
  if [ "$terminated" = true ]; then kill -TERM "$app_pid" 2>/dev/null; fi
  wait "$app_pid"
  code=$?
  while kill -0 "$app_pid" 2>/dev/null; do
    wait "$app_pid"
    code=$?
  done
  trap - TERM INT HUP
  if [ -n "${tee_pid:-}" ]; then
    wait "$tee_pid"
    rm -f -- "$fifo"
  fi
}

# Copies ORAS_OUTPUT_PATH into $share/outputs/<its name>; returns non-zero when there is nothing to copy.
copy_output() {
  out=${ORAS_OUTPUT_PATH:-}
  [ -n "$out" ] || return 0
  if [ ! -e "$out" ]; then
    say "the output path $out does not exist after the app ended: nothing to push"
    return 1
  fi
  name=$out
  while :; do
    case $name in
      */) name=${name%/} ;;
      *) break ;;
    esac
  done
  name=${name##*/}
  case $name in
    '' | . | ..) name=${PWD##*/} ;;
  esac
  [ -n "$name" ] || name=output
  rm -rf -- "$share/outputs"
  if ! mkdir -p -- "$share/outputs" || ! cp -R -H -- "$out" "$share/outputs/$name"; then
    say "cannot copy the output path $out into $share/outputs"
    return 1
  fi
  # The sidecar may run as another user: let it read what it pushes.
  chmod -R a+rX -- "$share/outputs" || say "cannot make $share/outputs readable for the sidecar"
  note "output $out copied to $share/outputs/$name"
}

if [ "${1-}" != "--" ]; then
  say "usage: oras-launcher.sh -- COMMAND [ARG...]"
  finish 2
fi
shift
if [ "$#" -eq 0 ]; then
  say "no command given after --"
  finish 2
fi

move_inputs || finish 1
if [ "$terminated" = true ]; then
  say "terminated before the app started"
  finish 143
fi
start_app "$@" || finish 1
note "started $1 (pid $app_pid)"
wait_app
note "the app exited with code $code"
if ! copy_output && [ "$code" -eq 0 ]; then
  code=1
fi
finish "$code"
