package io.github.oras.operator.sidecar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The part of the OCI image manifest an ORAS artifact uses, read and written with Jackson's
 * streaming parser and generator (no data binding: a tiny pull or push loads a few dozen JSON
 * classes instead of a few hundred). Reading ignores fields it does not know, as the OCI spec asks.
 */
public record OciManifest(
    String mediaType,
    String artifactType,
    Descriptor config,
    List<Descriptor> layers,
    Map<String, String> annotations) {

  static final JsonFactory JSON = new JsonFactory();

  /** The OCI digest grammar ({@code algorithm:encoded}); a digest ends up in a URL path. */
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+");

  public OciManifest {
    layers = List.copyOf(layers);
    annotations = Map.copyOf(annotations);
  }

  /**
   * A content descriptor. {@code data} is the embedded content (the empty config carries its two
   * bytes, as the ORAS CLI writes it), null when absent.
   */
  public record Descriptor(
      String mediaType, String digest, long size, Map<String, String> annotations, String data) {
    public Descriptor {
      annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public Descriptor(String mediaType, String digest, long size, Map<String, String> annotations) {
      this(mediaType, digest, size, annotations, null);
    }

    public String annotation(String key) {
      return annotations.get(key);
    }
  }

  /** The manifest as the registry gets it: schema version 2, keys in the ORAS CLI's order. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("schemaVersion", 2);
      json.writeStringField("mediaType", mediaType);
      if (artifactType != null) {
        json.writeStringField("artifactType", artifactType);
      }
      json.writeFieldName("config");
      write(json, config);
      if (!annotations.isEmpty()) {
        writeMap(json, "annotations", annotations);
      }
      json.writeArrayFieldStart("layers");
      for (Descriptor layer : layers) {
        write(json, layer);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator json, Descriptor d) throws IOException {
    json.writeStartObject();
    json.writeStringField("mediaType", d.mediaType());
    json.writeStringField("digest", d.digest());
    json.writeNumberField("size", d.size());
    if (d.data() != null) {
      json.writeStringField("data", d.data());
    }
    if (!d.annotations().isEmpty()) {
      writeMap(json, "annotations", d.annotations());
    }
    json.writeEndObject();
  }

  private static void writeMap(JsonGenerator json, String name, Map<String, String> map)
      throws IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, String> e : map.entrySet()) {
      json.writeStringField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  /**
   * Reads a manifest.
   *
   * @throws IllegalArgumentException saying what is wrong where (not JSON, a missing digest, ...)
   */
  public static OciManifest parse(byte[] body) {
    try (JsonParser json = JSON.createParser(body)) {
      expect(json, json.nextToken(), JsonToken.START_OBJECT, "the manifest");
      String mediaType = null;
      String artifactType = null;
      Descriptor config = null;
      List<Descriptor> layers = new ArrayList<>();
      Map<String, String> annotations = Map.of();
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "mediaType" -> mediaType = text(json, value, field);
          case "artifactType" -> artifactType = text(json, value, field);
          case "config" -> config = descriptor(json, value, field);
          case "annotations" -> annotations = stringMap(json, value, field);
          case "layers" -> {
            expect(json, value, JsonToken.START_ARRAY, field);
            for (int i = 0; json.nextToken() != JsonToken.END_ARRAY; i++) {
              layers.add(descriptor(json, json.currentToken(), "layers[" + i + "]"));
            }
          }
          default -> json.skipChildren();
        }
      }
      if (config == null) {
        throw new IllegalArgumentException("it has no config descriptor");
      }
      return new OciManifest(mediaType, artifactType, config, layers, annotations);
    } catch (IOException e) {
      throw new IllegalArgumentException("it is not JSON (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static Descriptor descriptor(JsonParser json, JsonToken token, String where)
      throws IOException {
    expect(json, token, JsonToken.START_OBJECT, where);
    String mediaType = null;
    String digest = null;
    long size = -1;
    Map<String, String> annotations = Map.of();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "mediaType" -> mediaType = text(json, value, where + ".mediaType");
        case "digest" -> digest = text(json, value, where + ".digest");
        case "size" -> {
          expect(json, value, JsonToken.VALUE_NUMBER_INT, where + ".size");
          size = json.getLongValue();
        }
        case "annotations" -> annotations = stringMap(json, value, where + ".annotations");
        default -> json.skipChildren();
      }
    }
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw new IllegalArgumentException(
          where
              + " has "
              + (digest == null
                  ? "no digest"
                  : "a malformed digest \"" + shortened(digest) + "\""));
    }
    if (size < 0) {
      throw new IllegalArgumentException(where + " has no size or a negative one");
    }
    return new Descriptor(mediaType, digest, size, annotations);
  }

  private static Map<String, String> stringMap(JsonParser json, JsonToken token, String where)
      throws IOException {
    expect(json, token, JsonToken.START_OBJECT, where);
    Map<String, String> map = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String key = json.currentName();
      map.put(key, text(json, json.nextToken(), where + "." + key));
    }
    return map;
  }

  private static String text(JsonParser json, JsonToken token, String where) throws IOException {
    expect(json, token, JsonToken.VALUE_STRING, where);
    return json.getText();
  }

  private static void expect(JsonParser json, JsonToken actual, JsonToken wanted, String where) {
    if (actual != wanted) {
      throw new IllegalArgumentException(
          where + " should be " + describe(wanted) + " but is " + describe(actual));
    }
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "missing";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a fractional number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }

  private static String shortened(String text) {
    return text.length() > 80 ? text.substring(0, 80) + "..." : text;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
