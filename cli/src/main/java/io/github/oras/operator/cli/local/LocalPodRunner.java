package io.github.oras.operator.cli.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link LocalPod} the way the kubelet would: init containers one after another (stopping at
 * the first failure), then all containers at once. Each container is a real process in its own
 * mount namespace ({@code unshare --mount}), where its volumes are bind-mounted at their real
 * paths, so the mutated spec runs unchanged. Needs root, or an unprivileged user namespace ({@code
 * rootless}).
 */
public final class LocalPodRunner {
  private final Path mountExec;
  private final boolean rootless;
  private final PrintStream log;
  private final Duration timeout;

  public LocalPodRunner(Path workDirectory, boolean rootless, PrintStream log, Duration timeout)
      throws IOException {
    this.mountExec = installMountExec(workDirectory);
    this.rootless = rootless;
    this.log = log;
    this.timeout = timeout;
  }

  public PodResult run(LocalPod pod) throws IOException, InterruptedException {
    // Mount points are directories on the host's filesystem: remove those this pod made.
    List<Path> created =
        java.util.stream.Stream.concat(pod.initContainers().stream(), pod.containers().stream())
            .flatMap(c -> c.mounts().stream())
            .flatMap(m -> missingAncestors(Path.of(m.path())).stream())
            .distinct()
            .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
            .toList();
    if (rootless) {
      checkMountPointsCanBeMade(created);
    }
    try {
      return runContainers(pod);
    } finally {
      for (Path directory : created) {
        try {
          Files.deleteIfExists(directory);
        } catch (IOException notEmpty) {
          // A container left something there outside its volumes: keep it for the user to see.
        }
      }
    }
  }

  /**
   * Without root, a user namespace may bind-mount onto a directory but not create one where the
   * user cannot write: say which to create, rather than let every container fail on its own.
   */
  private static void checkMountPointsCanBeMade(List<Path> missing) {
    List<String> blocked =
        missing.stream()
            .filter(p -> p.getParent() != null && Files.exists(p.getParent()))
            .filter(p -> !Files.isWritable(p.getParent()))
            .map(Path::toString)
            .toList();
    if (!blocked.isEmpty()) {
      throw new IllegalStateException(
          "running without root, the local runner cannot create the mount points "
              + String.join(", ", blocked)
              + " (the pod's volumes and working directories); create them once with"
              + " sudo mkdir -p, or run as root");
    }
  }

  /** {@code path} and those of its ancestors that do not exist yet. */
  private static List<Path> missingAncestors(Path path) {
    List<Path> missing = new ArrayList<>();
    for (Path p = path; p != null && !Files.exists(p); p = p.getParent()) {
      missing.add(p);
    }
    return missing;
  }

  private PodResult runContainers(LocalPod pod) throws IOException, InterruptedException {
    List<ContainerResult> init = new ArrayList<>();
    for (LocalContainer container : pod.initContainers()) {
      ContainerResult result = await(pod.name(), container, start(pod.name(), container));
      init.add(result);
      if (!result.succeeded()) {
        return new PodResult(pod.name(), init, List.of());
      }
    }
    List<Running> running = new ArrayList<>();
    for (LocalContainer container : pod.containers()) {
      running.add(new Running(container, start(pod.name(), container)));
    }
    List<ContainerResult> results = new ArrayList<>();
    for (Running r : running) {
      results.add(await(pod.name(), r.container(), r.process()));
    }
    return new PodResult(pod.name(), init, results);
  }

  private record Running(LocalContainer container, Started process) {}

  private record Started(Process process, long startNanos, Thread logs) {}

  private Started start(String pod, LocalContainer container) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
    if (rootless) {
      command.add("--map-root-user");
    }
    command.addAll(List.of("--", "/bin/sh", mountExec.toString(), container.workingDir()));
    container.mounts().stream()
        .sorted(Comparator.comparingInt(m -> m.path().length()))
        .forEach(m -> command.addAll(List.of(m.hostDirectory().toString(), m.path())));
    command.add("--");
    command.addAll(container.argv());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(container.env());
    long started = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();
    Thread logs =
        new Thread(
            () -> copyLines(process.getInputStream(), "[" + pod + "/" + container.name() + "] "),
            "logs-" + container.name());
    logs.setDaemon(true);
    logs.start();
    return new Started(process, started, logs);
  }

  private ContainerResult await(String pod, LocalContainer container, Started started)
      throws InterruptedException {
    if (!started.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      started.process().descendants().forEach(ProcessHandle::destroyForcibly);
      started.process().destroyForcibly().waitFor();
      log.println(
          "[" + pod + "/" + container.name() + "] killed after " + timeout.toSeconds() + " s");
    }
    started.logs().join(TimeUnit.SECONDS.toMillis(5));
    Duration took = Duration.ofNanos(System.nanoTime() - started.startNanos());
    return new ContainerResult(container.name(), started.process().exitValue(), took);
  }

  private void copyLines(InputStream in, String prefix) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (log) {
          log.println(prefix + line);
        }
      }
    } catch (IOException e) {
      log.println(prefix + "(log stream ended: " + e.getMessage() + ")");
    }
  }

  private static Path installMountExec(Path directory) throws IOException {
    Path script = directory.resolve("mount-exec.sh");
    try (InputStream in = LocalPodRunner.class.getResourceAsStream("mount-exec.sh")) {
      if (in == null) {
        throw new IOException("mount-exec.sh is missing from the oras-operator jar");
      }
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }
}
