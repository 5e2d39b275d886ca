package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The one-scan name check gives exactly what the regular expression and split it replaced gave: the
 * same components, or the same refusal.
 */
class EntryNamesProperties {

  @Property(tries = 3000)
  void theScanAgreesWithTheRegexAndSplit(
      @ForAll("names") String name, @ForAll("titles") String title) {
    EntryNames names = new EntryNames(title);
    assertThat(outcome(() -> names.of(name))).isEqualTo(outcome(() -> reference(names, name)));
  }

  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> any = Arbitraries.strings().withChars("/.:tCx\n\u2028").ofMaxLength(14);
    Arbitrary<String> underTitle =
        Arbitraries.strings().withChars("/.:x\n").ofMaxLength(10).map(rest -> "t/" + rest);
    Arbitrary<String> drive =
        Arbitraries.strings().withChars("/.x\n\r\u0085").ofMaxLength(6).map(rest -> "C:" + rest);
    return Arbitraries.oneOf(any, underTitle, drive);
  }

  @Provide
  Arbitrary<String> titles() {
    return Arbitraries.of("t", "t/x", "C:");
  }

  private static String outcome(java.util.function.Supplier<List<String>> parse) {
    try {
      return "ok " + parse.get();
    } catch (RegistryException e) {
      return "refused " + e.getMessage();
    }
  }

  /** The check as it was: a regular expression for drive letters, then String.split. */
  private static List<String> reference(EntryNames names, String name) {
    if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
      throw TarExtractor.refuse(name, "is an absolute path");
    }
    List<String> parts = new ArrayList<>();
    for (String part : name.split("/")) {
      if (part.equals("..")) {
        throw TarExtractor.refuse(name, "contains '..'");
      }
      if (!part.isEmpty() && !part.equals(".")) {
        parts.add(part);
      }
    }
    List<String> title = names.title();
    if (parts.size() < title.size() || !parts.subList(0, title.size()).equals(title)) {
      throw TarExtractor.refuse(
          name, "is outside the artifact's directory \"" + names.titleName() + "\"");
    }
    return List.copyOf(parts);
  }
}
