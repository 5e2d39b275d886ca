package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The scanners answer as the distribution grammar's regular expressions do, on any text. */
class ReferenceGrammarProperties {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?");

  @Property(tries = 3000)
  void repositoriesAsTheExpression(@ForAll("repositoryLike") String text) {
    assertThat(ReferenceGrammar.isRepository(text))
        .as("isRepository(\"%s\")", text)
        .isEqualTo(REPOSITORY.matcher(text).matches());
  }

  @Property(tries = 3000)
  void tagsAsTheExpression(@ForAll("tagLike") String text) {
    assertThat(ReferenceGrammar.isTag(text))
        .as("isTag(\"%s\")", text)
        .isEqualTo(TAG.matcher(text).matches());
  }

  @Property(tries = 3000)
  void hostsAsTheExpression(@ForAll("hostLike") String text) {
    assertThat(ReferenceGrammar.isHost(text))
        .as("isHost(\"%s\")", text)
        .isEqualTo(HOST.matcher(text).matches());
  }

  @Property(tries = 1000)
  void anyTextAsTheExpressions(@ForAll String text) {
    assertThat(ReferenceGrammar.isRepository(text)).isEqualTo(REPOSITORY.matcher(text).matches());
    assertThat(ReferenceGrammar.isTag(text)).isEqualTo(TAG.matcher(text).matches());
    assertThat(ReferenceGrammar.isHost(text)).isEqualTo(HOST.matcher(text).matches());
  }

  @Example
  void theGrammarsEdges() {
    for (String yes : new String[] {"a", "a/b", "a__b", "a.b_c-d", "a---b/c", "0"}) {
      assertThat(ReferenceGrammar.isRepository(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"", "A", "a/", "/a", "a//b", "a___b", "a._b", "a-", "a.-b"}) {
      assertThat(ReferenceGrammar.isRepository(no)).as(no).isFalse();
    }
    assertThat(ReferenceGrammar.isTag("x".repeat(128))).isTrue();
    assertThat(ReferenceGrammar.isTag("x".repeat(129))).isFalse();
    assertThat(ReferenceGrammar.isTag(".x")).isFalse();
    for (String yes : new String[] {"a.b", "a-b.c:5000", "[::1]:5000", "[fe80::1]", "A:1"}) {
      assertThat(ReferenceGrammar.isHost(yes)).as(yes).isTrue();
    }
    for (String no : new String[] {"", "a-", "-a", "a.", "a..b", "[]", "[::1", "a:", "a:123456"}) {
      assertThat(ReferenceGrammar.isHost(no)).as(no).isFalse();
    }
  }

  @Provide
  Arbitrary<String> repositoryLike() {
    return Arbitraries.strings().withChars("ab09._-/A:").ofMaxLength(24);
  }

  @Provide
  Arbitrary<String> tagLike() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("aZ09_.-/:").ofMaxLength(12),
        Arbitraries.strings().withChars("aZ_.-").ofMinLength(120).ofMaxLength(136));
  }

  @Provide
  Arbitrary<String> hostLike() {
    return Arbitraries.strings().withChars("aZ09-.:[]fF").ofMaxLength(20);
  }
}
