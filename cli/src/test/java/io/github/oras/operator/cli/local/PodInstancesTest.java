package io.github.oras.operator.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pods a workload's controller would make, with the labels the engine's policies read. */
class PodInstancesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void anIndexedJobMakesCompletionsPodsEachWithItsIndex() throws Exception {
    JsonNode job =
        YAML.readTree(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: sweep}
            spec:
              completions: 3
              parallelism: 1
              completionMode: Indexed
              template:
                metadata: {labels: {team: blue}}
                spec: {containers: [{name: app}]}
            """);
    List<PodIdentity> pods = PodInstances.of(job, "/spec/template", "ns", "unused");
    assertThat(pods).extracting(PodIdentity::name).containsExactly("sweep-0", "sweep-1", "sweep-2");
    PodIdentity second = pods.get(1);
    assertThat(second.annotations()).containsEntry("batch.kubernetes.io/job-completion-index", "1");
    assertThat(second.labels())
        .containsEntry("batch.kubernetes.io/job-completion-index", "1")
        .containsEntry("job-name", "sweep")
        .containsEntry("team", "blue");
    assertThat(second.controllerEnv()).containsEntry("JOB_COMPLETION_INDEX", "1");
    assertThat(second.namespace()).isEqualTo("ns");
  }

  @Test
  void aPlainJobMakesOnePodNamedAfterIt() throws Exception {
    JsonNode job =
        YAML.readTree(
            """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: step1}
            spec: {template: {spec: {containers: [{name: app}]}}}
            """);
    List<PodIdentity> pods = PodInstances.of(job, "/spec/template", "ns", "unused");
    assertThat(pods).extracting(PodIdentity::name).containsExactly("step1");
    assertThat(pods.get(0).controllerEnv()).isEmpty();
  }

  @Test
  void aJobSetMakesReplicasIndexedJobsLabelledAsJobSetLabelsThem() throws Exception {
    JsonNode jobSet =
        YAML.readTree(
            """
            apiVersion: jobset.x-k8s.io/v1alpha2
            kind: JobSet
            metadata: {name: sim}
            spec:
              replicatedJobs:
                - name: first
                  replicas: 1
                  template: {spec: {template: {spec: {containers: [{name: a}]}}}}
                - name: workers
                  replicas: 2
                  template:
                    spec:
                      completions: 2
                      parallelism: 2
                      template: {spec: {containers: [{name: w}]}}
            """);
    List<PodIdentity> pods =
        PodInstances.of(jobSet, "/spec/replicatedJobs/1/template/spec/template", "ns", "unused");
    assertThat(pods)
        .extracting(PodIdentity::name)
        .containsExactly(
            "sim-workers-0-0", "sim-workers-0-1", "sim-workers-1-0", "sim-workers-1-1");
    PodIdentity last = pods.get(3);
    assertThat(last.labels())
        .containsEntry("jobset.sigs.k8s.io/jobset-name", "sim")
        .containsEntry("jobset.sigs.k8s.io/replicatedjob-name", "workers")
        .containsEntry("jobset.sigs.k8s.io/job-index", "1")
        .containsEntry("jobset.sigs.k8s.io/job-global-index", "2")
        .containsEntry("batch.kubernetes.io/job-completion-index", "1");
    assertThat(last.annotations()).containsEntry("jobset.sigs.k8s.io/job-index", "1");
  }
}
