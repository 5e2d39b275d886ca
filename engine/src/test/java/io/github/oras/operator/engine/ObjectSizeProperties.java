package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The size an object is measured by, taken from the text it was read from, is its serialised size
 * (or bounds it from above), and the size limit decides and words its refusals alike either way.
 */
class ObjectSizeProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Ways another writer (the API server's Go encoder, a person) may spell the same object. */
  private static final List<ObjectWriter> OTHER_SPELLINGS =
      List.of(
          JsonMapper.builder()
              .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
              .build()
              .writer(),
          JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build().writer(),
          JsonMapper.builder()
              .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
              .build()
              .writerWithDefaultPrettyPrinter());

  @Provide
  Arbitrary<JsonNode> objects() {
    return json(3).map(value -> NODES.objectNode().set("value", value));
  }

  private static Arbitrary<JsonNode> json(int depth) {
    Arbitrary<JsonNode> leaves =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
            Arbitraries.strings().all().ofMaxLength(12).map(NODES::textNode),
            trickyText().map(NODES::textNode),
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.integers().map(NODES::numberNode),
            Arbitraries.bigIntegers().map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            Arbitraries.of(true, false).map(NODES::booleanNode),
            Arbitraries.just(NODES.nullNode()));
    if (depth == 0) {
      return leaves;
    }
    Arbitrary<JsonNode> arrays =
        json(depth - 1)
            .list()
            .ofMaxSize(4)
            .map(
                items -> {
                  ArrayNode array = NODES.arrayNode();
                  items.forEach(array::add);
                  return array;
                });
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), json(depth - 1))
            .ofMaxSize(4)
            .map(
                members -> {
                  ObjectNode object = NODES.objectNode();
                  members.forEach(object::set);
                  return object;
                });
    return Arbitraries.frequencyOf(Tuple.of(3, leaves), Tuple.of(1, arrays), Tuple.of(1, objects));
  }

  /**
   * Text whose spelling varies between writers: characters beyond the Basic Multilingual Plane (4
   * bytes raw, two 6-byte escapes by default), lone surrogates, Hangul (lead byte 0xED like
   * surrogates), escapes, controls, HTML characters the Go encoder escapes.
   */
  private static Arbitrary<String> trickyText() {
    return Arbitraries.of(
            "\uD83D\uDE00",
            "\uD800",
            "\uDFFF",
            "\uD7A3",
            "\u2028",
            "/",
            "\\",
            "\"",
            "\n",
            "\u0001",
            "\u007F",
            "<",
            ">",
            "&",
            "é",
            "x",
            "0.5")
        .list()
        .ofMaxSize(6)
        .map(pieces -> String.join("", pieces));
  }

  /** Reads {@code text} back and measures the result by its text. */
  private static ObjectSize readBack(byte[] text) throws Exception {
    return ObjectSize.fromText(JSON.readTree(text), text, 0, text.length);
  }

  @Property
  void theSizeOfCompactTextIsTheSerialisedSize(@ForAll("objects") JsonNode object)
      throws Exception {
    byte[] text = JSON.writeValueAsBytes(JSON.readTree(JSON.writeValueAsBytes(object)));
    ObjectSize size = readBack(text);

    assertThat(size.upperBound()).isEqualTo(text.length);
    assertThat(size.exact()).isEqualTo(text.length);
  }

  @Property
  void anyOtherSpellingBoundsTheSerialisedSizeFromAbove(
      @ForAll("objects") JsonNode object, @ForAll @IntRange(max = 2) int spelling)
      throws Exception {
    byte[] text = OTHER_SPELLINGS.get(spelling).writeValueAsBytes(object);
    JsonNode read = JSON.readTree(text);
    long serialised = JSON.writeValueAsBytes(read).length;
    ObjectSize size = ObjectSize.fromText(read, text, 0, text.length);

    assertThat(size.upperBound()).isGreaterThanOrEqualTo(serialised);
    assertThat(size.exact()).isEqualTo(serialised);
  }

  /**
   * Objects spelled by hand with the values whose compact JSON is longest against their text:
   * exponents ({@code 1e6} is written {@code 1000000.0}), characters beyond the Basic Multilingual
   * Plane raw (written as two escapes), lone surrogates, shortened escapes.
   */
  @Provide
  Arbitrary<byte[]> expandingTexts() {
    Arbitrary<String> token =
        Arbitraries.of(
            "1e6",
            "9E6",
            "1E+6",
            "-2e6",
            "5e-5",
            "1E400",
            "-0",
            "0.1e1",
            "\"\uD83D\uDE00\"",
            "\"\\ud800\"",
            "\"\\u0041\\/\"",
            "\"x\"",
            "true",
            "{}");
    // Mixed, or one value repeated: the longer a run of the most expanding values, the closer the
    // object comes to the bound.
    return Arbitraries.oneOf(
            token.list().ofMinSize(1).ofMaxSize(40),
            token.flatMap(t -> Arbitraries.just(t).list().ofMinSize(1).ofMaxSize(40)))
        .map(
            tokens ->
                ("{\"v\":[" + String.join(",", tokens) + "]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Property
  void noObjectIsWrittenMoreThanThreeTimesAsLongAsItsText(@ForAll("expandingTexts") byte[] text)
      throws Exception {
    ObjectSize size = readBack(text);

    assertThat(size.exact()).isLessThanOrEqualTo((long) ObjectSize.MAX_EXPANSION * text.length);
  }

  @Property
  void atMostAgreesWithTheExactSize(
      @ForAll("expandingTexts") byte[] expanding,
      @ForAll("objects") JsonNode object,
      @ForAll @IntRange(max = 3) int spelling,
      @ForAll @IntRange(max = 400) int percentOfText)
      throws Exception {
    byte[] text =
        spelling == 3 ? expanding : OTHER_SPELLINGS.get(spelling).writeValueAsBytes(object);
    long bytes = (long) text.length * percentOfText / 100;
    long exact = JSON.writeValueAsBytes(JSON.readTree(text)).length;

    assertThat(readBack(text).atMost(bytes))
        .as("%d bytes for %d", bytes, exact)
        .isEqualTo(exact <= bytes);
  }

  @Provide
  Arbitrary<Workloads.Generated> optedIn() {
    return Workloads.workload(true);
  }

  @Property
  void theLimitDecidesAndWordsItsRefusalsAsWithTheExactSize(
      @ForAll("optedIn") Workloads.Generated workload,
      @ForAll @IntRange(max = 3) int spelling,
      @ForAll @IntRange(min = 0, max = 300) int limitPercent,
      @ForAll List<@IntRange(min = 0, max = 5000) Integer> templateBytes)
      throws Exception {
    JsonNode object = workload.object();
    byte[] text =
        spelling == 3
            ? JSON.writeValueAsBytes(object)
            : OTHER_SPELLINGS.get(spelling).writeValueAsBytes(object);
    long limit = ObjectSize.serializedBytes(object) * limitPercent / 100;
    var templates = ObjectSizeLimitTest.policyFor(object).podTemplates(object);
    String kind = workload.kind();

    SizeBudget.Result exact =
        SizeBudget.start(object, ObjectSize.of(object), kind, templates, limit);
    SizeBudget.Result bounded =
        SizeBudget.start(
            object, ObjectSize.fromText(object, text, 0, text.length), kind, templates, limit);

    assertThat(bounded.refusal()).isEqualTo(exact.refusal());
    List<String> exactAdds = new ArrayList<>();
    List<String> boundedAdds = new ArrayList<>();
    for (int bytes : templateBytes) {
      exact.budget().ifPresent(b -> exactAdds.add(b.add(bytes).orElse("fits")));
      bounded.budget().ifPresent(b -> boundedAdds.add(b.add(bytes).orElse("fits")));
    }
    assertThat(boundedAdds).isEqualTo(exactAdds);
  }

  @Test
  void anObjectMeasuredByItsTextIsNotSerialisedAgain() throws Exception {
    ObjectNode pod =
        (ObjectNode)
            MutationEngineTest.yaml(
                """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                  annotations:
                    oras.converged-computing.github.io/oras-cache: c
                spec:
                  containers:
                  - {name: a, image: b, command: [c]}
                """);
    byte[] text = JSON.writeValueAsBytes(pod);
    // A value no writer can serialise, where no policy looks: measuring by serialising fails.
    pod.set("status", new POJONode(new Object()));
    MutationEngine engine = ObjectSizeLimitTest.engine();

    MutationOutcome outcome =
        engine.mutate(pod, ObjectSize.fromText(pod, text, 0, text.length), "n");

    assertThat(outcome).isInstanceOf(MutationOutcome.Patched.class);
    MutationOutcome.Patched patched = (MutationOutcome.Patched) outcome;
    assertThat(patched.json()).isEqualTo(JSON.writeValueAsBytes(patched.patch()));
  }
}
