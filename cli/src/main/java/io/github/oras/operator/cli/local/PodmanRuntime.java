package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Runs each container with Podman ({@code podman run}, one per start, attached), from images in the
 * local store only: {@code command} replaces the image's ENTRYPOINT and {@code args} its CMD as in
 * Kubernetes, the spec's env, workingDir (created when the image lacks it) and runAsUser,
 * runAsGroup, fsGroup and dropped capabilities are kept, the emptyDirs are the pod's host
 * directories, and every container uses the host's network (the local registry listens on loopback,
 * and rootless Podman has no other network here).
 */
public final class PodmanRuntime implements ContainerRuntime {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

  private final Map<String, String> environment;
  private final boolean root;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, Set<String>> containersByPod = new ConcurrentHashMap<>();
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  private PodmanRuntime(Map<String, String> environment, boolean root) {
    this.environment = Map.copyOf(environment);
    this.root = root;
  }

  /**
   * A runtime whose podman calls use {@code CONTAINERS_CONF} when the user set it, else a
   * configuration written under {@code directory} with the settings Podman needs on hosts like this
   * one (runc, cgroupfs, lowered default rlimits).
   */
  public static PodmanRuntime create(Path directory, boolean root) throws IOException {
    return new PodmanRuntime(configuration(directory), root);
  }

  /** The environment podman is called with: CONTAINERS_CONF, the user's or ours. */
  static Map<String, String> configuration(Path directory) throws IOException {
    String configured = System.getenv("CONTAINERS_CONF");
    if (configured != null && !configured.isEmpty()) {
      return Map.of("CONTAINERS_CONF", configured);
    }
    Path file = directory.resolve("containers.conf");
    Files.writeString(
        file,
        String.join(
            "\n",
            "# Written by oras-operator run: what Podman needs in a sandbox without CAP_SYS_RESOURCE",
            "# and with a hybrid cgroup layout (crun refuses it). CONTAINERS_CONF overrides this file.",
            "[containers]",
            "default_ulimits = [\"nofile=1024:1024\", \"nproc=4000:4000\"]",
            "[engine]",
            "runtime = \"runc\"",
            "cgroup_manager = \"cgroupfs\"",
            "events_logger = \"file\"",
            ""));
    return Map.of("CONTAINERS_CONF", file.toString());
  }

