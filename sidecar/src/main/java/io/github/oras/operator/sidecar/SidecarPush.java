package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The push container's work: wait for the launcher's done file of a run not yet dealt with, then
 * push the single entry of {@code $ORAS_SHARE/outputs} (a failed app only with push-on-failure) and
 * record the result for that run. As a native sidecar it serves every run of the app container
 * until the kubelet stops it; as a regular container it deals with one run and exits with the app's
 * code, or gives up when the launcher's heartbeat stops without a done file.
 */
final class SidecarPush {
  private final SidecarSettings settings;
  private final PushLifecycle lifecycle;
  private final Endpoints endpoints;
  private final RetryPolicy retry;
  private final Console console;
  private final Duration fallbackCheck;

  SidecarPush(
      SidecarSettings settings,
      PushLifecycle lifecycle,
      Endpoints endpoints,
      RetryPolicy retry,
      Console console,
      Duration fallbackCheck) {
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.endpoints = endpoints;
    this.retry = retry;
    this.console = console;
    this.fallbackCheck = fallbackCheck;
  }

  /** Serves as a native sidecar when {@code stop} is given, else deals with one run. */
  int run(Optional<StopSignal> stop) throws IOException, InterruptedException {
    Path share = checkedShare();
    // Get the JVM and the HTTP client warm while the app runs.
    settings.output().ifPresent(output -> endpoints.client(output).warmUpInBackground());
    console.debug("waiting for " + share.resolve(SidecarContract.DONE_FILE));
    try (ShareWatch watch = new ShareWatch(share)) {
      if (stop.isPresent()) {
        return serve(watch, stop.get());
      }
      return deal(watch);
    }
  }

  /**
   * Deals with the run now due, if any, and returns 0 (a failed push is recorded for its run, as in
   * native mode): the wrapper waits for the next done file in the shell, without a JVM.
   */
  int runPending() throws IOException {
    checkedShare();
    Optional<DoneFile.Done> done = pendingRun();
    if (done.isPresent()) {
      finish(done.get(), false);
    }
    return 0;
  }

  private Path checkedShare() {
    Path share = settings.share();
    if (!Files.isDirectory(share)) {
      throw new IllegalArgumentException(
          "the share "
              + share
              + " is not a directory (set "
              + SidecarContract.ENV_SHARE
              + " or mount the oras-share volume there)");
    }
    return share;
  }

  /** Native mode: every finished run gets its push, until SIGTERM. */
  private int serve(ShareWatch watch, StopSignal stop) throws IOException, InterruptedException {
    stop.onRequest(() -> closeQuietly(watch));
    try {
      while (true) {
        Optional<DoneFile.Done> done = pendingRun();
        if (done.isPresent()) {
          finish(done.get(), false);
        } else if (stop.requested()) {
          console.info(stoppingMessage());
          return 0;
        } else {
          watch.await(fallbackCheck);
        }
      }
    } finally {
      stop.stopped();
    }
  }

  private String stoppingMessage() throws IOException {
    Optional<DoneFile.Done> last = DoneFile.read(settings.share());
    if (last.isEmpty()) {
      return "stopped before the app container wrote a done file (it was killed, failed to start"
          + " or is restarting): nothing pushed for its last run";
    }
    return "stopped; the last run (" + last.get().runId() + ") was already dealt with";
  }

  /** Container mode: one run, or the news that the app died without finishing it. */
  private int deal(ShareWatch watch) throws IOException, InterruptedException {
    HeartbeatMonitor heartbeat =
        new HeartbeatMonitor(settings.share(), lifecycle.heartbeatTimeout());
    while (true) {
      Optional<DoneFile.Done> done = pendingRun();
      if (done.isPresent()) {
        return finish(done.get(), true);
      }
      Optional<String> stopped = heartbeat.stoppedRun(System.nanoTime());
      if (stopped.isPresent() && !PushResultFile.dealtWith(settings.share(), stopped.get())) {
        PushResultFile.write(settings.share(), stopped.get(), SidecarContract.PUSH_SKIPPED);
        console.info(
            "the app container died without finishing run "
                + stopped.get()
                + " (no done file, no heartbeat for "
                + lifecycle.heartbeatTimeout().toMillis() / 1000.0
                + " s): nothing pushed");
        return 1;
      }
      watch.await(fallbackCheck);
    }
  }

