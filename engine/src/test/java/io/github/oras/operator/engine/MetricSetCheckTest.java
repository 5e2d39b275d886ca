package io.github.oras.operator.engine;

import static io.github.oras.operator.engine.MutationEngineTest.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A MetricSet's spec.pod.annotations are checked when it is created, with the messages its JobSet
 * would get, and nothing is patched.
 */
class MetricSetCheckTest {
  private static final PolicyCatalog CATALOG =
      PolicyCatalog.discover(MetricSetCheckTest.class.getClassLoader());
  private static final MutationEngine ENGINE =
      MutationEngine.create(InjectorConfig.defaults(), CATALOG, CacheResolver.byConvention());

  private static String metricSet(String specExtra, String... annotations) {
    StringBuilder lines = new StringBuilder();
    for (String annotation : annotations) {
      lines.append("      ").append(annotation).append('\n');
    }
    return """
        apiVersion: flux-framework.org/v1alpha2
        kind: MetricSet
        metadata:
          name: lammps
        spec:
          %s
          pod:
            annotations:
        %s
          metrics:
          - name: app-lammps
        """
        .formatted(specExtra, lines);
  }

  private static final String[] VALID = {
    "oras.converged-computing.github.io/oras-cache: cache",
    "oras.converged-computing.github.io/container: launcher",
    "oras.converged-computing.github.io/output-uri: metric/lammps:iter-0",
    "oras.converged-computing.github.io/output-path: /out/lammps.out"
  };

  @Test
  void validAnnotationsAreAdmittedUnchangedWithANoteOnWhatWillHappen() {
    MutationOutcome outcome = ENGINE.mutate(yaml(metricSet("pods: 2", VALID)), "lab");

    assertThat(outcome).isInstanceOf(MutationOutcome.Checked.class);
    assertThat(((MutationOutcome.Checked) outcome).notes())
        .singleElement()
        .asString()
        .contains("copies spec.pod.annotations onto the pod templates of the JobSet")
        .contains("container launcher will push /out/lammps.out to metric/lammps:iter-0");
  }

  @Test
  void aTypoIsDeniedWithTheJobSetsMessage() {
    String jobSet =
        """
        apiVersion: jobset.x-k8s.io/v1alpha2
        kind: JobSet
        metadata:
          name: lammps
        spec:
          replicatedJobs:
          - name: l
            template:
              spec:
                template:
                  metadata:
                    annotations:
                      oras.converged-computing.github.io/oras-cache: cache
                      oras.converged-computing.github.io/ouput-uri: metric/lammps:iter-0
                  spec:
                    containers:
                    - name: launcher
                      image: x
                      command: [run]
        """;
    MutationOutcome fromMetricSet =
        ENGINE.mutate(
            yaml(
                metricSet(
                    "pods: 1",
                    VALID[0],
                    "oras.converged-computing.github.io/ouput-uri: metric/lammps:iter-0")),
            "lab");
    MutationOutcome fromJobSet = ENGINE.mutate(yaml(jobSet), "lab");

    List<String> errors = ((MutationOutcome.Rejected) fromMetricSet).errors();
    assertThat(errors).isEqualTo(((MutationOutcome.Rejected) fromJobSet).errors());
    assertThat(errors).singleElement().asString().contains("did you mean output-uri?");
  }

  @Test
  void aFixedTagOnSeveralMetricPodsIsDenied() {
    MutationOutcome outcome =
        ENGINE.mutate(
            yaml(
                metricSet(
                    "pods: 4",
                    VALID[0],
                    "oras.converged-computing.github.io/output-uri: metric/io:iter-0",
                    "oras.converged-computing.github.io/output-path: /out")),
            "lab");

    assertThat(((MutationOutcome.Rejected) outcome).errors())
        .singleElement()
        .asString()
        .contains("spec.pods=4 runs several pods")
        .contains("metric/io:iter-0-{index}");
  }

  @Test
  void aServiceNamedLikeTheCacheIsReported() {
    MutationOutcome kept = ENGINE.mutate(yaml(metricSet("serviceName: cache", VALID)), "lab");
    MutationOutcome strict =
        MutationEngine.create(
                InjectorConfig.defaults().withServiceMerge("fail-on-conflict"),
                CATALOG,
                CacheResolver.byConvention())
            .mutate(yaml(metricSet("serviceName: cache", VALID)), "lab");

    assertThat(kept.warnings()).singleElement().asString().contains("\"cache\" is the name");
    assertThat(((MutationOutcome.Rejected) strict).errors())
        .singleElement()
        .asString()
        .contains("fail-on-conflict");
  }
}
