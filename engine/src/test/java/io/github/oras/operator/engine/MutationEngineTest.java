package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MutationEngineTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final PolicyCatalog CATALOG =
      PolicyCatalog.discover(MutationEngineTest.class.getClassLoader());

  private static MutationEngine engine(InjectorConfig config, CacheResolver caches) {
    return MutationEngine.create(config, CATALOG, caches);
  }

  private static MutationEngine engine() {
    return engine(InjectorConfig.defaults(), CacheResolver.byConvention());
  }

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static final String JOB =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: step
        namespace: lab
        annotations:
          oras.converged-computing.github.io/oras-cache: cache
          oras.converged-computing.github.io/input-uri: data/in:v1
          oras.converged-computing.github.io/output-uri: data/out:v1
          oras.converged-computing.github.io/output-path: result dir/out.txt
      spec:
        template:
          spec:
            restartPolicy: Never
            containers:
            - name: app
              image: busybox
              command: [sh, -c, 'echo $(HOME) > "result dir/out.txt"']
              args: [one, 'two words']
      """;

  @Test
  void jobGetsInitContainerSidecarVolumeAndLauncher() {
    JsonNode job = yaml(JOB);
    JsonNode mutated = MutationEngineProperties.inject(job);
    JsonNode spec = mutated.at("/spec/template/spec");
    assertThat(spec.at("/volumes/0/name").asText()).isEqualTo("oras-share");
    assertThat(spec.at("/initContainers/0/name").asText()).isEqualTo("oras-pull");
    assertThat(spec.at("/initContainers/0/env").toString())
        .contains(
            "\"ORAS_INPUT_URIS\",\"value\":\"cache-0.cache.lab.svc.cluster.local:5000/data/in:v1\"")
        .contains("\"ORAS_PLAIN_HTTP\",\"value\":\"true\"");
    // A native sidecar, right after the pull: the kubelet stops it once the app has ended.
    assertThat(spec.at("/initContainers/1/name").asText()).isEqualTo("oras-push");
    assertThat(spec.at("/initContainers/1/restartPolicy").asText()).isEqualTo("Always");
    assertThat(spec.at("/initContainers/1/env").toString())
        .contains("cache-0.cache.lab.svc.cluster.local:5000/data/out:v1")
        .contains("\"ORAS_SIDECAR_MODE\",\"value\":\"native\"");
    assertThat(spec.at("/initContainers/0/restartPolicy").isMissingNode()).isTrue();
    assertThat(spec.at("/containers").size()).isEqualTo(1);
    assertThat(spec.at("/containers/0/env").toString())
        .contains("\"ORAS_SIDECAR_MODE\",\"value\":\"native\"");
    assertThat(spec.at("/containers/0/command").toString())
        .isEqualTo(
            "[\"/bin/sh\",\"/mnt/oras/oras-launcher.sh\",\"--\",\"sh\",\"-c\",\"echo $(HOME) > \\\"result dir/out.txt\\\"\"]");
    assertThat(spec.at("/containers/0/args").toString()).isEqualTo("[\"one\",\"two words\"]");
    assertThat(spec.at("/containers/0/volumeMounts/0/mountPath").asText()).isEqualTo("/mnt/oras");
    assertThat(mutated.at("/spec/template/metadata/annotations").toString())
        .contains("oras.converged-computing.github.io/injected");
  }

  @Test
  void containerModeKeepsThePushContainerBesideTheApp() {
    InjectorConfig config =
        InjectorConfig.defaults().withSidecarMode(InjectorConfig.SidecarMode.CONTAINER);
    MutationOutcome outcome = engine(config, CacheResolver.byConvention()).mutate(yaml(JOB), "lab");
    JsonNode spec =
        Patches.apply(((MutationOutcome.Patched) outcome).patch(), yaml(JOB))
            .at("/spec/template/spec");
    assertThat(spec.at("/initContainers").size()).isEqualTo(1);
    assertThat(spec.at("/containers/1/name").asText()).isEqualTo("oras-push");
    assertThat(spec.at("/containers/1/restartPolicy").isMissingNode()).isTrue();
    assertThat(spec.at("/containers/1/env").toString())
        .contains("\"ORAS_SIDECAR_MODE\",\"value\":\"container\"");
    assertThat(spec.at("/containers/0/env").toString())
        .contains("\"ORAS_SIDECAR_MODE\",\"value\":\"container\"");
  }

  @Test
  void withoutAnOutputThereIsNoPushSideAndNoModeForTheLauncher() {
    String noOutput =
        JOB.replaceAll(" *oras.converged-computing.github.io/output-(uri|path): .*\n", "");
    JsonNode spec = MutationEngineProperties.inject(yaml(noOutput)).at("/spec/template/spec");
    assertThat(spec.at("/initContainers").size()).isEqualTo(1);
    assertThat(spec.at("/containers").size()).isEqualTo(1);
    assertThat(spec.at("/containers/0/env").toString()).doesNotContain("ORAS_SIDECAR_MODE");
  }

  @Test
  void theMarkerJoinsTemplateMetadataThatHasNoAnnotationsYet() {
    JsonNode job =
        yaml(
            JOB.replace(
                "  template:\n    spec:",
                "  template:\n    metadata:\n      labels: {team: ml}\n    spec:"));
    JsonNode mutated = MutationEngineProperties.inject(job);
    assertThat(mutated.at("/spec/template/metadata/labels/team").asText()).isEqualTo("ml");
    assertThat(mutated.at("/spec/template/metadata/annotations").toString())
        .isEqualTo("{\"oras.converged-computing.github.io/injected\":\"0.1.0\"}");
  }

  @Test
  void invalidAnnotationsAreAllReportedAndNothingIsPatched() {
    JsonNode job =
        yaml(
            JOB.replace("output-path: result dir/out.txt", "ouput-path: x")
                .replace("input-uri: data/in:v1", "input-uri: 'Bad Ref'"));
    MutationOutcome outcome = engine().mutate(job, "lab");
    assertThat(outcome).isInstanceOf(MutationOutcome.Rejected.class);
    List<String> errors = ((MutationOutcome.Rejected) outcome).errors();
    assertThat(errors)
        .anySatisfy(e -> assertThat(e).contains("ouput-path").contains("did you mean output-path"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("input-uri=\"Bad Ref\""));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("output-path").contains("required"));
  }

  @Test
  void containerWithoutCommandNeedsTheEntrypointAnnotation() {
    JsonNode job =
        yaml(
            JOB.replace(
                "command: [sh, -c, 'echo $(HOME) > \"result dir/out.txt\"']", "workingDir: /w"));
    MutationOutcome outcome = engine().mutate(job, "lab");
    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("container \"app\" has no command")
        .contains("oras.converged-computing.github.io/entrypoint");

    JsonNode withEntrypoint =
        yaml(
            JOB.replace(
                    "command: [sh, -c, 'echo $(HOME) > \"result dir/out.txt\"']", "workingDir: /w")
                .replace(
                    "annotations:",
                    "annotations:\n    oras.converged-computing.github.io/entrypoint: '[\"/app/run\", \"$(X)\"]'"));
    JsonNode mutated = MutationEngineProperties.inject(withEntrypoint);
    assertThat(mutated.at("/spec/template/spec/containers/0/command").toString())
        .isEqualTo("[\"/bin/sh\",\"/mnt/oras/oras-launcher.sh\",\"--\",\"/app/run\",\"$$(X)\"]");
  }

  @Test
  void userNamesTheCacheNeedsAreAnErrorNotAnOverwrite() {
    JsonNode job =
        yaml(
            JOB.replace(
                "restartPolicy: Never",
                "restartPolicy: Never\n      volumes:\n      - name: oras-share\n        emptyDir: {}"));
    MutationOutcome outcome = engine().mutate(job, "lab");
    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("volume named \"oras-share\"");
  }

  @Test
  void namedContainerMustExist() {
    JsonNode job =
        yaml(
            JOB.replace(
                "annotations:",
                "annotations:\n    oras.converged-computing.github.io/container: launcher"));
    MutationOutcome outcome = engine().mutate(job, "lab");
    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("container=\"launcher\"")
        .contains("containers are app");
  }

  @Test
  void templatesWithoutTheNamedAppContainerAreSkippedWhenAnotherHasIt() {
    // A MetricSet puts its annotations on every pod: the launcher's and the workers'.
    String template =
        """
          - name: %s
            replicas: 1
            template:
              spec:
                template:
                  metadata:
                    annotations:
                      oras.converged-computing.github.io/oras-cache: cache
                      oras.converged-computing.github.io/container: launcher
                      oras.converged-computing.github.io/output-uri: metric/lammps:iter-0
                      oras.converged-computing.github.io/output-path: lammps.out
                  spec:
                    containers:
                    - name: %s
                      image: busybox
                      command: [date]
        """;
    String header =
        """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: ms
        spec:
          replicatedJobs:
        """;
    JsonNode both =
        yaml(header + template.formatted("l", "launcher") + template.formatted("w", "workers"));
    MutationOutcome outcome = engine().mutate(both, "lab");
    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .startsWith("pod template /spec/replicatedJobs/1/template/spec/template: ")
        .contains("container=\"launcher\": no container of that name")
        .endsWith("left unchanged");
    JsonNode mutated = Patches.apply(((MutationOutcome.Patched) outcome).patch(), both);
    assertThat(
            mutated
                .at("/spec/replicatedJobs/0/template/spec/template/spec/initContainers/0/name")
                .asText())
        .isEqualTo("oras-pull");
    assertThat(mutated.at("/spec/replicatedJobs/1/template/spec/template"))
        .isEqualTo(both.at("/spec/replicatedJobs/1/template/spec/template"));

    assertThat(engine().mutate(mutated, "lab"))
        .as("re-admitting the injected JobSet changes nothing and refuses nothing")
        .isInstanceOf(MutationOutcome.Unchanged.class);

    JsonNode workersOnly = yaml(header + template.formatted("w", "workers"));
    assertThat(engine().mutate(workersOnly, "lab")).isInstanceOf(MutationOutcome.Rejected.class);
  }

  @Test
  void levelsDecideWhichKindsAreMutated() {
    MutationEngine jobsOnly =
        engine(
            InjectorConfig.defaults().withPolicies(List.of("job", "jobset")),
            CacheResolver.byConvention());
    JsonNode pod =
        yaml(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                oras.converged-computing.github.io/oras-cache: cache
            spec:
              containers:
              - name: app
                image: busybox
                command: [date]
            """);
    assertThat(jobsOnly.mutate(pod, "lab")).isInstanceOf(MutationOutcome.Unchanged.class);
    assertThat(engine().mutate(pod, "lab")).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(jobsOnly.mutate(yaml(JOB), "lab")).isInstanceOf(MutationOutcome.Patched.class);
  }

  @Test
  void podCreatedFromAMutatedJobIsNotMutatedAgain() {
    JsonNode job = MutationEngineProperties.inject(yaml(JOB));
    // What the Job controller creates: the template's metadata and spec become the Pod's.
    com.fasterxml.jackson.databind.node.ObjectNode pod =
        YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    pod.set("metadata", job.at("/spec/template/metadata").deepCopy());
    ((com.fasterxml.jackson.databind.node.ObjectNode) pod.get("metadata"))
        .put("name", "step-x")
        .put("namespace", "lab");
    pod.set("spec", job.at("/spec/template/spec").deepCopy());
    assertThat(engine().mutate(pod, "lab")).isInstanceOf(MutationOutcome.Unchanged.class);
  }

  @Test
  void missingCacheIsRejectedAndRemoteOnlyCacheNeedsRegistry() {
    MutationOutcome missing =
        engine(InjectorConfig.defaults(), (ns, name) -> new CacheLookup.NotFound())
            .mutate(yaml(JOB), "lab");
    assertThat(((MutationOutcome.Rejected) missing).errors())
        .singleElement()
        .asString()
        .contains("no OrasCache of that name in namespace lab");

    CacheResolver remote = (ns, name) -> new CacheLookup.RemoteOnly(Optional.of("creds"));
    MutationOutcome noRegistry = engine(InjectorConfig.defaults(), remote).mutate(yaml(JOB), "lab");
    assertThat(((MutationOutcome.Rejected) noRegistry).errors())
        .singleElement()
        .asString()
        .contains("deploy: false");

    JsonNode withRegistry =
        yaml(
            JOB.replace(
                "annotations:",
                "annotations:\n    oras.converged-computing.github.io/registry: ghcr.io"));
    MutationOutcome patched = engine(InjectorConfig.defaults(), remote).mutate(withRegistry, "lab");
    JsonNode mutated = Patches.apply(((MutationOutcome.Patched) patched).patch(), withRegistry);
    String pull = mutated.at("/spec/template/spec/initContainers/0").toString();
    assertThat(pull)
        .contains("ghcr.io/data/in:v1")
        .contains("\"ORAS_PLAIN_HTTP\",\"value\":\"false\"")
        .contains("\"secretRef\":{\"name\":\"creds\"}");
  }

  @Test
  void missingCacheCanBeConfiguredToWarnAndAnUnreadyCacheWarns() {
    MutationEngine lenient =
        engine(
            InjectorConfig.defaults().withMissingCache(InjectorConfig.MissingCache.WARN),
            (ns, name) -> new CacheLookup.NotFound());
    MutationOutcome outcome = lenient.mutate(yaml(JOB), "lab");
    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(outcome.warnings())
        .singleElement()
        .asString()
        .contains("no OrasCache of that name in namespace lab");

    CacheResolver starting =
        (ns, name) -> new CacheLookup.Deployed("10.0.0.1:5000", name, Optional.empty(), false);
    MutationOutcome early = engine(InjectorConfig.defaults(), starting).mutate(yaml(JOB), "lab");
    assertThat(early.warnings()).singleElement().asString().contains("not Ready yet");
  }

  @Test
  void strayAnnotationsWithoutOptInWarn() {
    JsonNode job =
        yaml(
            JOB.replace(
                "oras.converged-computing.github.io/oras-cache: cache", "example.com/x: y"));
    MutationOutcome outcome = engine().mutate(job, "lab");
    assertThat(outcome).isInstanceOf(MutationOutcome.Unchanged.class);
    assertThat(outcome.warnings()).singleElement().asString().contains("have no effect without");
  }

  @Test
  void configurationErrorsAreClear() {
    assertThatThrownBy(
            () ->
                engine(
                    InjectorConfig.defaults().withPolicies(List.of("job", "job")),
                    CacheResolver.byConvention()))
        .hasMessageContaining("listed twice");
    assertThatThrownBy(
            () ->
                engine(
                    InjectorConfig.defaults().withPolicies(List.of("deployment")),
                    CacheResolver.byConvention()))
        .hasMessageContaining("unknown policy \"deployment\"")
        .hasMessageContaining("job");
    assertThatThrownBy(
            () ->
                engine(
                    InjectorConfig.defaults().withServiceMerge("steal"),
                    CacheResolver.byConvention()))
        .hasMessageContaining("unknown service merge strategy \"steal\"");
  }

  @Test
  void notAKubernetesObjectIsLeftAlone() {
    assertThat(engine().mutate(yaml("[1, 2]"), "lab"))
        .isInstanceOf(MutationOutcome.Unchanged.class);
    assertThat(engine().mutate(yaml("kind: 3"), "lab"))
        .isInstanceOf(MutationOutcome.Unchanged.class);
  }
}