  private Optional<DoneFile.Done> pendingRun() throws IOException {
    return pendingRun(settings.share());
  }

  /**
   * The done file of a run that no sidecar has dealt with yet. A restarted launcher removes the
   * last run's done file, then its push result: a result missing after the done file was read may
   * be that removal, so the done file is read again and counts only if it is still the same run
   * (else a restarted sidecar would take the last run, already dealt with, for the new one).
   */
  static Optional<DoneFile.Done> pendingRun(Path share) throws IOException {
    Optional<DoneFile.Done> done = DoneFile.read(share);
    if (done.isEmpty() || PushResultFile.dealtWith(share, done.get().runId())) {
      return Optional.empty();
    }
    Optional<DoneFile.Done> again = DoneFile.read(share);
    return again.isPresent() && again.get().runId().equals(done.get().runId())
        ? done
        : Optional.empty();
  }

  /**
   * Pushes (or not) for one finished run and records the result; returns the container's exit code.
   * A failed push is rethrown when {@code rethrow} (the container fails), else only logged.
   */
  private int finish(DoneFile.Done done, boolean rethrow) throws IOException {
    console.debug(
        "run "
            + done.runId()
            + ": the app exited with code "
            + done.exitCode()
            + " (seen at epoch ms "
            + System.currentTimeMillis()
            + ")");
    String status;
    try {
      status = pushFor(done.exitCode());
    } catch (IOException | RuntimeException e) {
      PushResultFile.write(settings.share(), done.runId(), SidecarContract.PUSH_FAILED);
      if (rethrow) {
        throw e;
      }
      console.info("run " + done.runId() + ": the push failed: " + e.getMessage());
      return 1;
    }
    PushResultFile.write(settings.share(), done.runId(), status);
    return done.exitCode();
  }

  private String pushFor(int code) throws IOException {
    if (settings.output().isEmpty()) {
      return SidecarContract.PUSH_SKIPPED;
    }
    ArtifactReference output = settings.output().get();
    if (code != 0 && !settings.pushOnFailure()) {
      console.info(
          "the app exited with code "
              + code
              + ": not pushing "
              + output
              + " (set push-on-failure to push anyway)");
      return SidecarContract.PUSH_SKIPPED;
    }
    Path source = singleOutput(settings.share().resolve(SidecarContract.OUTPUTS_DIR));
    console.debug("push of " + source + " starts at epoch ms " + System.currentTimeMillis());
    ArtifactPusher pusher = new ArtifactPusher(endpoints.client(output), retry, console);
    ArtifactPusher.Result result = pusher.push(source, output);
    console.info(
        "pushed "
            + result.title()
            + " ("
            + result.layerBytes()
            + " bytes) to "
            + output
            + " ("
            + result.manifestDigest()
            + ")");
    return SidecarContract.PUSH_PUSHED;
  }

  private static void closeQuietly(ShareWatch watch) {
    try {
      watch.close();
    } catch (IOException e) {
      // The loop wakes at its next fallback check anyway.
    }
  }

  private static Path singleOutput(Path outputs) throws IOException {
    if (!Files.isDirectory(outputs)) {
      throw new IllegalStateException(
          "no output to push: the launcher left nothing in "
              + outputs
              + " (is output-path set and did the app create it?)");
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(outputs)) {
      entries = list.toList();
    }
    if (entries.size() != 1) {
      throw new IllegalStateException(
          "expected exactly one output in "
              + outputs
              + ", found "
              + entries.stream().map(p -> p.getFileName().toString()).toList());
    }
    return entries.get(0);
  }
}
