package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandTest {

  @Test
  void aPathIsOneExecutable() {
    assertThat(Command.parse("/usr/bin/app").argv()).containsExactly("/usr/bin/app");
    assertThat(Command.parse("  app\n").argv()).containsExactly("app");
  }

  @Test
  void aJsonArrayIsTheArgvVerbatim() {
    assertThat(Command.parse("[\"sh\", \"-c\", \"echo $(HOME) > 'x y'\", \"\"]").argv())
        .containsExactly("sh", "-c", "echo $(HOME) > 'x y'", "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com/e.sh",
        "https://example.com/e.sh",
        "ftp://x",
        "s3://bucket/key",
        " HTTPS://EXAMPLE.COM"
      })
  void urlsAreRefusedWithTheExplanation(String url) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Command.parse(url))
        .withMessageContaining("launcher and the ORAS client now ship inside the sidecar image");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[\"\"]",
        "[1]",
        "[\"a\", null]",
        "[\"a\"",
        "[\"a\"] [\"b\"]",
        "[\"a\"] x",
        "[\"a\\u0000b\"]",
        "",
        "   ",
        "a b",
        "a\u0000b"
      })
  void malformedCommandsAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> Command.parse(text));
  }

  @Test
  void trailingTextAfterTheArrayIsNotSilentlyDropped() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Command.parse("[\"rm\"] [\"-rf\", \"/\"]"))
        .withMessageContaining("after the closing ]");
  }

  @Test
  void nonStringElementsAreNamed() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Command.parse("[\"a\", {\"b\": 1}]"))
        .withMessageContaining("must be a string, found object");
  }

  @Test
  void deeplyNestedJsonIsAnErrorNotACrash() {
    assertThatIllegalArgumentException().isThrownBy(() -> Command.parse("[".repeat(100_000)));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Command.parse("[".repeat(500) + "]".repeat(500)));
  }

  @Test
  void theConstructorNeedsAnExecutable() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Command(List.of()));
    assertThatIllegalArgumentException().isThrownBy(() -> new Command(List.of("")));
  }
}
