package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SettingsParserProperties {
  private static final Pattern VALID_LIST_KEY = Pattern.compile("input-uri_[1-9][0-9]{0,8}");

  @Property
  void neverThrowsAndEveryErrorNamesAPresentOrRequiredKey(
      @ForAll("annotationMaps") Map<String, String> annotations) {
    ParsedSettings parsed = SettingsParser.parse(annotations);

    Set<String> present = shortKeys(annotations);
    if (parsed instanceof ParsedSettings.NotRequested notRequested) {
      assertThat(present).doesNotContain(Annotations.ORAS_CACHE);
      Set<String> expectedStray = new TreeSet<>(present);
      expectedStray.remove(Annotations.INJECTED);
      assertThat(notRequested.strayKeys()).containsExactlyElementsOf(expectedStray);
    } else if (parsed instanceof ParsedSettings.Invalid invalid) {
      assertThat(present).contains(Annotations.ORAS_CACHE);
      for (AnnotationError error : invalid.errors()) {
        assertThat(isPresentOrRequired(error.key(), present)).as(error.message()).isTrue();
        assertThat(error.value())
            .isEqualTo(error.value() == null ? null : valueOf(annotations, error.key()));
        assertThat(error.message())
            .startsWith(Annotations.qualified(error.key()))
            .contains(error.rule());
      }
    } else {
      ParsedSettings.Valid valid = (ParsedSettings.Valid) parsed;
      assertThat(present).allMatch(SettingsParserProperties::isKnown);
      assertThat(valid.settings().cache()).isEqualTo(valueOf(annotations, Annotations.ORAS_CACHE));
      assertThat(valid.settings().inputs())
          .hasSize(
              (int)
                  present.stream()
                      .filter(
                          k ->
                              k.equals(Annotations.INPUT_URI)
                                  || VALID_LIST_KEY.matcher(k).matches())
                      .count());
    }
  }

  @Property
  void theOrderOfTheMapDoesNotMatter(@ForAll("annotationMaps") Map<String, String> annotations) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(annotations.entrySet());
    Collections.reverse(entries);
    Map<String, String> reversed = new LinkedHashMap<>();
    entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));

    assertThat(SettingsParser.parse(reversed)).isEqualTo(SettingsParser.parse(annotations));
  }

  @Property
  void arbitraryMapsNeverThrow(@ForAll Map<String, String> any, @ForAll boolean optIn) {
    Map<String, String> annotations = new LinkedHashMap<>();
    any.forEach((k, v) -> annotations.put(optIn ? Annotations.PREFIX + k : k, v));
    if (optIn) {
      annotations.put(Annotations.qualified(Annotations.ORAS_CACHE), "c");
    }

    ParsedSettings parsed = SettingsParser.parse(annotations);

    if (parsed instanceof ParsedSettings.Invalid invalid) {
      Set<String> present = shortKeys(annotations);
      assertThat(invalid.errors()).allMatch(e -> isPresentOrRequired(e.key(), present));
    }
  }

  /**
   * A value of any length (an annotation may hold 256 KiB, a request posted directly more) is
   * echoed only as a short prefix: every message stays small.
   */
  @Property(tries = 200)
  void errorMessagesStayShortWhateverTheValues(
      @ForAll("annotationMaps") Map<String, String> annotations,
      @ForAll("longText") String longText,
      @ForAll boolean longKey) {
    Map<String, String> stretched = new LinkedHashMap<>();
    annotations.forEach((key, value) -> stretched.put(key, value + longText));
    if (longKey) {
      stretched.put(Annotations.PREFIX + longText, longText);
    }
    stretched.put(Annotations.qualified(Annotations.ORAS_CACHE), longText);

    ParsedSettings parsed = SettingsParser.parse(stretched);

    assertThat(parsed).isInstanceOf(ParsedSettings.Invalid.class);
    for (AnnotationError error : ((ParsedSettings.Invalid) parsed).errors()) {
      assertThat(error.message().length()).as(error.message()).isLessThan(MAX_MESSAGE);
    }
  }

  /** Enough for the key, a 64-character excerpt of the value and the longest rule. */
  private static final int MAX_MESSAGE = 800;

  @Provide
  Arbitrary<String> longText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMinLength(200).ofMaxLength(5_000),
        Arbitraries.integers().between(1_000, 300_000).map(n -> "a".repeat(n)),
        Arbitraries.integers().between(100, 20_000).map(n -> "[\"" + "x".repeat(n) + " \"]"),
        Arbitraries.integers()
            .between(100, 20_000)
            .map(n -> "reg.example:5000/" + "a/".repeat(n) + "b:" + "t".repeat(n)));
  }

  private static boolean isPresentOrRequired(String key, Set<String> present) {
    return present.contains(key)
        || (key.equals(Annotations.OUTPUT_PATH) && present.contains(Annotations.OUTPUT_URI))
        || (key.equals(Annotations.OUTPUT_URI) && present.contains(Annotations.OUTPUT_PATH));
  }

  private static boolean isKnown(String key) {
    return Annotations.USER_KEYS.contains(key)
        || key.equals(Annotations.INJECTED)
        || VALID_LIST_KEY.matcher(key).matches();
  }

  private static Set<String> shortKeys(Map<String, String> annotations) {
    Set<String> keys = new TreeSet<>();
    for (String name : annotations.keySet()) {
      if (name.startsWith(Annotations.PREFIX)) {
        keys.add(name.substring(Annotations.PREFIX.length()));
      }
    }
    return keys;
  }

  private static String valueOf(Map<String, String> annotations, String key) {
    return annotations.get(Annotations.qualified(key));
  }

  @Provide
  Arbitrary<Map<String, String>> annotationMaps() {
    Arbitrary<String> known = Arbitraries.of(Annotations.USER_KEYS);
    Arbitrary<String> listed =
        Arbitraries.oneOf(
                Arbitraries.integers().between(0, 30).map(String::valueOf),
                Arbitraries.of("01", "x", "", "1234567890", "-1", "1 "))
            .map(n -> Annotations.INPUT_URI + "_" + n);
    Arbitrary<String> odd =
        Arbitraries.oneOf(
            Arbitraries.of("ouput-uri", "Oras-Cache", "injected", "", "input_uri", "debug "),
            Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> shortKey =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, known),
            net.jqwik.api.Tuple.of(2, listed),
            net.jqwik.api.Tuple.of(1, odd));
    Arbitrary<String> fullKey =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(9, shortKey.map(Annotations::qualified)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.of("example.com/other", "app", Annotations.PREFIX)));
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(
                "c",
                "orascache-sample",
                "true",
                "false",
                "pancakes.txt",
                "/abs/path",
                "../up",
                "a/../b",
                "metric/lammps:iter-0",
                "localhost:5000/a/b:t",
                "UPPER",
                "registry.example.com:5000",
                "[\"python3\", \"run.py\"]",
                "[\"a\"] x",
                "https://example.com/e.sh",
                "",
                "a b",
                "[]"),
            Arbitraries.strings().ofMaxLength(20));
    Arbitrary<Map<String, String>> rest = Arbitraries.maps(fullKey, value).ofMaxSize(8);
    Arbitrary<Boolean> withCache = Arbitraries.of(true, true, true, false);
    return net.jqwik.api.Combinators.combine(rest, withCache, value)
        .as(
            (map, cache, cacheValue) -> {
              Map<String, String> annotations = new LinkedHashMap<>(map);
              if (cache) {
                annotations.put(Annotations.qualified(Annotations.ORAS_CACHE), cacheValue);
              }
              return annotations;
            });
  }
}
