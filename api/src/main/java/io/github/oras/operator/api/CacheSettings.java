package io.github.oras.operator.api;

import java.util.List;
import java.util.Optional;

/**
 * The validated settings of one workload (or pod template), parsed from its annotations by {@link
 * SettingsParser}. Paths are kept as written: relative paths are resolved by the launcher against
 * the app container's working directory at run time.
 *
 * @param cache name of the OrasCache in the workload's namespace
 * @param inputs artifacts to pull before the app starts, in order ({@code input-uri}, then {@code
 *     input-uri_N} by N)
 * @param inputPath where inputs land in the app container (default: its working directory)
 * @param output artifact to push when the app finishes, with the path that holds it
 * @param outputPipe file receiving a copy of the app's stdout and stderr
 * @param container name of the app container (default: the first container)
 * @param entrypoint the app's command when its container spec has none
 * @param orasImage image of the init and sidecar containers (default: configured by the webhook)
 * @param orasEntrypoint command to run in a custom {@code orasImage}
 * @param registry remote registry {@code host[:port]} used instead of the cache
 * @param orasEnvSecret Secret with ORAS_USER / ORAS_PUSH_PASS / ORAS_PULL_PASS
 * @param unpack unpack directory artifacts on pull
 * @param debug verbose sidecar and launcher logs
 * @param pushOnFailure push the output even when the app failed
 * @param plainHttp talk plain HTTP to the registry; empty means the default (plain HTTP for the
 *     in-namespace cache, TLS for a remote registry)
 */
public record CacheSettings(
    String cache,
    List<ArtifactReference> inputs,
    Optional<String> inputPath,
    Optional<Output> output,
    Optional<String> outputPipe,
    Optional<String> container,
    Optional<Command> entrypoint,
    Optional<String> orasImage,
    Optional<Command> orasEntrypoint,
    Optional<String> registry,
    Optional<String> orasEnvSecret,
    boolean unpack,
    boolean debug,
    boolean pushOnFailure,
    Optional<Boolean> plainHttp) {

  public CacheSettings {
    inputs = List.copyOf(inputs);
  }

  /**
   * What to push: the artifact reference (its tag may hold per-pod placeholders) and the file or
   * directory in the app container.
   */
  public record Output(OutputReference uri, String path) {}

  /**
   * Whether the sidecar talks plain HTTP: the in-namespace cache does, a remote registry does not.
   */
  public boolean usesPlainHttp() {
    return plainHttp.orElse(registry.isEmpty());
  }
}
