package io.github.oras.operator.webhook.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.engine.ObjectSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads AdmissionReview requests and writes AdmissionReview responses ({@code admission.k8s.io/v1}
 * only). Every way a body can be wrong becomes a {@link BadReview} whose message says what is
 * wrong, never a parser's stack trace.
 */
public final class AdmissionReviewCodec {
  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";
  private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE", "CONNECT");

  private final ObjectMapper json;
  private final int maxNestingDepth;

  public AdmissionReviewCodec(int maxNestingDepth) {
    this.maxNestingDepth = maxNestingDepth;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(maxNestingDepth).build())
            .build();
    this.json = new ObjectMapper(factory);
  }

  /**
   * A request body that is not an AdmissionReview the server can answer; the message is for the
   * client.
   */
  public static final class BadReview extends Exception {
    private static final long serialVersionUID = 1L;

    BadReview(String message) {
      super(message, null, false, false);
    }
  }

  public AdmissionRequest parse(byte[] body) throws BadReview {
    ObjectSpan span = new ObjectSpan();
    JsonNode review = readTree(body, span);
    if (!review.isObject()) {
      throw new BadReview(
          "the body must be a JSON object (an AdmissionReview), got "
              + review.getNodeType().toString().toLowerCase());
    }
    String apiVersion = review.path("apiVersion").asText("");
    if (!API_VERSION.equals(apiVersion)) {
      throw new BadReview(
          "apiVersion must be "
              + API_VERSION
              + ", got \""
              + apiVersion
              + "\"; set admissionReviewVersions: [v1] in the webhook configuration");
    }
    if (!KIND.equals(review.path("kind").asText(""))) {
      throw new BadReview(
          "kind must be " + KIND + ", got \"" + review.path("kind").asText("") + "\"");
    }
    JsonNode request = review.path("request");
    if (!request.isObject()) {
      throw new BadReview("the AdmissionReview has no request object");
    }
    JsonNode object = object(request);
    return new AdmissionRequest(
        requiredText(request, "uid"),
        request.path("kind").path("kind").asText(""),
        operation(request),
        request.path("namespace").asText(""),
        request.path("dryRun").asBoolean(false),
        object,
        span.node == object
            ? ObjectSize.fromText(object, body, span.from, span.to)
            : ObjectSize.of(object));
  }

  /** Where in the body the value of {@code request.object} was (the last one, as in the tree). */
  private static final class ObjectSpan {
    JsonNode node;
    int from;
    int to;
  }

  /**
   * The review as a tree, as {@code ObjectMapper.readTree} reads it, except that the top two levels
   * are walked here to note the byte span of {@code request.object}: its length bounds the object's
   * size, which then need not be serialised again to be measured.
   */
  private JsonNode readTree(byte[] body, ObjectSpan span) throws BadReview {
    if (body.length == 0) {
      throw new BadReview("the body is empty; expected an AdmissionReview JSON object");
    }
    try (JsonParser parser = json.getFactory().createParser(body)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BadReview("the body is empty; expected an AdmissionReview JSON object");
      }
      if (first != JsonToken.START_OBJECT) {
        return json.readTree(parser);
      }
      ObjectNode review = json.createObjectNode();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        review.set(
            field,
            field.equals("request") && value == JsonToken.START_OBJECT
                ? readRequest(parser, span)
                : json.readTree(parser));
      }
      return review;
    } catch (StreamConstraintsException e) {
      throw new BadReview(
          "the JSON body nests deeper than the limit of " + maxNestingDepth + " levels");
    } catch (JsonProcessingException e) {
      throw new BadReview(
          "the body is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadReview("the body could not be read as JSON: " + e.getMessage());
    }
  }

  private ObjectNode readRequest(JsonParser parser, ObjectSpan span) throws IOException {
    ObjectNode request = json.createObjectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      parser.nextToken();
      long from = parser.currentTokenLocation().getByteOffset();
      JsonNode value = json.readTree(parser);
      if (field.equals("object")) {
        span.node = value;
        span.from = (int) from;
        span.to = (int) parser.currentLocation().getByteOffset();
      }
      request.set(field, value);
    }
    return request;
  }

  private static String requiredText(JsonNode request, String field) throws BadReview {
    JsonNode value = request.path(field);
    if (!value.isTextual() || value.textValue().isEmpty()) {
      throw new BadReview("request." + field + " is missing or not a non-empty string");
    }
    return value.textValue();
  }

  private static String operation(JsonNode request) throws BadReview {
    String operation = request.path("operation").asText("");
    if (!OPERATIONS.contains(operation)) {
      throw new BadReview(
          "request.operation must be one of CREATE, UPDATE, DELETE, CONNECT, got \""
              + operation
              + "\"");
    }
    return operation;
  }

  private static JsonNode object(JsonNode request) throws BadReview {
    JsonNode object = request.path("object");
    if ("CREATE".equals(request.path("operation").asText()) && !object.isObject()) {
      throw new BadReview("request.object is missing or not a JSON object in a CREATE request");
    }
    return object;
  }

  /** {@code allowed: true}, nothing changed. */
  public byte[] allow(String uid, List<String> warnings) {
    return write(uid, true, warnings, null, null);
  }

  /**
   * {@code allowed: true} with a base64 JSON Patch, encoded straight into the answer (no
   * intermediate string or tree).
   */
  public byte[] patch(String uid, byte[] patchJson, List<String> warnings) {
    return write(uid, true, warnings, patchJson, null);
  }

  /** {@code allowed: false} with a Status the API server shows to the user (e.g. in kubectl). */
  public byte[] deny(String uid, int code, String reason, String message, List<String> warnings) {
    return write(uid, false, warnings, null, new Status(code, reason, message));
  }

  private record Status(int code, String reason, String message) {}

  /**
   * The review, written field by field: the same JSON the tree of earlier versions gave, without
   * building the tree. For a patch the generator writes the review around an empty {@code patch}
   * string (searched for from a position past the uid and warnings, which cannot be mistaken for
   * it) and the base64 goes between its quotes: two answer-sized arrays per review (the base64 and
   * the answer) instead of three.
   */
  private byte[] write(
      String uid, boolean allowed, List<String> warnings, byte[] patchJson, Status status) {
    ByteArrayBuilder out = new ByteArrayBuilder(512);
    int patchAt = -1;
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("apiVersion", API_VERSION);
      g.writeStringField("kind", KIND);
      g.writeObjectFieldStart("response");
      g.writeStringField("uid", uid);
      g.writeBooleanField("allowed", allowed);
      if (!warnings.isEmpty()) {
        g.writeArrayFieldStart("warnings");
        for (String warning : warnings) {
          g.writeString(warning);
        }
        g.writeEndArray();
      }
      if (patchJson != null) {
        g.writeStringField("patchType", "JSONPatch");
        g.flush();
        patchAt = out.size();
        g.writeStringField("patch", "");
      }
      if (status != null) {
        g.writeObjectFieldStart("status");
        g.writeStringField("status", "Failure");
        g.writeNumberField("code", status.code());
        g.writeStringField("reason", status.reason());
        g.writeStringField("message", status.message());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory never fails", e);
    }
    byte[] frame = out.toByteArray();
    return patchJson == null
        ? frame
        : withPatch(frame, emptyPatchAt(frame, patchAt) + EMPTY_PATCH.length - 1, patchJson);
  }

  private static final byte[] EMPTY_PATCH = "\"patch\":\"\"".getBytes(StandardCharsets.US_ASCII);

  /** Where the empty patch field starts, looking from {@code from} on. */
  private static int emptyPatchAt(byte[] frame, int from) {
    for (int i = from; i <= frame.length - EMPTY_PATCH.length; i++) {
      if (Arrays.equals(frame, i, i + EMPTY_PATCH.length, EMPTY_PATCH, 0, EMPTY_PATCH.length)) {
        return i;
      }
    }
    throw new IllegalStateException("the generator wrote no empty patch field");
  }

  /**
   * {@code frame} with the base64 of {@code patchJson} at {@code at}. The JDK's encoder is several
   * times faster than the generator's own; its output is ASCII that needs no escaping.
   */
  private static byte[] withPatch(byte[] frame, int at, byte[] patchJson) {
    byte[] base64 = Base64.getEncoder().encode(patchJson);
    byte[] answer = new byte[frame.length + base64.length];
    System.arraycopy(frame, 0, answer, 0, at);
    System.arraycopy(base64, 0, answer, at, base64.length);
    System.arraycopy(frame, at, answer, at + base64.length, frame.length - at);
    return answer;
  }
}
