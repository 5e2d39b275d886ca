package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The pod's invocations skip picocli; they must be exactly what picocli would have built. */
class PodInvocationTest {
  private final Main main = new Main(Map.of(), new PrintStream(PrintStream.nullOutputStream()));

  @ParameterizedTest
  @ValueSource(strings = {"pull", "push", "push --pending-run"})
  void aPodInvocationIsTheCommandPicocliBuilds(String line) {
    String[] args = line.split(" ");
    Object fast = Main.podInvocation(args, main);
    CommandLine.ParseResult parsed = new CommandLine(main).parseArgs(args);
    Object slow = parsed.subcommand().commandSpec().userObject();

    assertThat(fast).isNotNull().hasSameClassAs(slow);
    assertThat(fast).usingRecursiveComparison().ignoringFields("main").isEqualTo(slow);
    assertThat(((TransportOptions) field(fast, "transport")).retries)
        .isEqualTo(TransportOptions.DEFAULT_RETRIES);
  }

  @Test
  void anythingElseGoesThroughPicocli() {
    for (String line :
        new String[] {
          "pull REF DIR", "push --debug", "pull --help", "push file ref", "--version"
        }) {
      assertThat(Main.podInvocation(line.split(" "), main)).as(line).isNull();
    }
  }

  private static Object field(Object command, String name) {
    try {
      java.lang.reflect.Field field = command.getClass().getDeclaredField(name);
      field.setAccessible(true);
      return field.get(command);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
