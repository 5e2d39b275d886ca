package io.github.oras.operator.engine;

import static io.github.oras.operator.engine.MutationEngineTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parallel pods must not overwrite each other's outputs: Jobs, JobSets and Pods. */
class PerPodOutputTest {
  private static final PolicyCatalog CATALOG =
      PolicyCatalog.discover(PerPodOutputTest.class.getClassLoader());

  private static MutationEngine engine(InjectorConfig config) {
    return MutationEngine.create(config, CATALOG, CacheResolver.byConvention());
  }

  private static final MutationEngine ENGINE = engine(InjectorConfig.defaults());

  private static String job(String tag, String jobSpec) {
    return """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: sweep
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-uri: sweep/result:%s
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          %s
          template:
            spec:
              restartPolicy: Never
              containers:
              - name: app
                image: busybox
                command: [sh, -c, 'date > out.txt']
        """
        .formatted(tag, jobSpec.replace("\n", "\n  "));
  }

  private static String jobSet(String tag, int replicas, String secondJobTag) {
    String template =
        """
          - name: %s
            replicas: %d
            template:
              spec:
                template:
                  metadata:
                    annotations:
                      oras.converged-computing.github.io/output-uri: sim/out:%s
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: app
                      image: busybox
                      command: [sh, -c, 'date > out.txt']
        """;
    return """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: sim
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          replicatedJobs:
        """
        + template.formatted("solver", replicas, tag)
        + (secondJobTag == null ? "" : template.formatted("monitor", 1, secondJobTag));
  }

  private static JsonNode pushContainer(MutationOutcome outcome, String source) {
    assertThat(outcome).as(outcome.toString()).isInstanceOf(MutationOutcome.Patched.class);
    JsonNode object = Patches.apply(((MutationOutcome.Patched) outcome).patch(), yaml(source));
    // A native sidecar (the default) among the init containers, else a regular container.
    for (String list : java.util.List.of("initContainers", "containers")) {
      for (JsonNode containers : object.findValues(list)) {
        for (JsonNode container : containers) {
          if (container.path("name").asText().equals("oras-push")) {
            return container;
          }
        }
      }
    }
    throw new AssertionError("no oras-push container in " + object);
  }

  private static Map<String, String> fieldRefs(JsonNode container) {
    Map<String, String> refs = new LinkedHashMap<>();
    for (JsonNode variable : container.path("env")) {
      JsonNode path = variable.at("/valueFrom/fieldRef/fieldPath");
      if (!path.isMissingNode()) {
        refs.put(variable.path("name").asText(), path.asText());
      }
    }
    return refs;
  }

  @Test
  void aFixedTagOnAParallelJobIsDeniedSuggestingPodAndIndexedJobs() {
    MutationOutcome outcome = ENGINE.mutate(yaml(job("run-1", "parallelism: 3")), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .startsWith(
            "oras.converged-computing.github.io/output-uri=\"sweep/result:run-1\": spec.parallelism=3"
                + " runs several pods")
        .contains("the last to finish wins")
        .contains("put {pod} in the tag, e.g. sweep/result:run-1-{pod}")
        .contains("{index} needs an Indexed Job: set spec.completionMode: Indexed");
  }

  @Test
  void aFixedTagOnAnIndexedJobSuggestsIndex() {
    MutationOutcome outcome =
        ENGINE.mutate(yaml(job("run-1", "completions: 4\ncompletionMode: Indexed")), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("spec.completions=4 runs several pods")
        .contains("put {index} (or {pod}) in the tag, e.g. sweep/result:run-1-{index}");
  }

  @Test
  void theDenialCanBeAWarningInstead() {
    InjectorConfig warn =
        InjectorConfig.defaults().withParallelOutput(InjectorConfig.ParallelOutput.WARN);
    MutationOutcome outcome = engine(warn).mutate(yaml(job("run-1", "parallelism: 3")), "lab");

    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(outcome.warnings()).singleElement().asString().contains("runs several pods");
  }

  @Test
  void indexNeedsAnIndexedJob() {
    MutationOutcome outcome = ENGINE.mutate(yaml(job("run-1-{index}", "parallelism: 3")), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("{index} has no value in these pods: {index} needs an Indexed Job");
  }

  @Test
  void anIndexedJobsPushStepGetsTheCompletionIndex() {
    String source = job("run-1-{index}", "completions: 4\ncompletionMode: Indexed");
    JsonNode push = pushContainer(ENGINE.mutate(yaml(source), "lab"), source);

    assertThat(fieldRefs(push))
        .containsExactly(
            Map.entry(
                "ORAS_POD_INDEX_1",
                "metadata.annotations['batch.kubernetes.io/job-completion-index']"));
    assertThat(push.findValues("value").toString()).contains("sweep/result:run-1-{index}");
  }

  @Test
  void podGivesEveryPodOfAnyJobItsName() {
    String source = job("{pod}", "parallelism: 3");
    JsonNode push = pushContainer(ENGINE.mutate(yaml(source), "lab"), source);

    assertThat(fieldRefs(push)).containsExactly(Map.entry("ORAS_POD_NAME", "metadata.name"));
  }

  @Test
  void aJobSetsIndexIsItsJobIndexThenItsPodIndex() {
    String source = jobSet("it-{index}", 3, null);
    JsonNode push = pushContainer(ENGINE.mutate(yaml(source), "lab"), source);

    assertThat(fieldRefs(push))
        .containsExactly(
            Map.entry("ORAS_POD_INDEX_1", "metadata.labels['jobset.sigs.k8s.io/job-index']"),
            Map.entry(
                "ORAS_POD_INDEX_2",
                "metadata.annotations['batch.kubernetes.io/job-completion-index']"));
  }

  @Test
  void aFixedTagOnJobSetReplicasIsDenied() {
    MutationOutcome outcome = ENGINE.mutate(yaml(jobSet("it-1", 2, null)), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("spec.replicatedJobs.0.replicas=2 runs several pods")
        .contains("sim/out:it-1-{index}");
  }

  @Test
  void replicatedJobsPushingToOneTagAreDenied() {
    MutationOutcome outcome = ENGINE.mutate(yaml(jobSet("it-{index}", 1, "it-{index}")), "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("pod templates /spec/replicatedJobs/0/template/spec/template,")
        .contains("put {pod} in the tag, or give each template");
    assertThat(ENGINE.mutate(yaml(jobSet("it-{index}", 1, "mon-{index}")), "lab"))
        .isInstanceOf(MutationOutcome.Patched.class);
  }

  @Test
  void oneJobOnePodKeepsItsFixedTag() {
    assertThat(ENGINE.mutate(yaml(job("run-1", "parallelism: 1")), "lab"))
        .isInstanceOf(MutationOutcome.Patched.class);
  }
}
