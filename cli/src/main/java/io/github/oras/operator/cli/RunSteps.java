package io.github.oras.operator.cli;

import static io.github.oras.operator.cli.RunCommand.seconds;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.cli.local.AdmissionClient;
import io.github.oras.operator.cli.local.ClusterObjects;
import io.github.oras.operator.cli.local.ContainerResult;
import io.github.oras.operator.cli.local.ContainerRuntime;
import io.github.oras.operator.cli.local.LocalCluster;
import io.github.oras.operator.cli.local.LocalPod;
import io.github.oras.operator.cli.local.PodIdentity;
import io.github.oras.operator.cli.local.PodInstances;
import io.github.oras.operator.cli.local.PodLifecycle;
import io.github.oras.operator.cli.local.PodResult;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of {@code oras-operator run}, one workload after another: admit it, then run every pod
 * its controller would make (each pod of a Job with several completions, each Job of a JobSet's
 * replicated job), one after another, each to the end. Anything but success stops the run.
 */
final class RunSteps {
  private final LocalCluster cluster;
  private final PodLifecycle lifecycle;
  private final ContainerRuntime runtime;
  private final List<MutationPolicy> policies;
  private final ClusterObjects objects;
  private final String namespace;
  private final Path scratch;
  private final PrintWriter out;
  private final PrintWriter err;

  RunSteps(
      LocalCluster cluster,
      PodLifecycle lifecycle,
      ContainerRuntime runtime,
      List<MutationPolicy> policies,
      ClusterObjects objects,
      String namespace,
      Path scratch,
      PrintWriter out,
      PrintWriter err) {
    this.cluster = cluster;
    this.lifecycle = lifecycle;
    this.runtime = runtime;
    this.policies = policies;
    this.objects = objects;
    this.namespace = namespace;
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
    String workloadName = workload.path("metadata").path("name").asText("pod");
    for (int i = 0; i < templates.size(); i++) {
      String pointer = templates.get(i).pointer();
      String fallback = workloadName + (templates.size() > 1 ? "-" + i : "");
      JsonNode podSpec = JsonPointers.at(admission.object(), pointer).path("spec");
      for (PodIdentity pod : PodInstances.of(admission.object(), pointer, namespace, fallback)) {
        PodResult result = runPod(pod, podSpec);
        printPod(out, result);
        if (!result.succeeded()) {
          err.println(
              prefix + "pod " + pod.name() + " ended " + result.status() + "; stopping the run");
          return ExitCodes.FAILURE;
        }
      }
    }
    out.println(prefix + "Completed in " + seconds(System.nanoTime() - started));
    out.flush();
    return ExitCodes.OK;
  }

  /** Images first (a missing one is named before any Secret is looked up), then the pod. */
  private PodResult runPod(PodIdentity pod, JsonNode podSpec)
      throws IOException, InterruptedException {
    Map<String, String> images = new LinkedHashMap<>();
    for (String list : List.of("initContainers", "containers")) {
      podSpec
          .path(list)
          .forEach(c -> images.put(c.path("name").asText(), c.path("image").asText("")));
    }
    runtime.requireImages(pod.name(), images);
    Path directory = Files.createDirectories(scratch.resolve("pods").resolve(pod.name()));
    return lifecycle.run(LocalPod.of(pod, podSpec, directory, objects));
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
}