  /**
   * Why Podman cannot run the pods here, or empty when it can: podman answers and has {@code
   * sidecarImage} in its store.
   */
  public static Optional<String> unusableBecause(Path directory, String sidecarImage)
      throws IOException, InterruptedException {
    if (Commands.onPath("podman").isEmpty()) {
      return Optional.of("podman is not installed");
    }
    // One quick call that needs a working store: exit 0 = there, 1 = missing, else broken.
    Commands.Result image =
        Commands.run(
            List.of("podman", "image", "exists", sidecarImage),
            configuration(directory),
            Duration.ofSeconds(30));
    if (image.exitCode() == 1) {
      return Optional.of(
          "the sidecar image " + sidecarImage + " is not in Podman's store (bin/images builds it)");
    }
    if (!image.ok()) {
      return Optional.of("podman does not work here: " + firstLine(image.output()));
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return "podman";
  }

  @Override
  public void requireImages(String pod, Map<String, String> imageByContainer)
      throws IOException, InterruptedException {
    Map<String, String> images = new LinkedHashMap<>();
    imageByContainer.forEach((container, image) -> images.putIfAbsent(image, container));
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> image : images.entrySet()) {
      if (image.getKey().isEmpty()) {
        missing.add("(none) of container \"" + image.getValue() + "\"");
      } else if (!present.contains(image.getKey())) {
        if (podman(List.of("image", "exists", image.getKey())).ok()) {
          present.add(image.getKey());
        } else {
          missing.add(image.getKey() + " of container \"" + image.getValue() + "\"");
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "pod "
              + pod
              + ": image "
              + String.join(", ", missing)
              + " is not in the local Podman store (podman images lists it); build it (bin/images"
              + " builds the sidecar, busybox and registry images) or load it, or run with"
              + " --runtime process");
    }
  }

  @Override
  public void prepare(LocalPod pod) throws IOException, InterruptedException {
    Map<String, String> images = new LinkedHashMap<>();
    for (LocalContainer c : allContainers(pod)) {
      images.putIfAbsent(c.name(), c.image());
    }
    requireImages(pod.name(), images);
    Optional<Long> fsGroup =
        allContainers(pod).stream().flatMap(c -> c.user().fsGroup().stream()).findFirst();
    if (root && fsGroup.isPresent()) {
      for (Path volume : pod.volumes().values()) {
        Files.setAttribute(volume, "unix:gid", fsGroup.get().intValue());
      }
    } else if (fsGroup.isPresent()) {
      // Rootless: the Secret and ConfigMap files belong to fsGroup as the container sees it.
      for (String keyed : pod.keyedVolumes()) {
        Path volume = pod.volumes().get(keyed);
        podman(List.of("unshare", "chgrp", "-R", fsGroup.get().toString(), volume.toString()));
      }
    }
  }

  @Override
  public RunningContainer start(
      LocalPod pod, LocalContainer container, int attempt, Consumer<String> log)
      throws IOException {
    String name = containerName(pod, container, attempt);
    containersByPod.computeIfAbsent(pod.name(), p -> new LinkedHashSet<>()).add(name);
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.putAll(environment);
    return new Contained(
        LoggedProcess.start(runCommand(pod, container, name), env, name, log), name);
  }

  /** {@code podman run ...} for one start of {@code container}. */
  List<String> runCommand(LocalPod pod, LocalContainer container, String name)
      throws JsonProcessingException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "podman",
                "run",
                "--pull",
                "never",
                "--name",
                name,
                "--network",
                "host",
                "--hostname",
                pod.name()));
    container.env().forEach((key, value) -> command.addAll(List.of("--env", key + "=" + value)));
    for (LocalContainer.Mount mount : container.mounts()) {
      command.addAll(
          List.of(
              "--volume",
              mount.hostDirectory() + ":" + mount.path() + (mount.readOnly() ? ":ro" : "")));
    }
    String workingDir = container.workingDir();
    if (!workingDir.isEmpty()) {
      if (container.mounts().stream().noneMatch(m -> m.path().equals(workingDir))) {
        // An anonymous volume: created when the image lacks the directory, the image's content
        // copied in when it has it (podman run --workdir alone refuses a missing directory).
        command.addAll(List.of("--volume", workingDir));
      }
      command.addAll(List.of("--workdir", workingDir));
    }
    command.addAll(userOptions(container.user()));
    if (container.readOnlyRootFilesystem()) {
      command.add("--read-only");
    }
    if (container.dropAllCapabilities()) {
      command.addAll(List.of("--cap-drop", "ALL"));
    }
    if (!container.command().isEmpty()) {
      command.addAll(List.of("--entrypoint", JSON.writeValueAsString(container.command())));
    }
    command.add(container.image());
    command.addAll(container.args());
    return command;
  }

  private static List<String> userOptions(LocalContainer.RunAs user) {
    List<String> options = new ArrayList<>();
    if (user.uid().isPresent()) {
      options.addAll(List.of("--user", user.uid().get() + user.gid().map(g -> ":" + g).orElse("")));
    } else if (user.gid().isPresent()) {
      options.addAll(List.of("--group-add", String.valueOf(user.gid().get())));
    }
    user.fsGroup().ifPresent(g -> options.addAll(List.of("--group-add", String.valueOf(g))));
    return options;
  }

  @Override
  public void cleanup(LocalPod pod) {
    try {
      Set<String> names = containersByPod.remove(pod.name());
      if (names != null && !names.isEmpty()) {
        // --ignore: without it, Podman 4.3 removes none of the names (and exits 0) when one of
        // them is already gone, as a killed container's can be.
        List<String> rm = new ArrayList<>(List.of("rm", "--force", "--ignore", "--volumes"));
        rm.addAll(names);
        podman(rm);
      }
      if (!root) {
        // Files a non-root container user wrote belong to a subordinate uid: remove them as such.
        podman(List.of("unshare", "rm", "-rf", pod.directory().toString()));
      }
    } catch (IOException e) {
      // What is left is in the run's scratch directory, or visible in podman ps -a.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String containerName(LocalPod pod, LocalContainer container, int attempt) {
    String name = "oras-run-" + runId + "-" + pod.name() + "-" + container.name() + "-" + attempt;
    return name.replaceAll("[^a-zA-Z0-9_.-]", "-");
  }

  private Commands.Result podman(List<String> arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("podman"));
    command.addAll(arguments);
    return Commands.run(command, environment, COMMAND_LIMIT);
  }

  private static List<LocalContainer> allContainers(LocalPod pod) {
    List<LocalContainer> all = new ArrayList<>(pod.initContainers());
    all.addAll(pod.containers());
    return all;
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** A container behind an attached {@code podman run}; signals go through {@code podman kill}. */
  private final class Contained implements RunningContainer {
    private final LoggedProcess logged;
    private final String name;

    Contained(LoggedProcess logged, String name) {
      this.logged = logged;
      this.name = name;
    }

    @Override
    public Process process() {
      return logged.process();
    }

    @Override
    public void terminate() {
      signal("TERM");
    }

    @Override
    public void kill() {
      signal("KILL");
      process().destroyForcibly();
    }

    @Override
    public void awaitLogs() throws InterruptedException {
      logged.awaitLogs();
    }

    private void signal(String signal) {
      try {
        podman(List.of("kill", "--signal", signal, name));
      } catch (IOException e) {
        // Already gone.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
