package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ProgressFormatTest {

  @Test
  void showsBytesTotalRateAndEta() {
    long second = 1_000_000_000L;
    assertThat(ProgressFormat.line("pushing data.bin", 256L << 20, 1L << 30, 4 * second))
        .isEqualTo("pushing data.bin  256 MiB / 1.0 GiB  64.0 MiB/s  ETA 0:12");
    assertThat(ProgressFormat.line("pulling x", 3 * 1024 + 100, -1, second))
        .isEqualTo("pulling x  3.1 KiB  3.1 KiB/s");
    assertThat(ProgressFormat.line("pulling x", 0, 100, 0))
        .isEqualTo("pulling x  0 B / 100 B  0 B/s");
    assertThat(ProgressFormat.line("done", 100, 100, second))
        .isEqualTo("done  100 B / 100 B  100 B/s");
  }

  @Test
  void sizesAndDurationsStayShort() {
    assertThat(ProgressFormat.size(1023)).isEqualTo("1023 B");
    assertThat(ProgressFormat.size(1024)).isEqualTo("1.0 KiB");
    assertThat(ProgressFormat.size((long) (99.96 * 1024 * 1024))).isEqualTo("100 MiB");
    assertThat(ProgressFormat.size(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    assertThat(ProgressFormat.duration(0.2)).isEqualTo("0:01");
    assertThat(ProgressFormat.duration(3_599)).isEqualTo("59:59");
    assertThat(ProgressFormat.duration(3_600)).isEqualTo("1:00:00");
    assertThat(ProgressFormat.duration(1e12)).isEqualTo(">99h");
    assertThat(ProgressFormat.duration(36_000)).isEqualTo("10h00m");
    assertThat(ProgressFormat.duration(100 * 3600 - 1)).isEqualTo("99h59m");
  }

  @Test
  void theLongestLineKeepsItsBound() {
    // Widest sizes and rate with an ETA of ten hours: "10:00:00" made this line 54 characters.
    long rate = 1023 * 1024;
    String line = ProgressFormat.line("pulling", rate, rate + 36_000L * rate, 1_000_000_000L);
    assertThat(line).isEqualTo("pulling  1023 KiB / 35.1 GiB  1023 KiB/s  ETA 10h00m");
    assertThat(line.length()).isLessThanOrEqualTo(7 + 2 + 8 + 3 + 8 + 2 + 10 + 2 + 4 + 7);
  }

  @Property(tries = 1000)
  void aLineIsShortWhateverTheNumbers(
      @ForAll long bytes, @ForAll long total, @ForAll @LongRange(min = 0) long elapsed) {
    String line = ProgressFormat.line("pulling", bytes, total, elapsed);
    assertThat(line).startsWith("pulling  ").doesNotContain("-").doesNotContain("\n");
    // "pulling" + sizes of at most 8 characters, a rate and an ETA of at most 7.
    assertThat(line.length()).isLessThanOrEqualTo(7 + 2 + 8 + 3 + 8 + 2 + 10 + 2 + 4 + 7);
    assertThat(line.contains("ETA"))
        .isEqualTo(total >= 0 && bytes < total && bytes > 0 && elapsed > 0);
  }

  @Property(tries = 300)
  void sizesNeverShrinkAsBytesGrow(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long a,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long b) {
    long small = Math.min(a, b);
    long large = Math.max(a, b);
    assertThat(value(ProgressFormat.size(small)))
        .isLessThanOrEqualTo(value(ProgressFormat.size(large)));
  }

  private static double value(String size) {
    String[] parts = size.split(" ");
    int unit = java.util.List.of("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB").indexOf(parts[1]);
    return Double.parseDouble(parts[0]) * Math.pow(1024, unit);
  }

  @Test
  void theLineIsRewrittenAtMostFiveTimesASecondAndEndsWithANewline() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong(0);
    ProgressLine line = new ProgressLine(err, "pulling x", 1000, now::get);
    for (int ms = 0; ms < 1000; ms++) {
      now.set(ms * 1_000_000L);
      line.accept(ms);
    }
    line.end();
    String shown = bytes.toString(StandardCharsets.UTF_8);
    // Shown at 0, 200, 400, 600 and 800 ms, and once more at the end.
    assertThat(shown.chars().filter(c -> c == '\r').count()).isEqualTo(6);
    assertThat(shown).endsWith("\n").contains("999 B / 1000 B");
  }

  @Test
  void aShorterLineCoversTheLongerOneBeforeIt() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    AtomicLong now = new AtomicLong(0);
    ProgressLine line = new ProgressLine(err, "x", -1, now::get);
    now.set(1_000_000_000L);
    line.accept(1_000_000);
    now.set(100_000_000_000L);
    line.accept(1_000_001);
    String[] shown = bytes.toString(StandardCharsets.UTF_8).split("\r");
    assertThat(shown[2].length()).isGreaterThanOrEqualTo(shown[1].length());
  }

  @Test
  void nothingIsShownWhenStderrIsNotTheProcesssOwn() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TransferProgress progress =
        ProgressLine.forStderr(new PrintStream(bytes, true, StandardCharsets.UTF_8), "x", 10);
    progress.accept(5);
    progress.end();
    assertThat(bytes.size()).isZero();
  }
}
