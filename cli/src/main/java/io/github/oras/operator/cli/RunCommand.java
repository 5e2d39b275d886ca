package io.github.oras.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.cli.local.AdmissionClient;
import io.github.oras.operator.cli.local.ContainerResult;
import io.github.oras.operator.cli.local.ContainerRuntime;
import io.github.oras.operator.cli.local.LocalCluster;
import io.github.oras.operator.cli.local.LocalPod;
import io.github.oras.operator.cli.local.PodLifecycle;
import io.github.oras.operator.cli.local.PodResult;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.sidecar.RegistryException;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code oras-operator run}: admits workloads through the real webhook over HTTPS, then runs every
 * resulting pod locally as the kubelet would (see {@link PodLifecycle}), step after step, with
 * Podman or as host processes. A failed step stops the run, so a later step never pulls a stale
 * artifact.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description =
        "Run workloads locally: admit them through the webhook, then run their pods with Podman or as"
            + " local processes.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin EngineOptions engine;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR",
      description =
          "YAML files, or directories of them (taken in name order); one step per workload.")
  List<Path> files;

  @Option(
      names = "--registry",
      paramLabel = "HOST:PORT",
      description = "Use this registry (plain HTTP) instead of starting one.")
  String registry;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Namespace of the workloads (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--pull",
      paramLabel = "REF",
      description = "After the run, pull this artifact (repository:tag) into --results.")
  String pull;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      defaultValue = "results",
      description = "Where --pull writes (default: ${DEFAULT-VALUE}).")
  Path results;

  @Option(
      names = "--pod-timeout",
      paramLabel = "SECONDS",
      defaultValue = "600",
      description = "Kill a pod's containers after this long (default: ${DEFAULT-VALUE}).")
  long podTimeoutSeconds;

  @Option(
      names = "--runtime",
      paramLabel = "podman|process",
      description =
          "How pods run: podman (containers from the local Podman store) or process (host"
              + " processes in a root of their own, built by bubblewrap). Default: podman where it"
              + " works and has the sidecar image, else process.")
  RuntimeChoice runtime;

  enum RuntimeChoice {
    podman,
    process
  }

  @Option(
      names = {"-v", "--verbose"},
      description = "Show the webhook's request log.")
  boolean verbose;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!verbose) {
      // Read once, when the first logger is made: the webhook's per-request lines are noise here.
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<JsonNode> workloads = readWorkloads(files);
    InjectorConfig config = engine.config();
    PolicyCatalog catalog = engine.catalog();
    List<MutationPolicy> policies = catalog.select(config.policies());
    Path scratch = Files.createTempDirectory("oras-operator-run-");
    // Container users other than this one (the sidecar's uid 65532, runAsUser) reach the volumes.
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
    long runStart = System.nanoTime();
    try (LocalCluster cluster =
        LocalCluster.start(scratch, Optional.ofNullable(registry), config, catalog)) {
      out.printf("registry %s is every OrasCache; webhook admits over HTTPS%n", cluster.registry());
      out.flush();
      PrintStream log =
          new PrintStream(
              new WriterOutputStream(out), true, java.nio.charset.StandardCharsets.UTF_8);
      ContainerRuntime containers = RuntimeSelection.choose(runtime, scratch, config, out);
      PodLifecycle lifecycle =
          new PodLifecycle(containers, log, Duration.ofSeconds(podTimeoutSeconds));
      Steps steps = new Steps(cluster, lifecycle, policies, scratch, out, err);
      for (int step = 1; step <= workloads.size(); step++) {
        int code = steps.run(step, workloads.size(), workloads.get(step - 1));
        if (code != ExitCodes.OK) {
          return code;
        }
      }
      if (pull != null) {
        ArtifactDownload.pull(cluster.registry(), true, pull, results, out);
      }
      out.printf("run completed in %s%n", seconds(System.nanoTime() - runStart));
      return ExitCodes.OK;
    } catch (RegistryException | IllegalStateException | IllegalArgumentException e) {
      err.println("oras-operator run: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      out.flush();
      deleteTree(scratch);
    }
  }

  /** Runs one workload after another: admit it, then run each of its pods to the end. */
  private final class Steps {
    private final LocalCluster cluster;
    private final PodLifecycle lifecycle;
    private final List<MutationPolicy> policies;
    private final Path scratch;
    private final PrintWriter out;
    private final PrintWriter err;

    Steps(
        LocalCluster cluster,
        PodLifecycle lifecycle,
        List<MutationPolicy> policies,
        Path scratch,
        PrintWriter out,
        PrintWriter err) {
      this.cluster = cluster;
      this.lifecycle = lifecycle;
      this.policies = policies;
      this.scratch = scratch;
      this.out = out;
      this.err = err;
    }

    /** Runs step {@code step} of {@code total}; anything but OK stops the run. */
    int run(int step, int total, JsonNode workload) throws IOException, InterruptedException {
      String name =
          workload.path("kind").asText("?")
              + "/"
              + workload.path("metadata").path("name").asText("?");
      String prefix = String.format("step %d/%d %s: ", step, total, name);
      Optional<MutationPolicy> policy =
          GroupVersionKind.of(workload)
              .flatMap(kind -> policies.stream().filter(p -> p.handles(kind)).findFirst());
      if (policy.isEmpty()) {
        out.println(prefix + "skipped (no active policy runs this kind locally)");
        return ExitCodes.OK;
      }
      AdmissionClient.Admission admission = cluster.admission().admit(workload, namespace);
      admission.warnings().forEach(w -> err.println("Warning: " + name + ": " + w));
      if (!admission.allowed()) {
        err.println(prefix + "refused by the webhook: " + admission.message());
        return ExitCodes.INVALID_INPUT;
      }
      long started = System.nanoTime();
      List<PodTemplate> templates = policy.get().podTemplates(admission.object());
      for (int i = 0; i < templates.size(); i++) {
        String pod =
            workload.path("metadata").path("name").asText("pod")
                + (templates.size() > 1 ? "-" + i : "");
        PodResult result =
            runPod(pod, JsonPointers.at(admission.object(), templates.get(i).pointer()));
        printPod(out, result);
        if (!result.succeeded()) {
          err.println(prefix + "pod " + pod + " ended " + result.status() + "; stopping the run");
          return ExitCodes.FAILURE;
        }
      }
      out.println(prefix + "Completed in " + seconds(System.nanoTime() - started));
      out.flush();
      return ExitCodes.OK;
    }

    private PodResult runPod(String pod, JsonNode template)
        throws IOException, InterruptedException {
      Path directory = Files.createDirectories(scratch.resolve("pods").resolve(pod));
      return lifecycle.run(LocalPod.of(pod, template.path("spec"), directory));
    }
  }

  private static void printPod(PrintWriter out, PodResult pod) {
    out.printf("  pod %-24s %s%n", pod.pod(), pod.status());
    for (ContainerResult c : pod.initContainers()) {
      String format = c.sidecar() ? "    sidecar %-17s %-28s %s%n" : "    init %-20s %-28s %s%n";
      out.printf(format, c.name(), c.status(), seconds(c.took().toNanos()));
    }
    for (ContainerResult c : pod.containers()) {
      out.printf("    %-25s %-28s %s%n", c.name(), c.status(), seconds(c.took().toNanos()));
    }
  }

  private static String seconds(long nanos) {
    return String.format("%.1f s", nanos / 1e9);
  }

  private static List<JsonNode> readWorkloads(List<Path> inputs) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    for (Path input : inputs) {
      List<Path> yamlFiles;
      if (Files.isDirectory(input)) {
        try (Stream<Path> listing = Files.list(input)) {
          yamlFiles =
              listing
                  .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                  .sorted()
                  .toList();
        }
      } else {
        yamlFiles = List.of(input);
      }
      for (Path file : yamlFiles) {
        try (InputStream in = Files.newInputStream(file)) {
          documents.addAll(YamlDocuments.read(in));
        }
      }
    }
    return documents;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory; what remains is cleaned with /tmp.
    }
  }
}
