package io.github.oras.operator.cli.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A container as the local runner executes it: argv and environment after Kubernetes' {@code
 * $(VAR)} expansion, and the host directories that stand in for its volumes.
 */
public record LocalContainer(
    String name,
    List<String> argv,
    Map<String, String> env,
    String workingDir,
    List<Mount> mounts) {

  public LocalContainer {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
  }

  /** A host directory bind-mounted at {@code path} inside the container's mount namespace. */
  public record Mount(Path hostDirectory, String path) {}
}
