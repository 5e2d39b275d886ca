package io.github.oras.operator.policies.pod;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.ParsedSettings;
import io.github.oras.operator.api.SettingsParser;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import io.github.oras.operator.spi.testing.Samples;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class PodPolicyTest {
  private final PodPolicy policy = new PodPolicy();

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(MutationPolicy.class).stream().map(p -> p.get().name()))
        .containsExactly("pod");
  }

  @Test
  void handlesCorePodsOnly() {
    assertThat(policy.handles(GroupVersionKind.of("v1", "Pod"))).isTrue();
    assertThat(policy.handles(GroupVersionKind.of("batch/v1", "Job"))).isFalse();
    assertThat(policy.handles(GroupVersionKind.of("example.com/v1", "Pod"))).isFalse();
  }

  @Test
  void aPodWithManyUnrelatedAnnotationsYieldsOnlyOurs() {
    ObjectNode pod = Samples.load("hello-world-pod.yaml");
    ObjectNode annotations = pod.with("metadata").with("annotations");
    int ours = annotations.size();
    for (int i = 0; i < 100_000; i++) {
      annotations.put("example.com/unrelated-" + i, "x");
    }

    List<PodTemplate> templates = policy.podTemplates(pod);

    assertThat(templates).hasSize(1);
    assertThat(templates.get(0).annotations()).hasSize(ours);
    assertThat(SettingsParser.parse(templates.get(0).annotations()))
        .isInstanceOf(ParsedSettings.Valid.class);
  }

  @Test
  void theHelloWorldPodIsItsOwnTemplateWithItsOwnAnnotations() {
    ObjectNode pod = Samples.load("hello-world-pod.yaml");

    List<PodTemplate> templates = policy.podTemplates(pod);

    assertThat(templates).hasSize(1);
    PodTemplate template = templates.get(0);
    assertThat(template.pointer()).isEmpty();
    assertThat(template.annotations()).isEqualTo(Samples.annotationsOf(pod));
    assertThat(template.annotations())
        .containsEntry(Annotations.qualified(Annotations.OUTPUT_PATH), "pancakes.txt");
  }

  @Test
  void theHelloWorldPodSettingsAreValid() {
    PodTemplate template = policy.podTemplates(Samples.load("hello-world-pod.yaml")).get(0);

    ParsedSettings parsed = SettingsParser.parse(template.annotations());

    assertThat(parsed).isInstanceOf(ParsedSettings.Valid.class);
    var settings = ((ParsedSettings.Valid) parsed).settings();
    assertThat(settings.cache()).isEqualTo("orascache-sample");
    assertThat(settings.output()).map(o -> o.path()).contains("pancakes.txt");
  }

  @Test
  void aPodWithoutMetadataHasOneTemplateWithoutAnnotations() {
    ObjectNode pod = Samples.YAML.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");

    assertThat(policy.podTemplates(pod)).containsExactly(new PodTemplate("", java.util.Map.of()));
  }

  @Test
  void otherKindsHaveNoTemplates() {
    assertThat(policy.podTemplates(Samples.load("job.yaml"))).isEmpty();
    assertThat(policy.podTemplates(Samples.YAML.createObjectNode())).isEmpty();
    assertThat(policy.podTemplates(Samples.YAML.createArrayNode())).isEmpty();
  }

  @Test
  void nonStringAnnotationValuesAreIgnored() {
    ObjectNode pod = Samples.load("hello-world-pod.yaml");
    ObjectNode annotations = (ObjectNode) pod.path("metadata").path("annotations");
    annotations.putObject("example.com/nested").put("a", "b");

    assertThat(policy.podTemplates(pod).get(0).annotations())
        .doesNotContainKey("example.com/nested")
        .containsKey(Annotations.qualified(Annotations.ORAS_CACHE));
  }

  @Test
  void theWorkloadSubdomainIsThePodsOwn() {
    ObjectNode pod = Samples.load("hello-world-pod.yaml");
    PodTemplate template = policy.podTemplates(pod).get(0);
    assertThat(policy.workloadSubdomain(pod, template)).isEmpty();

    ((ObjectNode) pod.path("spec")).put("subdomain", "mpi");

    assertThat(policy.workloadSubdomain(pod, template)).isEqualTo(Optional.of("mpi"));
  }
}
