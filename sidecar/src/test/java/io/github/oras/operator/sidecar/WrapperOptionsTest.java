package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The wrapper tells `push [OPTIONS]` from `push PATH REF` in the shell, so it must know every push
 * option that takes a value: a new one missing there would be taken for PATH.
 */
class WrapperOptionsTest {
  @Test
  void theWrapperSkipsTheValueOfEveryPushOptionThatTakesOne() throws Exception {
    String wrapper = Files.readString(Path.of("bin", "oras-sidecar"));
    String valueOptions =
        wrapper.lines().filter(line -> line.contains(") shift ;;")).findFirst().orElseThrow();
    CommandLine push =
        new CommandLine(new Main(java.util.Map.of(), System.err)).getSubcommands().get("push");
    for (OptionSpec option : push.getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        for (String name : option.names()) {
          assertThat(valueOptions).as("option " + name).contains(name);
        }
      }
    }
  }
}
