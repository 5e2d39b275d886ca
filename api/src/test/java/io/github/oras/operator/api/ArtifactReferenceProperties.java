package io.github.oras.operator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

class ArtifactReferenceProperties {

  @Property
  void parsingTheTextOfAReferenceGivesItBack(@ForAll("references") ArtifactReference ref) {
    assertThat(ArtifactReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Property
  void aQualifiedReferenceStillRoundTrips(
      @ForAll("references") ArtifactReference ref, @ForAll("hosts") String host) {
    net.jqwik.api.Assume.that(isAcceptedHost(host));
    ArtifactReference qualified = ref.qualifiedWith(host);

    assertThat(qualified.registry()).isPresent();
    assertThat(ArtifactReference.parse(qualified.toString())).isEqualTo(qualified);
  }

  @Property
  void theQualifiedTextIsTheQualifiedReferencesText(
      @ForAll("references") ArtifactReference ref, @ForAll("hosts") String host) {
    String viaReference;
    try {
      viaReference = ref.qualifiedWith(host).toString();
    } catch (IllegalArgumentException refused) {
      assertThatThrownBy(() -> ref.qualifiedText(host))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(refused.getMessage());
      return;
    }
    assertThat(ref.qualifiedText(host)).isEqualTo(viaReference);
  }

  @Property
  void arbitraryTextIsParsedOrRefusedWithAMessage(@ForAll String text) {
    parseOrRefuse(text);
  }

  @Property
  void referenceLikeTextIsParsedOrRefusedWithAMessage(
      @ForAll
          @StringLength(max = 600)
          @net.jqwik.api.constraints.Chars({
            'a', 'B', '0', '.', '_', '-', '/', ':', '@', '[', ']', ' '
          })
          String text) {
    parseOrRefuse(text);
  }

  @Property(tries = 200)
  void longReferenceLikeTextNeverExhaustsTheStack(@ForAll("longReferenceLikeText") String text) {
    parseOrRefuse(text);
  }

  private static boolean isAcceptedHost(String host) {
    try {
      ArtifactReference.checkHost(host);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Either a reference whose text parses back to itself, or an IllegalArgumentException with a
   * message.
   */
  private static void parseOrRefuse(String text) {
    ArtifactReference ref;
    try {
      ref = ArtifactReference.parse(text);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(ArtifactReference.parse(ref.toString())).isEqualTo(ref);
  }

  /** Thousands of characters that keep one of the reference patterns matching to the end. */
  @Provide
  Arbitrary<String> longReferenceLikeText() {
    Arbitrary<String> body =
        Arbitraries.of("a", "a-", "a.", "a__", "a/", "0")
            .list()
            .ofMinSize(1_000)
            .ofMaxSize(6_000)
            .map(parts -> String.join("", parts) + "a");
    Arbitrary<String> prefix = Arbitraries.of("", "", "host.example/", "repo@sha256:", "h.");
    Arbitrary<String> suffix = Arbitraries.of("", "", ":tag", "/repo", "@sha256:" + "0".repeat(64));
    return Combinators.combine(prefix, body, suffix).as((p, b, x) -> p + b + x);
  }

  @Provide
  Arbitrary<ArtifactReference> references() {
    Arbitrary<Optional<String>> registry = hosts().optional(0.5);
    Arbitrary<String> tag =
        Combinators.combine(
                Arbitraries.strings().withChars("aZ09_").ofLength(1),
                Arbitraries.strings().withChars("aZ09_.-").ofMaxLength(127))
            .as(String::concat);
    Arbitrary<String> digest =
        Combinators.combine(
                Arbitraries.of("sha256", "sha512", "multihash+base58", "a.b_c"),
                Arbitraries.strings()
                    .withChars("0123456789abcdefABZ=_-")
                    .ofMinLength(32)
                    .ofMaxLength(128))
            .as((algorithm, hex) -> algorithm + ":" + hex);
    // Every reference the constructor accepts must survive the trip through text; the parts are
    // generated freely (single-label hosts, repositories starting with "a.b/"), so a combination
    // the text form cannot express has to be refused by the constructor, not mangled by parse.
    return Combinators.combine(registry, repository(), tag.optional(0.7), digest.optional(0.3))
        .as(ArtifactReferenceProperties::tryCreate)
        .filter(Optional::isPresent)
        .map(Optional::get);
  }

  private static Optional<ArtifactReference> tryCreate(
      Optional<String> registry, String repository, Optional<String> tag, Optional<String> digest) {
    try {
      return Optional.of(new ArtifactReference(registry, repository, tag, digest));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Arbitrary<String> repository() {
    Arbitrary<String> alnum =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("abz019").ofMinLength(1).ofMaxLength(6),
            Arbitraries.just("localhost"));
    Arbitrary<String> separator = Arbitraries.of(".", "_", "__", "-", "---");
    Arbitrary<String> component =
        Combinators.combine(
                alnum, Combinators.combine(separator, alnum).as(String::concat).list().ofMaxSize(3))
            .as((first, rest) -> first + String.join("", rest));
    return component
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(parts -> String.join("/", parts))
        .filter(r -> r.length() <= 255);
  }

  @Provide
  Arbitrary<String> hosts() {
    Arbitrary<String> label =
        Combinators.combine(
                Arbitraries.strings().withChars("aZ9").ofLength(1),
                Arbitraries.strings().withChars("aZ9-").ofMaxLength(8),
                Arbitraries.strings().withChars("aZ9").ofLength(1))
            .as((a, b, c) -> a + b + c);
    Arbitrary<String> dotted = label.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> named =
        Arbitraries.oneOf(dotted, label, Arbitraries.just("localhost"), Arbitraries.just("[::1]"));
    Arbitrary<String> port = Arbitraries.integers().between(1, 65535).map(p -> ":" + p);
    Arbitrary<String> withPort = Combinators.combine(named, port).as(String::concat);
    return Arbitraries.oneOf(named, withPort);
  }
}
