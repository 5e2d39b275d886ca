package io.github.oras.operator.cli;

import io.github.oras.operator.sidecar.ReadTimeout;
import io.github.oras.operator.sidecar.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator pull REF [DIR]}: takes results home, e.g. after {@code kubectl port-forward
 * pod/cache-0 5000}. Credentials come from ORAS_USER and ORAS_PULL_PASS. TLS unless the registry is
 * on loopback or {@code --plain-http} is given.
 */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    description =
        "Pull an artifact from a cache (e.g. through kubectl port-forward) into a directory and print its tree.")
final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "REF",
      description = "repository:tag, or host:port/repository:tag")
  String reference;

  @Parameters(
      index = "1",
      paramLabel = "DIR",
      defaultValue = "results",
      description = "Target directory (default: ${DEFAULT-VALUE}).")
  Path directory;

  @Option(
      names = "--registry",
      defaultValue = "localhost:5000",
      description = "Registry for references without a host (default: ${DEFAULT-VALUE}).")
  String registry;

  @Option(
      names = "--plain-http",
      negatable = true,
      description =
          "Plain HTTP instead of TLS. Default: plain HTTP for a loopback registry (localhost,"
              + " 127.0.0.0/8, ::1: a port-forwarded cache), TLS for any other host;"
              + " --no-plain-http forces TLS.")
  Boolean plainHttp;

  @Option(
      names = "--read-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description =
          "Abandon and retry a transfer when no byte moves for this long, e.g. 90s, 2m, 500ms"
              + " (default: ${DEFAULT-VALUE}).")
  String readTimeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Retries of a failed transfer on connection errors, stalls, 429 and 5xx (default: ${DEFAULT-VALUE}).")
  int retries;

  @Override
  public Integer call() throws IOException {
    try {
      ArtifactDownload.pull(
          registry,
          Optional.ofNullable(plainHttp),
          ReadTimeout.parse(readTimeout, "--read-timeout"),
          retries,
          reference,
          directory,
          spec.commandLine().getOut(),
          System.getenv());
      return ExitCodes.OK;
    } catch (RegistryException | IllegalArgumentException e) {
      spec.commandLine()
          .getErr()
          .println("oras-operator pull: " + reference + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }
}
