package io.github.oras.operator.policies.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.ArtifactReference;
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
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobPolicyTest {
  private static final String CACHE = Annotations.qualified(Annotations.ORAS_CACHE);
  private static final String DEBUG = Annotations.qualified(Annotations.DEBUG);

  private final JobPolicy policy = new JobPolicy();

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    assertThat(ServiceLoader.load(MutationPolicy.class).stream().map(p -> p.get().name()))
        .containsExactly("job");
  }

  @Test
  void handlesJobsAndCronJobsOfBatchV1() {
    assertThat(policy.handles(GroupVersionKind.of("batch/v1", "Job"))).isTrue();
    assertThat(policy.handles(GroupVersionKind.of("batch/v1", "CronJob"))).isTrue();
    assertThat(policy.handles(GroupVersionKind.of("batch/v1beta1", "CronJob"))).isFalse();
    assertThat(policy.handles(GroupVersionKind.of("v1", "Pod"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"job.yaml", "workflow/step1.yaml", "workflow/step2.yaml"})
  void aSampleJobHasOneTemplateGovernedByTheJobsAnnotations(String sample) {
    ObjectNode job = Samples.load(sample);

    List<PodTemplate> templates = policy.podTemplates(job);

    assertThat(templates).hasSize(1);
    PodTemplate template = templates.get(0);
    assertThat(template.pointer()).isEqualTo("/spec/template");
    assertThat(JsonPointers.at(job, template.pointer()))
        .isSameAs(job.path("spec").path("template"));
    assertThat(template.annotations()).isEqualTo(Samples.annotationsOf(job));
    assertThat(SettingsParser.parse(template.annotations()))
        .isInstanceOf(ParsedSettings.Valid.class);
  }

  @Test
  void workflowStep2PullsWhatStep1Pushed() {
    CacheSettings step1 = settings(Samples.load("workflow/step1.yaml"));
    CacheSettings step2 = settings(Samples.load("workflow/step2.yaml"));

    assertThat(step1.output()).isPresent();
    assertThat(step2.inputs())
        .containsExactly(ArtifactReference.parse(step1.output().get().uri().toString()));
    assertThat(step2.output().map(output -> output.uri().toString()))
        .contains("workflow/step2:run-1");
  }

  @Test
  void theJobSampleNamesItsAppContainer() {
    ObjectNode job = Samples.load("job.yaml");
    CacheSettings settings = settings(job);

    assertThat(settings.container()).contains("compute");
    List<String> containerNames =
        job.path("spec").path("template").path("spec").path("containers").findValuesAsText("name");
    assertThat(containerNames).contains("compute");
  }

  @Test
  void templateAnnotationsWinOverTheJobs() {
    ObjectNode job = Samples.load("job.yaml");
    annotations(job).put(DEBUG, "false");
    annotations((ObjectNode) job.path("spec").path("template")).put(DEBUG, "true").put("x/y", "z");

    Map<String, String> effective = policy.podTemplates(job).get(0).annotations();

    assertThat(effective).containsEntry(DEBUG, "true");
    // Only our annotations govern a template; others are not carried along.
    assertThat(effective).doesNotContainKey("x/y");
    assertThat(effective).containsEntry(CACHE, "orascache-sample");
  }

  @Test
  void aCronJobsTemplateIsInsideItsJobTemplateAndAllThreeLevelsCount() {
    ObjectNode cronJob = cronJobAround(Samples.load("job.yaml"));
    ObjectNode jobTemplate = (ObjectNode) cronJob.path("spec").path("jobTemplate");
    ObjectNode podTemplate = (ObjectNode) jobTemplate.path("spec").path("template");
    annotations(cronJob).put(ours("level"), "cronjob").put(ours("cron-only"), "1");
    annotations(podTemplate).put(ours("level"), "pod").put(ours("pod-only"), "3");
    annotations(jobTemplate).put(ours("job-only"), "2");

    List<PodTemplate> templates = policy.podTemplates(cronJob);

    assertThat(templates).hasSize(1);
    assertThat(templates.get(0).pointer()).isEqualTo("/spec/jobTemplate/spec/template");
    assertThat(JsonPointers.at(cronJob, templates.get(0).pointer())).isSameAs(podTemplate);
    assertThat(templates.get(0).annotations())
        .containsEntry(ours("level"), "pod")
        .containsEntry(ours("cron-only"), "1")
        .containsEntry(ours("job-only"), "2")
        .containsEntry(ours("pod-only"), "3")
        .containsEntry(CACHE, "orascache-sample");
  }

  @Test
  void jobTemplateAnnotationsWinOverTheCronJobs() {
    ObjectNode cronJob = cronJobAround(Samples.load("job.yaml"));
    annotations(cronJob).put(ours("level"), "cronjob");
    annotations((ObjectNode) cronJob.path("spec").path("jobTemplate")).put(ours("level"), "job");

    assertThat(policy.podTemplates(cronJob).get(0).annotations())
        .containsEntry(ours("level"), "job");
  }

  @Test
  void missingOrIllTypedTemplatesYieldNoTemplates() {
    ObjectNode noTemplate = Samples.load("job.yaml");
    ((ObjectNode) noTemplate.path("spec")).remove("template");
    ObjectNode textTemplate = Samples.load("job.yaml");
    ((ObjectNode) textTemplate.path("spec")).put("template", "not an object");
    ObjectNode arraySpec = Samples.load("job.yaml");
    arraySpec.putArray("spec");
    ObjectNode cronJobWithoutJobTemplate = cronJobAround(Samples.load("job.yaml"));
    ((ObjectNode) cronJobWithoutJobTemplate.path("spec")).put("jobTemplate", 3);

    assertThat(policy.podTemplates(noTemplate)).isEmpty();
    assertThat(policy.podTemplates(textTemplate)).isEmpty();
    assertThat(policy.podTemplates(arraySpec)).isEmpty();
    assertThat(policy.podTemplates(cronJobWithoutJobTemplate)).isEmpty();
  }

  @Test
  void illTypedAnnotationsAreIgnoredNotFatal() {
    ObjectNode job = Samples.load("job.yaml");
    ((ObjectNode) job.path("metadata")).put("annotations", "not a map");

    assertThat(policy.podTemplates(job))
        .singleElement()
        .satisfies(t -> assertThat(t.annotations()).isEmpty());
  }

  @Test
  void otherKindsHaveNoTemplates() {
    assertThat(policy.podTemplates(Samples.load("hello-world-pod.yaml"))).isEmpty();
    assertThat(policy.podTemplates(Samples.load("jobset.yaml"))).isEmpty();
    assertThat(policy.podTemplates(Samples.YAML.createObjectNode())).isEmpty();
  }

  private CacheSettings settings(JsonNode job) {
    ParsedSettings parsed = SettingsParser.parse(policy.podTemplates(job).get(0).annotations());
    assertThat(parsed).isInstanceOf(ParsedSettings.Valid.class);
    return ((ParsedSettings.Valid) parsed).settings();
  }

  /** A CronJob whose jobTemplate is {@code job}'s metadata and spec. */
  private static ObjectNode cronJobAround(ObjectNode job) {
    ObjectNode cronJob = Samples.YAML.createObjectNode();
    cronJob.put("apiVersion", "batch/v1").put("kind", "CronJob");
    cronJob.putObject("metadata").put("name", "nightly");
    ObjectNode spec = cronJob.putObject("spec").put("schedule", "0 3 * * *");
    ObjectNode jobTemplate = spec.putObject("jobTemplate");
    jobTemplate.set("metadata", job.path("metadata").deepCopy());
    jobTemplate.set("spec", job.path("spec").deepCopy());
    return cronJob;
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
