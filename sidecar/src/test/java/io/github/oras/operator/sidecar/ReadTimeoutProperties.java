package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** ORAS_READ_TIMEOUT / --read-timeout as users write it. */
class ReadTimeoutProperties {

  @Property
  void everyUnitMeansWhatItSays(@ForAll @IntRange(min = 1, max = 1440) int amount) {
    assertThat(ReadTimeout.parse(amount + "ms", "X")).isEqualTo(Duration.ofMillis(amount));
    assertThat(ReadTimeout.parse(amount + "s", "X")).isEqualTo(Duration.ofSeconds(amount));
    assertThat(ReadTimeout.parse(" " + amount + " ", "X")).isEqualTo(Duration.ofSeconds(amount));
    assertThat(ReadTimeout.parse(amount + "M", "X")).isEqualTo(Duration.ofMinutes(amount));
  }

  @Property
  void anythingElseIsRefusedNamingTheSourceAndEchoingAShortPrefix(
      @ForAll("notDurations") String value) {
    assertThatThrownBy(() -> ReadTimeout.parse(value, "ORAS_READ_TIMEOUT"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ORAS_READ_TIMEOUT=\"")
        .hasMessageContaining("such as 60s, 2m or 500ms")
        .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
  }

  @Provide
  Arbitrary<String> notDurations() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .ofMaxLength(300)
            .filter(s -> !s.strip().matches("(?i)\\d{1,9}(ms|s|m)?")),
        Arbitraries.of("0", "0s", "0ms", "1441m", "86401", "-5s", "1.5s", "1h", "60 s"));
  }
}
