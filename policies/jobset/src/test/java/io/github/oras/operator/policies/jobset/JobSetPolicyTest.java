package io.github.oras.operator.policies.jobset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.CacheSettings;
import io.github.oras.operator.api.ParsedSettings;
import io.github.oras.operator.api.SettingsParser;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodTemplate;
import io.github.oras.operator.spi.testing.Samples;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class JobSetPolicyTest {
  private static final String CACHE = Annotations.qualified(Annotations.ORAS_CACHE);

  private final JobSetPolicy policy = new JobSetPolicy();

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(MutationPolicy.class).stream().map(p -> p.get().name()))
        .containsExactly("jobset");
  }

  @Test
  void handlesV1alpha2JobSetsOnly() {
    assertThat(policy.handles(GroupVersionKind.of("jobset.x-k8s.io/v1alpha2", "JobSet"))).isTrue();
    assertThat(policy.handles(GroupVersionKind.of("jobset.x-k8s.io/v1alpha1", "JobSet"))).isFalse();
    assertThat(policy.handles(GroupVersionKind.of("batch/v1", "Job"))).isFalse();
  }

  @Test
  void unrelatedAnnotationsAreSkippedAndTheJobSetsOwnMapIsSharedByItsTemplates() {
    ObjectNode jobSet = Samples.load("jobset.yaml");
    ObjectNode annotations = jobSet.with("metadata").with("annotations");
    for (int i = 0; i < 100_000; i++) {
      annotations.put("example.com/unrelated-" + i, "x");
    }
    annotations.put(CACHE, "cache");
    ArrayNode replicatedJobs = (ArrayNode) jobSet.path("spec").path("replicatedJobs");
    for (int i = 0; i < 50; i++) {
      replicatedJobs.add(replicatedJobs.get(1).deepCopy());
    }

    List<PodTemplate> templates = policy.podTemplates(jobSet);

    // Bounded work: no template map holds an unrelated key, and every template without annotations
    // of its own shares one map instead of a copy of the JobSet's 100,000 annotations.
    assertThat(templates).hasSize(52);
    assertThat(templates)
        .allSatisfy(
            t ->
                assertThat(t.annotations().keySet())
                    .allMatch(k -> k.startsWith(Annotations.PREFIX)));
    Map<String, String> shared = templates.get(1).annotations();
    assertThat(shared).containsExactly(Map.entry(CACHE, "cache"));
    assertThat(templates.subList(1, 52))
        .allSatisfy(t -> assertThat(t.annotations()).isSameAs(shared));
  }

  @Test
  void everyReplicatedJobHasATemplateAndOnlyTheAnnotatedOneOptsIn() {
    ObjectNode jobSet = Samples.load("jobset.yaml");

    List<PodTemplate> templates = policy.podTemplates(jobSet);

    assertThat(templates)
        .extracting(PodTemplate::pointer)
        .containsExactly(
            "/spec/replicatedJobs/0/template/spec/template",
            "/spec/replicatedJobs/1/template/spec/template");
    JsonNode solver = JsonPointers.at(jobSet, templates.get(0).pointer());
    assertThat(solver.path("spec").path("containers").get(0).path("name").textValue())
        .isEqualTo("solver");
    assertThat(templates.get(0).annotations()).isEqualTo(Samples.annotationsOf(solver));
    assertThat(SettingsParser.parse(templates.get(0).annotations()))
        .isInstanceOf(ParsedSettings.Valid.class);
    assertThat(templates.get(1).annotations()).isEmpty();
    assertThat(SettingsParser.parse(templates.get(1).annotations()))
        .isInstanceOf(ParsedSettings.NotRequested.class);
  }

  @Test
  void theJobSetSampleIsInTheHeadlessServiceNamedAfterIt() {
    ObjectNode jobSet = Samples.load("jobset.yaml");

    for (PodTemplate template : policy.podTemplates(jobSet)) {
      assertThat(policy.workloadSubdomain(jobSet, template)).contains("simulation");
    }
  }

  @Test
  void theMetricsOperatorsJobSetCarriesTheMetricSetsPodAnnotationsOnEveryPod() {
    ObjectNode metricSet = Samples.load("metricset-lammps.yaml");
    ObjectNode jobSet = Samples.load("jobset-from-metricset.yaml");

    List<PodTemplate> templates = policy.podTemplates(jobSet);

    assertThat(templates).hasSize(2);
    PodTemplate launcher = templates.get(0);
    assertThat(launcher.annotations())
        .isEqualTo(Samples.stringMap(metricSet.at("/spec/pod/annotations")));
    CacheSettings settings =
        ((ParsedSettings.Valid) SettingsParser.parse(launcher.annotations())).settings();
    assertThat(settings.container()).contains("launcher");
    assertThat(
            JsonPointers.at(jobSet, launcher.pointer())
                .path("spec")
                .path("containers")
                .findValuesAsText("name"))
        .contains("launcher");
    assertThat(templates.get(1).annotations()).isEqualTo(launcher.annotations());
    assertThat(policy.workloadSubdomain(jobSet, launcher)).contains("ms");
  }

  @Test
  void bothMetricSetSamplesHaveValidPodAnnotations() {
    for (String sample : List.of("metricset-lammps.yaml", "metricset-hwloc.yaml")) {
      ObjectNode metricSet = Samples.load(sample);
      assertThat(SettingsParser.parse(Samples.stringMap(metricSet.at("/spec/pod/annotations"))))
          .as(sample)
          .isInstanceOf(ParsedSettings.Valid.class);
    }
  }

  @Test
  void annotationsMergeFromJobSetThroughJobTemplateToPodTemplateInnerWinning() {
    ObjectNode jobSet = Samples.load("jobset.yaml");
    ObjectNode monitorJob = (ObjectNode) jobSet.at("/spec/replicatedJobs/1/template");
    annotations(jobSet).put(CACHE, "from-jobset").put(ours("outer"), "1");
    annotations(monitorJob).put(CACHE, "from-job").put(ours("middle"), "2");

    List<PodTemplate> templates = policy.podTemplates(jobSet);

    assertThat(templates.get(0).annotations())
        .containsEntry(CACHE, "orascache-sample")
        .containsEntry(ours("outer"), "1")
        .doesNotContainKey(ours("middle"));
    assertThat(templates.get(1).annotations())
        .containsEntry(CACHE, "from-job")
        .containsEntry(ours("outer"), "1")
        .containsEntry(ours("middle"), "2");
  }

  @Test
  void subdomainPrefersTheTemplatesThenTheNetworksThenTheJobSetsName() {
    ObjectNode jobSet = Samples.load("jobset.yaml");
    PodTemplate solver = policy.podTemplates(jobSet).get(0);
    ObjectNode network = (ObjectNode) jobSet.path("spec").path("network");

    network.put("enableDNSHostnames", false);
    assertThat(policy.workloadSubdomain(jobSet, solver)).isEmpty();

    network.remove("enableDNSHostnames");
    assertThat(policy.workloadSubdomain(jobSet, solver)).contains("simulation");

    network.put("subdomain", "mesh");
    assertThat(policy.workloadSubdomain(jobSet, solver)).contains("mesh");

    ((ObjectNode) jobSet.at(solver.pointer() + "/spec")).put("subdomain", "own");
    assertThat(policy.workloadSubdomain(jobSet, solver)).contains("own");
  }

  @Test
  void aJobSetWithoutNetworkOrNameHasNoSubdomainToReport() {
    ObjectNode jobSet = Samples.load("jobset.yaml");
    ((ObjectNode) jobSet.path("spec")).remove("network");
    ((ObjectNode) jobSet.path("metadata")).remove("name");
    PodTemplate solver = policy.podTemplates(jobSet).get(0);

    assertThat(policy.workloadSubdomain(jobSet, solver)).isEqualTo(Optional.empty());
  }

  @Test
  void illTypedReplicatedJobsYieldNoTemplates() {
    ObjectNode notAnArray = Samples.load("jobset.yaml");
    ((ObjectNode) notAnArray.path("spec")).putObject("replicatedJobs").putObject("0");
    ObjectNode missing = Samples.load("jobset.yaml");
    ((ObjectNode) missing.path("spec")).remove("replicatedJobs");

    assertThat(policy.podTemplates(notAnArray)).isEmpty();
    assertThat(policy.podTemplates(missing)).isEmpty();
  }

  @Test
  void replicatedJobsWithoutAPodTemplateAreSkippedAndTheOthersKeepTheirIndex() {
    ObjectNode jobSet = Samples.load("jobset.yaml");
    var replicatedJobs =
        (com.fasterxml.jackson.databind.node.ArrayNode) jobSet.at("/spec/replicatedJobs");
    replicatedJobs.insert(0, "not a replicated job");
    ((ObjectNode) replicatedJobs.get(1).path("template").path("spec")).put("template", 42);

    assertThat(policy.podTemplates(jobSet))
        .extracting(PodTemplate::pointer)
        .containsExactly("/spec/replicatedJobs/2/template/spec/template");
  }

  @Test
  void otherKindsHaveNoTemplates() {
    assertThat(policy.podTemplates(Samples.load("job.yaml"))).isEmpty();
    assertThat(policy.podTemplates(Samples.load("metricset-lammps.yaml"))).isEmpty();
  }

  private static ObjectNode annotations(ObjectNode object) {
    ObjectNode metadata =
        object.path("metadata").isObject()
            ? (ObjectNode) object.get("metadata")
            : object.putObject("metadata");
    return metadata.path("annotations").isObject()
        ? (ObjectNode) metadata.get("annotations")
        : metadata.putObject("annotations");
  }

  private static String ours(String name) {
    return Annotations.PREFIX + name;
  }
}
