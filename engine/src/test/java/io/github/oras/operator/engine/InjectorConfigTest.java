package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InjectorConfigTest {
  @TempDir Path dir;

  private InjectorConfig load(String yaml) throws Exception {
    Path file = dir.resolve("injector.yaml");
    Files.writeString(file, yaml);
    return InjectorConfig.load(file);
  }

  @Test
  void everyKeyIsReadAndAbsentKeysKeepTheirDefaults() throws Exception {
    InjectorConfig config =
        load(
            """
            policies: [job, jobset]
            serviceMerge: cache-subdomain
            sidecarImage: registry.example.com/oras-sidecar:1.2
            missingCache: warn
            sidecarMode: container
            sidecarResources:
              requests: {cpu: 50m, memory: 96Mi}
              limits: {memory: 512Mi}
            """);
    assertThat(config.policies()).containsExactly("job", "jobset");
    assertThat(config.serviceMerge()).isEqualTo("cache-subdomain");
    assertThat(config.sidecarImage()).isEqualTo("registry.example.com/oras-sidecar:1.2");
    assertThat(config.missingCache()).isEqualTo(InjectorConfig.MissingCache.WARN);
    assertThat(config.sidecarMode()).isEqualTo(InjectorConfig.SidecarMode.CONTAINER);
    assertThat(config.sidecarResources().toString())
        .isEqualTo(
            "{\"requests\":{\"cpu\":\"50m\",\"memory\":\"96Mi\"},\"limits\":{\"memory\":\"512Mi\"}}");

    InjectorConfig defaults = load("policies: [pod]\n");
    assertThat(defaults.serviceMerge()).isEqualTo("keep");
    assertThat(defaults.missingCache()).isEqualTo(InjectorConfig.MissingCache.REJECT);
    assertThat(defaults.sidecarMode()).isEqualTo(InjectorConfig.SidecarMode.NATIVE);
    assertThat(defaults.sidecarResources().toString())
        .isEqualTo(
            "{\"requests\":{\"cpu\":\"10m\",\"memory\":\"64Mi\"},\"limits\":{\"memory\":\"256Mi\"}}");
  }

  @Test
  void mistakesAreStartUpErrorsThatNameTheKeyAndValue() {
    assertThatThrownBy(() -> load("polices: [job]\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("unknown key \"polices\"");
    assertThatThrownBy(() -> load("sidecarResources:\n  limits: {memory: lots}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(
            "sidecarResources.limits.memory=\"lots\" is not a Kubernetes quantity");
    assertThatThrownBy(() -> load("sidecarResources:\n  maximum: {memory: 1Gi}\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sidecarResources.maximum");
    assertThatThrownBy(() -> load("missingCache: ignore\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ignore");
    assertThatThrownBy(() -> load("sidecarMode: sidecar\n"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sidecarMode")
        .hasMessageContaining("\"sidecar\"")
        .hasMessageContaining("native")
        .hasMessageContaining("container");
    assertThatThrownBy(() -> InjectorConfig.SidecarMode.parse("Native"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("sidecarMode \"Native\" is not a sidecar mode");
  }

  private static final String JOB =
      """
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: j
        annotations:
          oras.converged-computing.github.io/oras-cache: cache
          oras.converged-computing.github.io/output-uri: out:v1
          oras.converged-computing.github.io/output-path: out.txt
      spec:
        template:
          spec:
            containers:
            - name: app
              image: busybox
              command: [date]
      """;

  @Test
  void theInjectedContainersGetTheConfiguredResources() {
    InjectorConfig config = InjectorConfig.defaults().withPolicies(List.of("job"));
    MutationEngine engine =
        MutationEngine.create(
            config,
            PolicyCatalog.discover(InjectorConfigTest.class.getClassLoader()),
            CacheResolver.byConvention());
    MutationOutcome outcome = engine.mutate(MutationEngineTest.yaml(JOB), "lab");
    var mutated =
        Patches.apply(((MutationOutcome.Patched) outcome).patch(), MutationEngineTest.yaml(JOB));
    for (String pointer :
        List.of("/spec/template/spec/initContainers/0", "/spec/template/spec/initContainers/1")) {
      assertThat(mutated.at(pointer + "/resources")).isEqualTo(config.sidecarResources());
    }
    assertThat(mutated.at("/spec/template/spec/containers/0/resources").isMissingNode()).isTrue();
  }

  @Test
  void theReadmesConfigurationExampleShowsEveryKey() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```yaml\npolicies:");
    assertThat(start).as("the README has the configuration example").isPositive();
    String example = readme.substring(start, readme.indexOf("```", start + 3));
    for (String key : InjectorConfig.KEYS) {
      assertThat(example).as("the README's configuration example names " + key).contains(key + ":");
    }
  }

  @Test
  void anUnknownKeyIsRefusedNamingEveryKnownOne() throws Exception {
    assertThatThrownBy(() -> load("sidecarImages: x\n"))
        .hasMessageContaining("unknown key \"sidecarImages\"")
        .hasMessageContaining("known keys: " + String.join(", ", InjectorConfig.KEYS));
    assertThat(InjectorConfig.KEYS)
        .contains("policies", "serviceMerge", "sidecarMode", "parallelOutput", "sidecarResources");
  }

  @Test
  void theSpiReadsTheAnnotationsOfTheContract() {
    assertThat(io.github.oras.operator.spi.JsonPointers.ANNOTATION_PREFIX)
        .isEqualTo(io.github.oras.operator.api.Annotations.PREFIX);
  }
}
