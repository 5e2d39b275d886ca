package io.github.oras.operator.cli.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs each container as a host process in a root filesystem of its own, built by bubblewrap
 * (Debian's {@code bubblewrap}): an empty tmpfs root with the host's {@code /usr}, {@code /etc} and
 * library directories read-only, the project checkout (for {@code oras-sidecar}) read-only, a
 * private {@code /tmp}, and every volume and working directory bind-mounted at its real path. So
 * any mountPath works without root and nothing is created on the host outside the pod's scratch
 * directory. Images are not used: commands come from the host.
 *
 * <p>As root, the containers' processes are root on this host with only their own mount namespace;
 * {@code runAsUser}/{@code runAsGroup} are honoured with {@code setpriv}. Without root, bubblewrap
 * maps the user to {@code runAsUser}/{@code runAsGroup} (default 0) in a user namespace.
 */
public final class ProcessRuntime implements ContainerRuntime {
  static final String BWRAP = "bwrap";
  private static final List<String> HOST_DIRECTORIES =
      List.of("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32");

  /** Where the sidecar wrapper looks for its class archive (see {@link SidecarClassArchive}). */
  static final String CLASS_ARCHIVE_DIR = "ORAS_CDS_DIR";

  private final List<Path> readOnly;
  private final Path bin;
  private final boolean root;
  private final Optional<Path> classArchives;

  public ProcessRuntime(List<Path> readOnly, Path bin, boolean root) {
    this(readOnly, bin, root, Optional.empty());
  }

  /**
   * @param readOnly host directories the containers see read-only at their own paths (the project
   *     checkout)
   * @param bin a directory put first on each container's PATH (where {@code oras-sidecar} is)
   * @param root whether this process runs as root (else a user namespace is used)
   * @param classArchives the directory of the sidecar's class archive, shown read-only to every
   *     container and named in its {@code ORAS_CDS_DIR} (the image has its archive built in)
   */
  public ProcessRuntime(List<Path> readOnly, Path bin, boolean root, Optional<Path> classArchives) {
    // Not the host's /opt: workloads put their own trees there (a working directory such as
    // /opt/lammps/examples must be creatable); the Java runtime the sidecar needs is bound by
    // itself.
    List<Path> paths = new ArrayList<>(readOnly);
    Path javaHome = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
    if (!javaHome.startsWith("/usr")) {
      paths.add(javaHome);
    }
    classArchives.ifPresent(paths::add);
    this.readOnly = List.copyOf(paths);
    this.bin = bin;
    this.root = root;
    this.classArchives = classArchives;
  }

  @Override
  public String name() {
    return "process";
  }

  @Override
  public void prepare(LocalPod pod) {
    if (!available()) {
      throw new IllegalStateException(
          "the process runtime needs bubblewrap (bwrap) on PATH: install Debian's bubblewrap"
              + " (bin/setup does)");
    }
    for (LocalContainer container : pod.initContainers()) {
      requireCommand(container);
    }
    pod.containers().forEach(ProcessRuntime::requireCommand);
  }

  /** Whether bubblewrap is installed. */
  public static boolean available() {
    return Commands.onPath(BWRAP).isPresent();
  }

  private static void requireCommand(LocalContainer container) {
    if (container.command().isEmpty()) {
      throw new IllegalArgumentException(
          "container \""
              + container.name()
              + "\" has no command; the process runtime has no image ENTRYPOINT to fall back on"
              + " (set command, or use --runtime podman)");
    }
  }

  @Override
  public RunningContainer start(
      LocalPod pod, LocalContainer container, int attempt, Consumer<String> log)
      throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(
        "PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    env.put("HOSTNAME", pod.name());
    classArchives.ifPresent(dir -> env.put(CLASS_ARCHIVE_DIR, dir.toString()));
    env.putAll(container.env());
    LoggedProcess process = LoggedProcess.start(command(container), env, container.name(), log);
    return new Bubblewrapped(process);
  }

  @Override
  public void cleanup(LocalPod pod) {
    // Nothing outside the pod's scratch directory was made.
  }

  /** The bubblewrap command line that runs {@code container}. */
  List<String> command(LocalContainer container) throws IOException {
    List<String> command = new ArrayList<>(List.of(BWRAP, "--die-with-parent"));
    for (String name : HOST_DIRECTORIES) {
      Path path = Path.of("/", name);
      if (Files.isSymbolicLink(path)) {
        command.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), "/" + name));
      } else if (Files.isDirectory(path)) {
        command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
      }
    }
    command.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
    for (Path path : readOnly) {
      command.addAll(List.of("--ro-bind", path.toString(), path.toString()));
    }
    command.addAll(List.of("--ro-bind", bin.toString(), bin.toString()));
    List<LocalContainer.Mount> mounts = new ArrayList<>(container.mounts());
    String workingDir =
        container.workingDir().isEmpty()
            ? container.workDirectory().toString()
            : container.workingDir();
    if (mounts.stream().noneMatch(m -> m.path().equals(workingDir))) {
      mounts.add(new LocalContainer.Mount(container.workDirectory(), workingDir, false));
    }
    mounts.stream()
        .sorted(Comparator.comparingInt(m -> Path.of(m.path()).getNameCount()))
        .forEach(
            m ->
                command.addAll(
                    List.of(
                        m.readOnly() ? "--ro-bind" : "--bind",
                        m.hostDirectory().toString(),
                        m.path())));
    command.addAll(List.of("--chdir", workingDir));
    LocalContainer.RunAs user = container.user();
    if (!root) {
      command.addAll(
          List.of(
              "--unshare-user",
              "--uid",
              String.valueOf(user.uid().orElse(0L)),
              "--gid",
              String.valueOf(user.gid().orElse(0L))));
    }
    command.add("--");
    if (root && (user.uid().isPresent() || user.gid().isPresent())) {
      command.addAll(setpriv(user));
    }
    command.addAll(container.argv());
    return command;
  }

  /** Drops root to the container's user before its command runs. */
  private static List<String> setpriv(LocalContainer.RunAs user) {
    List<String> command = new ArrayList<>(List.of("setpriv"));
    user.uid().ifPresent(uid -> command.add("--reuid=" + uid));
    command.add("--regid=" + user.gid().orElse(0L));
    command.add(user.fsGroup().map(g -> "--groups=" + g).orElse("--clear-groups"));
    command.add("--");
    return command;
  }

  /** A container whose main process is bubblewrap's first child that is not bubblewrap. */
  private record Bubblewrapped(LoggedProcess logged) implements RunningContainer {
    @Override
    public Process process() {
      return logged.process();
    }

    @Override
    public void terminate() {
      mainProcess().ifPresent(ProcessHandle::destroy);
    }

    @Override
    public void kill() {
      // Outermost first: a shell whose child died first could still exit 0.
      List<ProcessHandle> tree = process().descendants().toList();
      process().destroyForcibly();
      tree.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void awaitLogs() throws InterruptedException {
      logged.awaitLogs();
    }

    private Optional<ProcessHandle> mainProcess() {
      return process()
          .descendants()
          .filter(p -> !isBwrap(p))
          .filter(p -> p.parent().map(Bubblewrapped::isBwrap).orElse(false))
          .findFirst();
    }

    private static boolean isBwrap(ProcessHandle process) {
      return process.info().command().map(c -> c.endsWith("/" + BWRAP)).orElse(false);
    }
  }
}
