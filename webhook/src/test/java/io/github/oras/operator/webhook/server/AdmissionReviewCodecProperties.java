package io.github.oras.operator.webhook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

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

  private static List<String> warningsOf(JsonNode response) {
    return JSON.convertValue(
        response.path("warnings").isMissingNode()
            ? JSON.createArrayNode()
            : response.path("warnings"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }
}
