package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.OutputReference.Placeholder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputReferenceTest {

  @Test
  void placeholdersInTheTagAreKeptForThePushStep() {
    OutputReference output = OutputReference.parse("metric/lammps:iter-0-{index}");

    assertThat(output.placeholders()).containsExactly(Placeholder.INDEX);
    assertThat(output.qualifiedWith("cache-0.cache.ns.svc:5000").toString())
        .isEqualTo("cache-0.cache.ns.svc:5000/metric/lammps:iter-0-{index}");
    assertThat(output.expand(Map.of(Placeholder.INDEX, "1-3")).toString())
        .isEqualTo("metric/lammps:iter-0-1-3");
  }

  @Test
  void bothPlaceholdersMayBeUsed() {
    OutputReference output = OutputReference.parse("r:{pod}.{index}");

    assertThat(output.placeholders()).isEqualTo(Set.of(Placeholder.INDEX, Placeholder.POD));
    assertThat(output.expand(Map.of(Placeholder.INDEX, "2", Placeholder.POD, "job-2-abcde")).tag())
        .contains("job-2-abcde.2");
  }

  @Test
  void anUnknownPlaceholderIsRefusedWithTheOnesThatExist() {
    assertThatThrownBy(() -> OutputReference.parse("r:run-{rank}"))
        .hasMessageContaining("unknown placeholder {rank}")
        .hasMessageContaining("{index}")
        .hasMessageContaining("{pod}");
  }

  @Test
  void aPlaceholderOutsideTheTagIsRefused() {
    assertThatThrownBy(() -> OutputReference.parse("results/{pod}:v1"))
        .hasMessageContaining("placeholders belong in the tag");
    assertThatThrownBy(() -> OutputReference.parse("results/{pod}"))
        .hasMessageContaining("placeholders belong in the tag");
  }

  @Test
  void aTagThatCanGrowBeyond128CharactersIsRefused() {
    String fixed = "x".repeat(60);

    assertThatThrownBy(() -> OutputReference.parse("r:" + fixed + "-{pod}-{index}"))
        .hasMessageContaining("can grow to 146 characters")
        .hasMessageContaining("at most 128");
  }

  @Test
  void aTagMayNotStartWithADotEvenBeforeAPlaceholder() {
    assertThatThrownBy(() -> OutputReference.parse("r:.{index}"))
        .hasMessageContaining("tag \".{index}\" is not valid");
  }

  @Test
  void strayBracesAreRefused() {
    assertThatThrownBy(() -> OutputReference.parse("r:a{index"))
        .hasMessageContaining("not part of a placeholder");
  }

  @Test
  void expandingWithoutAValueSaysWhichPlaceholderHasNone() {
    assertThatThrownBy(() -> OutputReference.parse("r:{index}").expand(Map.of()))
        .hasMessageContaining("{index}")
        .hasMessageContaining("no value");
  }

  @Test
  void theOutputUriAnnotationAcceptsPlaceholdersAndInputsRefuseThem() {
    ParsedSettings output =
        SettingsParser.parse(
            Map.of(
                Annotations.qualified("oras-cache"), "c",
                Annotations.qualified("output-uri"), "r:{pod}",
                Annotations.qualified("output-path"), "out"));
    ParsedSettings input =
        SettingsParser.parse(
            Map.of(
                Annotations.qualified("oras-cache"), "c",
                Annotations.qualified("input-uri"), "r:{pod}"));

    assertThat(output).isInstanceOf(ParsedSettings.Valid.class);
    assertThat(((ParsedSettings.Invalid) input).errors().get(0).message())
        .startsWith(Annotations.qualified("input-uri") + "=\"r:{pod}\"")
        .contains("expanded only in " + Annotations.qualified("output-uri"));
  }

  @Test
  void thePushStepReadsTheValuesFromItsEnvironment() {
    assertThat(
            PodPlaceholderValues.fromEnvironment(
                Map.of(
                    "ORAS_POD_NAME", "sim-solver-1-2-x7k2p",
                    "ORAS_POD_INDEX_1", "1",
                    "ORAS_POD_INDEX_2", "2")))
        .isEqualTo(Map.of(Placeholder.POD, "sim-solver-1-2-x7k2p", Placeholder.INDEX, "1-2"));
    assertThat(PodPlaceholderValues.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "4")))
        .isEqualTo(Map.of(Placeholder.INDEX, "4"));
    assertThat(
            PodPlaceholderValues.fromEnvironment(
                Map.of("ORAS_POD_INDEX_1", "", "JOB_COMPLETION_INDEX", "4")))
        .isEmpty();
  }
}
