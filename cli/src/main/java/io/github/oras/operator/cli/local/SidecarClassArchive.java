package io.github.oras.operator.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sidecar's AppCDS archive for the process runtime: what the sidecar image builds into itself,
 * built here on the host by the wrapper ({@code oras-sidecar cds-archive}, once per jar build, in
 * the user's cache) before the first container starts. The containers then map it read-only: each
 * short sidecar JVM of a pod (the init pull, a push) starts without parsing and verifying its
 * classes again, and no container can write an archive another one loads.
 */
public final class SidecarClassArchive {
  /** A first build takes about a second; the limit only keeps a broken machine from hanging. */
  private static final Duration LIMIT = Duration.ofSeconds(120);

  private SidecarClassArchive() {}

  /**
   * Builds the archive when missing and returns the directory that holds it, or empty when the
   * wrapper made none (no cache directory, {@code ORAS_CDS_DIR} empty, no class list).
   *
   * @param wrapper {@code oras-sidecar}
   * @param env added to this process's environment for the wrapper (e.g. {@code ORAS_CDS_DIR})
   */
  public static Optional<Path> prepare(Path wrapper, Map<String, String> env)
      throws IOException, InterruptedException {
    Commands.Result result =
        Commands.run(List.of("sh", wrapper.toString(), "cds-archive"), env, LIMIT);
    if (!result.ok() || result.output().isEmpty()) {
      return Optional.empty();
    }
    Path archive = Path.of(result.output().lines().reduce((first, last) -> last).orElseThrow());
    return archive.isAbsolute() && Files.isRegularFile(archive)
        ? Optional.of(archive.getParent())
        : Optional.empty();
  }
}
