package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sidecar container's work: wait for the launcher's done file, then push the single entry of
 * {@code $ORAS_SHARE/outputs}. A failed app is not pushed unless push-on-failure is set, and the
 * sidecar exits with the app's code so the pod shows the failure.
 */
final class SidecarPush {
  private final SidecarSettings settings;
  private final Endpoints endpoints;
  private final RetryPolicy retry;
  private final Console console;
  private final Duration fallbackCheck;

  SidecarPush(
      SidecarSettings settings,
      Endpoints endpoints,
      RetryPolicy retry,
      Console console,
      Duration fallbackCheck) {
    this.settings = settings;
    this.endpoints = endpoints;
    this.retry = retry;
    this.console = console;
    this.fallbackCheck = fallbackCheck;
  }

  int run() throws IOException, InterruptedException {
    Path share = settings.share();
    if (!Files.isDirectory(share)) {
      throw new IllegalArgumentException(
          "the share "
              + share
              + " is not a directory (set "
              + SidecarContract.ENV_SHARE
              + " or mount the oras-share volume there)");
    }
    // Get the JVM, the HTTP client and the manifest model warm while the app runs.
    settings.output().ifPresent(output -> endpoints.client(output).warmUpInBackground());
    OrasLayout.warmUpInBackground();
    console.debug("waiting for " + share.resolve(SidecarContract.DONE_FILE));
    int code = DoneFile.awaitExitCode(share, fallbackCheck);
    console.debug(
        "the app exited with code "
            + code
            + " (seen at epoch ms "
            + System.currentTimeMillis()
            + ")");
    if (settings.output().isEmpty()) {
      return code;
    }
    ArtifactReference output = settings.output().get();
    if (code != 0 && !settings.pushOnFailure()) {
      console.info(
          "the app exited with code "
              + code
              + ": not pushing "
              + output
              + " (set push-on-failure to push anyway)");
      return code;
    }
    Path source = singleOutput(share.resolve(SidecarContract.OUTPUTS_DIR));
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
    return code;
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
