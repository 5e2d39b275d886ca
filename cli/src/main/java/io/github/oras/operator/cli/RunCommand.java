package io.github.oras.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.cli.local.ClusterObjects;
import io.github.oras.operator.cli.local.ContainerRuntime;
import io.github.oras.operator.cli.local.LocalCluster;
import io.github.oras.operator.cli.local.PodLifecycle;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.PolicyCatalog;
import io.github.oras.operator.sidecar.RegistryException;
import io.github.oras.operator.spi.MutationPolicy;
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
    List<JsonNode> documents = readWorkloads(files);
    InjectorConfig config = engine.config();
    PolicyCatalog catalog = engine.catalog();
    List<MutationPolicy> policies = catalog.select(config.policies());
    Path scratch = Files.createTempDirectory("oras-operator-run-");
    // Container users other than this one (the sidecar's uid 65532, runAsUser) reach the volumes.
    Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
    long runStart = System.nanoTime();
    try {
      ClusterObjects objects = ClusterObjects.of(documents, namespace);
      List<JsonNode> workloads = documents.stream().filter(d -> !ClusterObjects.holds(d)).toList();
      ContainerRuntime containers = RuntimeSelection.choose(runtime, scratch, config, out);
      try (LocalCluster cluster =
          LocalCaches.start(
              scratch,
              Optional.ofNullable(registry),
              objects,
              containers,
              namespace,
              config,
              catalog,
              out)) {
        out.flush();
        PrintStream log =
            new PrintStream(
                new WriterOutputStream(out), true, java.nio.charset.StandardCharsets.UTF_8);
        PodLifecycle lifecycle =
            new PodLifecycle(containers, log, Duration.ofSeconds(podTimeoutSeconds));
        RunSteps steps =
            new RunSteps(
                cluster, lifecycle, containers, policies, objects, namespace, scratch, out, err);
        for (int step = 1; step <= workloads.size(); step++) {
          int code = steps.run(step, workloads.size(), workloads.get(step - 1));
          if (code != ExitCodes.OK) {
            return code;
          }
        }
        if (pull != null) {
          ArtifactDownload.pull(
              cluster.registry(),
              true,
              pull,
              results,
              out,
              LocalCaches.pullCredentials(cluster, objects));
        }
        out.printf("run completed in %s%n", seconds(System.nanoTime() - runStart));
        return ExitCodes.OK;
      }
    } catch (RegistryException | IllegalStateException | IllegalArgumentException e) {
      err.println("oras-operator run: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      out.flush();
      deleteTree(scratch);
    }
  }

  static String seconds(long nanos) {
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
