package io.github.oras.operator.cli;

import io.github.oras.operator.cli.local.ContainerRuntime;
import io.github.oras.operator.cli.local.PodmanRuntime;
import io.github.oras.operator.cli.local.ProcessRuntime;
import io.github.oras.operator.cli.local.SidecarClassArchive;
import io.github.oras.operator.engine.InjectorConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which runtime {@code run} uses, and saying so: Podman where it works and has the sidecar image,
 * else host processes, unless {@code --runtime} names one.
 */
final class RuntimeSelection {
  private RuntimeSelection() {}

  static ContainerRuntime choose(
      RunCommand.RuntimeChoice choice, Path scratch, InjectorConfig config, PrintWriter out)
      throws IOException, InterruptedException {
    boolean root = isRoot();
    if (choice == RunCommand.RuntimeChoice.podman) {
      out.println("runtime podman (--runtime podman)" + (root ? "" : ", rootless"));
      return PodmanRuntime.create(scratch, root);
    }
    if (choice == null) {
      Optional<String> unusable = PodmanRuntime.unusableBecause(scratch, config.sidecarImage());
      if (unusable.isEmpty()) {
        out.println(
            "runtime podman: containers from the local Podman store"
                + (root ? "" : ", rootless")
                + " (--runtime process runs host processes instead)");
        return PodmanRuntime.create(scratch, root);
      }
      out.println("runtime process: " + unusable.get() + " (--runtime podman insists on Podman)");
    } else {
      out.println("runtime process (--runtime process)");
    }
    if (root) {
      out.println(
          "  as root: the pods' commands run as root on this host, with only a root filesystem of"
              + " their own (bubblewrap); runAsUser/runAsGroup are honoured with setpriv");
    } else {
      out.println(
          "  without root: each container runs in a user namespace as its runAsUser (default 0)");
    }
    out.flush();
    Path bin = sidecarOnPath(scratch);
    Optional<Path> classArchives =
        SidecarClassArchive.prepare(bin.resolve("oras-sidecar"), Map.of());
    classArchives.ifPresent(
        dir -> out.println("  sidecar JVMs map their classes from an archive in " + dir));
    out.flush();
    return new ProcessRuntime(List.of(Home.locate().toAbsolutePath()), bin, root, classArchives);
  }

  /** A directory with {@code oras-sidecar}, the command the injected containers run. */
  private static Path sidecarOnPath(Path scratch) throws IOException {
    Path script = Home.locate().resolve("sidecar").resolve("bin").resolve("oras-sidecar");
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("oras-sidecar"), script.toAbsolutePath());
    return bin;
  }

  static boolean isRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }
}
