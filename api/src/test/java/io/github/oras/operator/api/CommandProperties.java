package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import net.jqwik.api.constraints.Size;

class CommandProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property
  void aJsonArrayOfStringsIsTheArgvExactly(
      @ForAll @NotEmpty String executable, @ForAll @Size(max = 8) List<String> args)
      throws JsonProcessingException {
    Assume.that(executable.indexOf('\0') < 0 && args.stream().noneMatch(a -> a.indexOf('\0') >= 0));
    List<String> argv = new ArrayList<>();
    argv.add(executable);
    argv.addAll(args);

    assertThat(Command.parse(JSON.writeValueAsString(argv)).argv()).isEqualTo(argv);
    assertThat(Command.parse(" \n" + JSON.writeValueAsString(argv) + "\t").argv()).isEqualTo(argv);
  }

  @Property
  void aNulCharacterAnywhereIsRefused(
      @ForAll @Size(min = 1, max = 5) List<@NotEmpty String> argv, @ForAll int at)
      throws JsonProcessingException {
    List<String> withNul = new ArrayList<>(argv);
    int index = Math.floorMod(at, withNul.size());
    withNul.set(index, withNul.get(index) + "\0");

    assertThatIllegalArgumentException()
        .isThrownBy(() -> Command.parse(JSON.writeValueAsString(withNul)));
  }

  @Property
  void anyTextIsACommandOrRefusedWithAMessage(@ForAll String text) {
    try {
      Command command = Command.parse(text);
      assertThat(command.argv()).isNotEmpty();
      assertThat(command.argv().get(0)).isNotEmpty();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property
  void aSingleWordIsItsOwnExecutable(@ForAll @NotEmpty String word) {
    Assume.that(
        !word.startsWith("[")
            && word.indexOf('\0') < 0
            && !word.contains("://")
            && word.strip().equals(word));
    Assume.that(word.chars().noneMatch(Character::isWhitespace));

    assertThat(Command.parse(word).argv()).containsExactly(word);
  }
}
