package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.OutputReference.Placeholder;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

class OutputReferenceProperties {

  /** Accepted at admission means pushable at run time, whatever values the pod has. */
  @Property(tries = 2000)
  void anAcceptedTemplateExpandsToAValidReferenceForEveryPod(
      @ForAll("outputTemplates") String text,
      @ForAll("indexes") String index,
      @ForAll("podNames") String pod) {
    OutputReference output;
    try {
      output = OutputReference.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
    values.put(Placeholder.INDEX, index);
    values.put(Placeholder.POD, pod);

    ArtifactReference pushed = output.expand(values);

    assertThat(pushed.toString()).doesNotContain("{", "}");
    assertThat(pushed.tag().orElse("").length()).isLessThanOrEqualTo(128);
  }

  @Property
  void aReferenceWithoutBracesIsReadExactlyAsAnInputWouldBe(
      @ForAll @StringLength(max = 200) @Chars({'a', 'B', '0', '.', '_', '-', '/', ':', '@'})
          String text) {
    ArtifactReference input;
    try {
      input = ArtifactReference.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(() -> OutputReference.parse(text))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    OutputReference output = OutputReference.parse(text);
    assertThat(output.perPod()).isFalse();
    assertThat(output.expand(Map.of())).isEqualTo(input);
    assertThat(output.registry()).isEqualTo(input.registry());
  }

  @Property
  void arbitraryTextWithBracesIsParsedOrRefusedWithAMessage(
      @ForAll
          @StringLength(max = 300)
          @Chars({'a', '0', ':', '/', '{', '}', 'i', 'n', 'd', 'e', 'x', 'p', 'o', '-'})
          String text) {
    try {
      OutputReference.parse(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Property
  void placeholdersAreFoundWhereverTheTagHasThem(@ForAll("outputTemplates") String text) {
    try {
      OutputReference output = OutputReference.parse(text);
      assertThat(output.placeholders().contains(Placeholder.INDEX))
          .isEqualTo(text.contains("{index}"));
      assertThat(output.placeholders().contains(Placeholder.POD)).isEqualTo(text.contains("{pod}"));
    } catch (IllegalArgumentException refused) {
      // covered by the property above
    }
  }

  @Property
  void qualifyingKeepsThePlaceholders(@ForAll("outputTemplates") String text) {
    OutputReference output;
    try {
      output = OutputReference.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    OutputReference qualified = output.qualifiedWith("cache-0.cache.ns.svc.cluster.local:5000");
    assertThat(qualified.placeholders()).isEqualTo(output.placeholders());
    assertThat(OutputReference.parse(qualified.toString())).isEqualTo(qualified);
  }

  @Provide
  Arbitrary<String> outputTemplates() {
    Arbitrary<String> repository =
        Arbitraries.of("metric/lammps", "a", "results/x_y", "localhost:5000/r");
    Arbitrary<String> piece =
        Arbitraries.oneOf(
            Arbitraries.of("{index}", "{pod}", "{Index}", "{}", "{", "}", "-", ".", "_"),
            Arbitraries.strings().withChars("abcXYZ019_.-").ofMinLength(1).ofMaxLength(40));
    Arbitrary<String> tag = piece.list().ofMaxSize(6).map(list -> String.join("", list));
    return Combinators.combine(repository, tag, Arbitraries.of(":", "", ":v-"))
        .as((repo, t, separator) -> repo + separator + t);
  }

  @Provide
  Arbitrary<String> indexes() {
    Arbitrary<String> number =
        Arbitraries.integers().between(0, Integer.MAX_VALUE).map(String::valueOf);
    return Arbitraries.oneOf(number, Combinators.combine(number, number).as((a, b) -> a + "-" + b));
  }

  /** Pod names as controllers generate them: a DNS label of at most 63 characters. */
  @Provide
  Arbitrary<String> podNames() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789-")
        .ofMinLength(1)
        .ofMaxLength(63)
        .filter(name -> Character.isLetterOrDigit(name.charAt(0)))
        .filter(name -> Character.isLetterOrDigit(name.charAt(name.length() - 1)));
  }
}
