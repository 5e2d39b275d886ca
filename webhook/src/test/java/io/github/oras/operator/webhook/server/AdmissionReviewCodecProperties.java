package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.engine.ObjectSize;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** The answers the codec writes field by field are well-formed reviews that say what was meant. */
class AdmissionReviewCodecProperties {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AdmissionReviewCodec codec = new AdmissionReviewCodec(100);

  @Property
  void aPatchAnswerCarriesThePatchBytesInStandardBase64(
      @ForAll String uid, @ForAll byte[] patch, @ForAll @Size(max = 3) List<String> warnings)
      throws Exception {
    JsonNode review = JSON.readTree(codec.patch(uid, patch, warnings));

    assertThat(review.path("apiVersion").textValue()).isEqualTo(AdmissionReviewCodec.API_VERSION);
    assertThat(review.path("kind").textValue()).isEqualTo(AdmissionReviewCodec.KIND);
    JsonNode response = review.path("response");
    assertThat(response.path("uid").textValue()).isEqualTo(uid);
    assertThat(response.path("allowed").booleanValue()).isTrue();
    assertThat(response.path("patchType").textValue()).isEqualTo("JSONPatch");
    String base64 = response.path("patch").textValue();
    assertThat(base64).isEqualTo(Base64.getEncoder().encodeToString(patch));
    assertThat(Base64.getDecoder().decode(base64)).isEqualTo(patch);
    assertThat(warningsOf(response)).isEqualTo(warnings);
    assertThat(response.has("warnings")).isEqualTo(!warnings.isEmpty());
  }

  @Property
  void aPatchAnswerHasTheBytesOfOneGeneratorWritingThePatchInline(
      @ForAll String uid, @ForAll byte[] patch, @ForAll @Size(max = 3) List<String> warnings)
      throws Exception {
    assertThat(codec.patch(uid, patch, warnings)).isEqualTo(writtenInline(uid, patch, warnings));
  }

  /** The patch answer as one generator writes it, the base64 raw between the quotes. */
  private static byte[] writtenInline(String uid, byte[] patch, List<String> warnings)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("apiVersion", AdmissionReviewCodec.API_VERSION);
      g.writeStringField("kind", AdmissionReviewCodec.KIND);
      g.writeObjectFieldStart("response");
      g.writeStringField("uid", uid);
      g.writeBooleanField("allowed", true);
      if (!warnings.isEmpty()) {
        g.writeArrayFieldStart("warnings");
        for (String warning : warnings) {
          g.writeString(warning);
        }
        g.writeEndArray();
      }
      g.writeStringField("patchType", "JSONPatch");
      g.writeFieldName("patch");
      byte[] base64 = Base64.getEncoder().encode(patch);
      g.writeRawUTF8String(base64, 0, base64.length);
      g.writeEndObject();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Property
  void aDenialCarriesItsStatusVerbatim(
      @ForAll String uid, @ForAll int code, @ForAll String reason, @ForAll String message)
      throws Exception {
    JsonNode response =
        JSON.readTree(codec.deny(uid, code, reason, message, List.of())).path("response");

    assertThat(response.path("allowed").booleanValue()).isFalse();
    assertThat(response.has("patch")).isFalse();
    JsonNode status = response.path("status");
    assertThat(status.path("status").textValue()).isEqualTo("Failure");
    assertThat(status.path("code").intValue()).isEqualTo(code);
    assertThat(status.path("reason").textValue()).isEqualTo(reason);
    assertThat(status.path("message").textValue()).isEqualTo(message);
  }

  @Property
  void theObjectIsMeasuredByItsTextInTheReview(
      @ForAll Map<@StringLength(max = 8) String, @StringLength(max = 20) String> labels,
      @ForAll @Size(max = 5) List<Long> numbers,
      @ForAll boolean pretty)
      throws Exception {
    ObjectNode object = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Pod");
    labels.forEach(object.putObject("metadata").putObject("labels")::put);
    numbers.forEach(object.putArray("numbers")::add);
    ObjectNode review = JSON.createObjectNode();
    review
        .put("apiVersion", AdmissionReviewCodec.API_VERSION)
        .put("kind", AdmissionReviewCodec.KIND);
    review
        .putObject("request")
        .put("uid", "u")
        .put("operation", "CREATE")
        .<ObjectNode>set("object", object)
        .put("namespace", "n");
    byte[] body =
        pretty
            ? JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(review)
            : JSON.writeValueAsBytes(review);

    ObjectSize size = codec.parse(body).objectSize();

    long serialised = JSON.writeValueAsBytes(object).length;
    if (pretty) {
      assertThat(size.upperBound()).isGreaterThanOrEqualTo(serialised);
    } else {
      assertThat(size.upperBound()).isEqualTo(serialised);
    }
    assertThat(size.exact()).isEqualTo(serialised);
  }

  private static List<String> warningsOf(JsonNode response) {
    return JSON.convertValue(
        response.path("warnings").isMissingNode()
            ? JSON.createArrayNode()
            : response.path("warnings"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }
}
