package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.MutationPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A mutation never produces an object larger than the API server stores, and finds out before it
 * builds the patch when it cannot; the inputs reach the pull container as one variable.
 */
class ObjectSizeLimitTest {
  private static final MutationEngine ENGINE =
      MutationEngine.create(
          InjectorConfig.defaults(),
          PolicyCatalog.discover(ObjectSizeLimitTest.class.getClassLoader()),
          CacheResolver.byConvention());

  static MutationEngine engine() {
    return ENGINE;
  }

  static MutationPolicy policyFor(JsonNode object) {
    return ENGINE.policyFor(GroupVersionKind.of(object).orElseThrow()).orElseThrow();
  }

  @Test
  void theInputsAreOneVariableWithOneReferencePerLine() {
    JsonNode mutated = MutationEngineProperties.inject(LargeJobSet.jobSet(1, 3));
    JsonNode env =
        mutated.at("/spec/replicatedJobs/0/template/spec/template/spec/initContainers/0/env");
    String address = "oras-0.oras.science.svc.cluster.local:5000/";
    assertThat(env.findValuesAsText("name"))
        .contains("ORAS_INPUT_URIS")
        .doesNotContain("ORAS_INPUT_URI_1");
    String list = valueOf(env, "ORAS_INPUT_URIS");
    assertThat(list.split("\n"))
        .containsExactly(
            address + "sweep/input-1:v1",
            address + "sweep/input-2:v1",
            address + "sweep/input-3:v1");
  }

  @Test
  void aJobSetThatCannotFitIsRefusedBeforeAnythingIsBuilt() {
    MutationOutcome outcome = ENGINE.mutate(LargeJobSet.jobSet(2_000, 200), "science");

    assertThat(outcome).isInstanceOf(MutationOutcome.Rejected.class);
    List<String> errors = ((MutationOutcome.Rejected) outcome).errors();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith("JobSet sweep: injecting the cache into its 2000 pod templates")
        .contains("would make it at least")
        .contains("the 1.5 MiB the API server stores per object")
        .contains("200 input references")
        .hasSizeLessThan(700);
  }

  @Test
  void aJobSetThatPassesTheLowerBoundIsStillRefusedWhileBuilding() {
    // No inputs: the lower bound is small, the real injection of 1,200 templates is not.
    MutationOutcome outcome = ENGINE.mutate(LargeJobSet.jobSet(1_200, 0), "science");

    assertThat(outcome).isInstanceOf(MutationOutcome.Rejected.class);
    assertThat(((MutationOutcome.Rejected) outcome).errors().get(0))
        .contains("1200 pod templates would make it larger than the 1.5 MiB")
        .contains("over the limit after");
  }

  @Test
  void aPatchThatFitsIsBuiltAndTheObjectStaysUnderTheLimit() {
    ObjectNode jobSet = LargeJobSet.jobSet(300, 20);
    MutationOutcome outcome = ENGINE.mutate(jobSet, "science");

    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    long patch = SizeBudget.serializedBytes(((MutationOutcome.Patched) outcome).patch());
    assertThat(SizeBudget.serializedBytes(jobSet) + patch)
        .isLessThanOrEqualTo(MutationEngine.DEFAULT_MAX_OBJECT_BYTES);
  }

  @Test
  void theLimitCanBeLowered() {
    MutationOutcome outcome =
        ENGINE.withMaxObjectBytes(128 * 1024).mutate(LargeJobSet.jobSet(300, 20), "science");
    assertThat(outcome).isInstanceOf(MutationOutcome.Rejected.class);
    assertThat(((MutationOutcome.Rejected) outcome).errors().get(0)).contains("0.1 MiB");
  }

  @Test
  void noInjectionIsSmallerThanTheLowerBound() {
    JsonNode pod =
        MutationEngineTest.yaml(
            """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              annotations:
                oras.converged-computing.github.io/oras-cache: c
            spec:
              containers:
              - {name: a, image: b, command: [c]}
            """);
    MutationOutcome outcome = ENGINE.mutate(pod, "n");
    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    assertThat(SizeBudget.serializedBytes(((MutationOutcome.Patched) outcome).patch()))
        .isGreaterThanOrEqualTo(SizeBudget.MIN_TEMPLATE_INJECTION_BYTES);
  }

  private static String valueOf(JsonNode env, String name) {
    for (JsonNode variable : env) {
      if (variable.path("name").asText().equals(name)) {
        return variable.path("value").asText();
      }
    }
    throw new AssertionError("no " + name + " in " + env);
  }
}
