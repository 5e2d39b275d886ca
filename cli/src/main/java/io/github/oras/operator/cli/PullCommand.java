package io.github.oras.operator.cli;

import io.github.oras.operator.sidecar.RegistryException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator pull REF [DIR]}: takes results home, e.g. after {@code kubectl port-forward
 * pod/cache-0 5000}. Credentials come from ORAS_USER and ORAS_PULL_PASS.
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
      defaultValue = "true",
      description =
          "Plain HTTP, as a port-forwarded cache speaks (default: ${DEFAULT-VALUE}); --no-plain-http for TLS.")
  boolean plainHttp;

  @Override
  public Integer call() throws IOException {
    try {
      ArtifactDownload.pull(registry, plainHttp, reference, directory, spec.commandLine().getOut());
      return ExitCodes.OK;
    } catch (RegistryException | IllegalArgumentException e) {
      spec.commandLine()
          .getErr()
          .println("oras-operator pull: " + reference + ": " + e.getMessage());
      return ExitCodes.FAILURE;
    }
  }
}
