package io.github.oras.operator.cli.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A container as the local runner executes it: its image, {@code command} and {@code args} after
 * Kubernetes' {@code $(VAR)} expansion, the environment its spec sets, and the host directories
 * that stand in for its volumes.
 *
 * @param command the spec's {@code command} (empty: the image's ENTRYPOINT)
 * @param args the spec's {@code args} (empty with an empty command: the image's CMD)
 * @param workingDir the spec's {@code workingDir}, or "" for the image's
 * @param workDirectory a host directory that stands in for the image's filesystem at workingDir
 *     where there is no image (the process runtime)
 * @param sidecar an init container with {@code restartPolicy: Always} (a native sidecar)
 * @param user {@code runAsUser}/{@code runAsGroup} of its security context, else the pod's
 * @param dropAllCapabilities its security context drops ALL capabilities
 * @param readOnlyRootFilesystem its security context makes the image's filesystem read-only
 */
public record LocalContainer(
    String name,
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    String workingDir,
    Path workDirectory,
    List<Mount> mounts,
    boolean sidecar,
    RunAs user,
    boolean dropAllCapabilities,
    boolean readOnlyRootFilesystem) {

  public LocalContainer {
    command = List.copyOf(command);
    args = List.copyOf(args);
    env = Map.copyOf(env);
    mounts = List.copyOf(mounts);
  }

  /** {@code command} followed by {@code args}: the argv where no image supplies an ENTRYPOINT. */
  public List<String> argv() {
    return Stream.concat(command.stream(), args.stream()).toList();
  }

  /**
   * A host directory (or file, for a {@code subPath}) bind-mounted at {@code path} inside the
   * container, read-only when the volumeMount says so or the volume is a Secret or ConfigMap.
   */
  public record Mount(Path hostDirectory, String path, boolean readOnly) {}

  /**
   * Who the container's processes run as.
   *
   * @param uid {@code runAsUser}, empty for the image's user
   * @param gid {@code runAsGroup}, empty for the user's own group
   * @param fsGroup the pod's {@code fsGroup}: a supplementary group that owns the volumes
   */
  public record RunAs(Optional<Long> uid, Optional<Long> gid, Optional<Long> fsGroup) {
    public static final RunAs IMAGE_DEFAULT =
        new RunAs(Optional.empty(), Optional.empty(), Optional.empty());
  }
}
