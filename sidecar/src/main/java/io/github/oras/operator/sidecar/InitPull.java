package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The init container's work: pull every input (in order) into {@code $ORAS_SHARE/inputs}, install
 * the launcher, and write {@code oras-operator-init.txt}. Kubernetes starts the app only after this
 * ends, so nothing waits for the init file; it is kept for compatibility.
 */
final class InitPull {
  private final SidecarSettings settings;
  private final Endpoints endpoints;
  private final RetryPolicy retry;
  private final Console console;

  InitPull(SidecarSettings settings, Endpoints endpoints, RetryPolicy retry, Console console) {
    this.settings = settings;
    this.endpoints = endpoints;
    this.retry = retry;
    this.console = console;
  }

  int run() throws IOException {
    Path share = settings.share();
    if (!Files.isDirectory(share)) {
      throw new IllegalArgumentException(
          "the share "
              + share
              + " is not a directory (set "
              + SidecarContract.ENV_SHARE
              + " or mount the oras-share volume there)");
    }
    Path inputs = share.resolve(SidecarContract.INPUTS_DIR);
    Files.createDirectories(inputs);
    ArtifactPuller.Options options =
        new ArtifactPuller.Options(settings.unpack(), settings.limits());
    NameClaims claims = new NameClaims();
    int number = 0;
    for (ArtifactReference input : settings.inputs()) {
      number++;
      ArtifactPuller puller = new ArtifactPuller(endpoints.client(input), retry, console);
      ArtifactPuller.Result result =
          puller.pull(
              input, inputs, options, claims, SidecarContract.ENV_INPUT_URI_PREFIX + number);
      console.info(
          "pulled "
              + input
              + " ("
              + result.manifestDigest()
              + "): "
              + result.written().stream().map(p -> p.getFileName().toString()).toList());
    }
    SharePermissions.openToAllContainers(inputs);
    LauncherScript.installInto(share);
    Path init = share.resolve(SidecarContract.INIT_FILE);
    Files.writeString(init, Instant.now() + "\n");
    console.debug("installed the launcher and wrote " + init);
    return 0;
  }
}
