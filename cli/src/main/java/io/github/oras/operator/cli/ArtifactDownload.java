package io.github.oras.operator.cli;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.sidecar.ArtifactPuller;
import io.github.oras.operator.sidecar.Console;
import io.github.oras.operator.sidecar.Credentials;
import io.github.oras.operator.sidecar.ExtractionLimits;
import io.github.oras.operator.sidecar.LoopbackHosts;
import io.github.oras.operator.sidecar.ProgressLine;
import io.github.oras.operator.sidecar.RegistryClient;
import io.github.oras.operator.sidecar.RegistryEndpoint;
import io.github.oras.operator.sidecar.RetryPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Takes an artifact home: pulls it with the sidecar's client (the same layout rules as {@code oras
 * pull}) and prints the tree of what arrived.
 */
final class ArtifactDownload {
  private ArtifactDownload() {}

  /**
   * @param credentialsEnv where ORAS_USER and ORAS_PULL_PASS are read from
   */
  static List<Path> pull(
      String registry,
      boolean plainHttp,
      String reference,
      Path directory,
      PrintWriter out,
      Map<String, String> credentialsEnv)
      throws IOException {
    return pull(
        registry,
        Optional.of(plainHttp),
        RegistryClient.DEFAULT_READ_TIMEOUT,
        RetryPolicy.DEFAULT.maxAttempts() - 1,
        reference,
        directory,
        out,
        credentialsEnv);
  }

  /**
   * @param plainHttp forced by the user; when empty, plain HTTP for loopback registries only
   * @param retries retries of a failed transfer (connection errors, stalls, 429, 5xx)
   * @param credentialsEnv where ORAS_USER and ORAS_PULL_PASS are read from
   */
  static List<Path> pull(
      String registry,
      Optional<Boolean> plainHttp,
      Duration readTimeout,
      int retries,
      String reference,
      Path directory,
      PrintWriter out,
      Map<String, String> credentialsEnv)
      throws IOException {
    ArtifactReference parsed = ArtifactReference.parse(reference).qualifiedWith(registry);
    String host = parsed.registry().orElseThrow();
    RegistryEndpoint endpoint =
        RegistryEndpoint.of(
            host,
            plainHttp.orElse(LoopbackHosts.isLoopback(host)),
            Credentials.forPull(credentialsEnv));
    // A person at a terminal sees the bytes move; a pipe or a log gets no progress line.
    ArtifactPuller puller =
        new ArtifactPuller(
                new RegistryClient(endpoint, readTimeout), retryPolicy(retries), Console.quiet())
            .withProgress(total -> ProgressLine.forStderr(System.err, "pulling " + parsed, total));
    Path target = directory.toAbsolutePath();
    Files.createDirectories(target);
    List<String> errors = new ArrayList<>();
    ExtractionLimits limits = ExtractionLimits.fromEnvironment(System.getenv(), errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    // The same extraction as the sidecar: staged, checked on disk, capped, moved into place.
    ArtifactPuller.Result result =
        puller.pull(parsed, target, new ArtifactPuller.Options(true, limits));
    out.println("pulled " + parsed + " (" + result.manifestDigest() + ") into " + directory);
    printTree(target, out);
    return result.written();
  }

  private static RetryPolicy retryPolicy(int retries) {
    if (retries < 0) {
      throw new IllegalArgumentException("--retries must be 0 or more, not " + retries);
    }
    RetryPolicy d = RetryPolicy.DEFAULT;
    return new RetryPolicy(retries + 1, d.initialDelay(), d.maxDelay());
  }

  static void printTree(Path root, PrintWriter out) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted()
          .filter(p -> !p.equals(root))
          .forEach(
              p -> {
                Path relative = root.relativize(p);
                String indent = "  ".repeat(relative.getNameCount() - 1);
                String size = Files.isRegularFile(p) ? "  (" + sizeOf(p) + " bytes)" : "/";
                out.println(indent + relative.getFileName() + size);
              });
    }
    out.flush();
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  static Optional<String> registryOf(String reference) {
    return ArtifactReference.parse(reference).registry();
  }
}
