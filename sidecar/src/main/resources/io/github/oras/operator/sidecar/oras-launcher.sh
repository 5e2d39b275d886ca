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
#   ORAS_SIDECAR_MODE native: wait for the push sidecar's result before exiting;
#                     container: keep a heartbeat in the share while running; unset: neither
#   ORAS_HEARTBEAT_INTERVAL  seconds between heartbeats (container mode, default 2)
# Relative paths are relative to the working directory. Each start of the launcher is a run with
# its own id; when the app ends it writes "RUN_ID EXIT_CODE" to $ORAS_SHARE/oras-operator-done.txt,
# which the sidecar waits for. In native mode the sidecar answers with "RUN_ID STATUS" in
# oras-operator-push.txt (pushed, skipped or failed); the launcher exits with the app's exit code,
# or 1 when a successful app's output could not be pushed.
# POSIX sh only: the app image's /bin/sh may be dash or busybox.

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
result_file=oras-operator-push.txt
heartbeat_file=oras-operator-heartbeat.txt
mode=${ORAS_SIDECAR_MODE:-}
heartbeat_pid=

say() {
  printf 'oras-launcher: %s\n' "$1" >&2
}

note() {
  if [ "${ORAS_DEBUG:-false}" = true ]; then say "$1"; fi
}

# A new id for this run: a random UUID from the kernel, else the pid and the time.
new_run_id() {
  run_id=
  if [ -r /proc/sys/kernel/random/uuid ]; then
    { IFS= read -r run_id < /proc/sys/kernel/random/uuid; } 2>/dev/null || run_id=
  fi
  case $run_id in
    '' | *[!A-Za-z0-9-]*) run_id=$$-$(date +%s 2>/dev/null) ;;
  esac
}

# Writes "$2" into the share's file "$1" atomically (the sidecar reacts to renames).
publish() {
  printf '%s\n' "$2" > "$share/.$1.$$.tmp" && mv -f -- "$share/.$1.$$.tmp" "$share/$1"
}

# Container mode: rewrites the heartbeat until the launcher is gone, so that the sidecar can tell an
# app that still runs from one whose container died without writing the done file.
start_heartbeat() {
  [ "$mode" = container ] || return 0
  interval=${ORAS_HEARTBEAT_INTERVAL:-2}
  case $interval in
    '' | *[!0-9.]* | *.*.* | .*) interval=2 ;; # a sleep that fails would stop the heartbeat
  esac
  publish "$heartbeat_file" "$run_id" || say "cannot write $share/$heartbeat_file"
  launcher_pid=$$
  (
    while sleep "$interval" && kill -0 "$launcher_pid" 2>/dev/null; do
      publish "$heartbeat_file" "$run_id"
    done
  ) < /dev/null > /dev/null 2>&1 &
  heartbeat_pid=$!
}

# Native mode: waits for the sidecar's result for this run; a failed push fails the container.
await_push() {
  note "waiting for the push sidecar to deal with run $run_id"
  status=
  while [ -z "$status" ]; do
    line=
    if [ -f "$share/$result_file" ]; then
      { IFS= read -r line < "$share/$result_file"; } 2>/dev/null
    fi
    case $line in
      "$run_id "?*) status=${line#"$run_id "} ;;
      *) sleep 0.1 2>/dev/null || sleep 1 ;;
    esac
  done
  case $status in
    pushed | skipped) note "push sidecar: $status" ;;
    *)
      say "the output of run $run_id was not pushed (see the log of the oras-push container)"
      if [ "$code" -eq 0 ]; then code=1; fi
      ;;
  esac
}

# Writes the done file atomically (the sidecar reacts to its appearance), then exits.
finish() {
  code=$1
  # From here a stop request ends the launcher at once.
  trap - TERM INT HUP
  if publish "$done_file" "$run_id $code"; then
    note "wrote $share/$done_file ($run_id $code)"
    if [ -n "$heartbeat_pid" ]; then kill "$heartbeat_pid" 2>/dev/null; fi
    if [ "$mode" = native ]; then await_push; fi
  else
    say "cannot write $share/$done_file: the sidecar will not see the app finish"
    # With a push side the output will not be pushed: that is no success.
    if [ -n "$mode" ] && [ "$code" -eq 0 ]; then code=1; fi
  fi
  exit "$code"
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

new_run_id
# Whatever an earlier run left is not this run's: the sidecar must not push it for this one.
# The done file goes first: a sidecar that then finds no result reads the done file again and
# sees it gone (SidecarPush.pendingRun).
rm -f -- "$share/$done_file"
rm -f -- "$share/$result_file"
note "run $run_id"
start_heartbeat
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
