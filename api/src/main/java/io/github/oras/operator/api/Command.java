package io.github.oras.operator.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command as an argv vector: the value of the {@code entrypoint} and {@code oras-entrypoint}
 * annotations. Written either as one executable path or as a JSON array of strings; never a URL
 * (the first implementation downloaded scripts at pod start; the launcher now ships in the sidecar
 * image).
 */
public record Command(List<String> argv) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("a command needs a non-empty executable");
    }
  }

  /**
   * Parses an annotation value.
   *
   * @throws IllegalArgumentException explaining what to write instead
   */
  public static Command parse(String value) {
    String text = value.strip();
    if (URL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "a URL is no longer accepted: the launcher and the ORAS client now ship inside the"
              + " sidecar image, so nothing is downloaded at pod start; give the command to run"
              + " instead, as a path (/usr/bin/app) or a JSON array ([\"python3\", \"run.py\"])");
    }
    if (text.startsWith("[")) {
      return new Command(parseArray(text));
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "must name an executable, as a path or a JSON array of strings");
    }
    if (text.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(
          "a command with arguments must be a JSON array of strings, e.g. [\"python3\","
              + " \"run.py\"]; it is never split on spaces or run by a shell");
    }
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("must not contain NUL characters");
    }
    return new Command(List.of(text));
  }

  private static List<String> parseArray(String text) {
    JsonNode node = readSingleValue(text);
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("must be a non-empty JSON array of strings");
    }
    List<String> argv = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException(
            "every element of the JSON array must be a string, found "
                + element.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
      }
      if (element.textValue().indexOf('\0') >= 0) {
        // An argv element cannot hold NUL; the kernel would cut it short.
        throw new IllegalArgumentException(
            "element " + (argv.size() + 1) + " of the JSON array contains a NUL character");
      }
      argv.add(element.textValue());
    }
    if (argv.get(0).isEmpty()) {
      throw new IllegalArgumentException("the first element (the executable) must not be empty");
    }
    return argv;
  }

  private static JsonNode readSingleValue(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      JsonNode node = JSON.readTree(parser);
      // readTree stops after the first value; ["a"] ["b"] must not silently become ["a"].
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(
            "has text after the closing ] of the JSON array: write a single array of strings");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "starts with [ but is not a JSON array of strings: "
              + Excerpt.of(e.getOriginalMessage(), 4 * Excerpt.MAX_CHARS));
    } catch (IOException e) {
      throw new IllegalArgumentException("could not be read as a JSON array: " + e.getMessage());
    }
  }
}
