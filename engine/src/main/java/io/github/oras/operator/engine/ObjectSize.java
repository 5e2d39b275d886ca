package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The size of an object as compact JSON, which the size limit is about. Serialising the object
 * again only to count its bytes cost the webhook a tenth of its time, so a caller that received the
 * object as text passes that text's length as an upper bound ({@link #fromText}); the exact size is
 * computed only when the bound is too close to the limit to decide. Decisions and messages are
 * therefore the same as with the exact size.
 */
public final class ObjectSize {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JsonNode object;
  private final long upperBound;
  private long exact = -1;

  private ObjectSize(JsonNode object, long upperBound) {
    this.object = object;
    this.upperBound = upperBound;
  }

  /** The size of {@code object}, serialised when first needed. */
  public static ObjectSize of(JsonNode object) {
    return new ObjectSize(object, -1);
  }

  /**
   * The size of {@code object}, which was parsed from {@code text[from, to)}, bounded by that text.
   */
  public static ObjectSize fromText(JsonNode object, byte[] text, int from, int to) {
    return new ObjectSize(object, textBound(text, from, to));
  }

  /** At least the exact size; the exact size once it was computed or when there is no bound. */
  public long upperBound() {
    return exact >= 0 || upperBound < 0 ? exact() : upperBound;
  }

  /** The number of bytes of {@code object} as compact JSON (Jackson's default writer). */
  public long exact() {
    if (exact < 0) {
      exact = serializedBytes(object);
    }
    return exact;
  }

  /**
   * An upper bound of the compact serialisation of the value in {@code text[from, to)} (valid
   * JSON), or -1. The text's length bounds it, as whitespace, escapes the writer would not use and
   * duplicate keys only add bytes, with two exceptions: a character outside the Basic Multilingual
   * Plane (4 bytes of UTF-8) is written as two 6-byte escapes, and so is a lone surrogate (3
   * bytes); both are counted here. A number with a fraction or an exponent may be written longer
   * ({@code 1e3} as {@code 1000.0}): then there is no bound.
   */
  static long textBound(byte[] text, int from, int to) {
    long bound = to - from;
    boolean inString = false;
    boolean afterDigit = false;
    for (int i = from; i < to; i++) {
      int b = text[i] & 0xff;
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        } else if (b >= 0xf0) {
          bound += 12 - 4;
        } else if (b == 0xed && i + 1 < to && (text[i + 1] & 0xff) >= 0xa0) {
          bound += 6 - 3;
        }
      } else if (b == '"') {
        inString = true;
        afterDigit = false;
      } else if (b >= '0' && b <= '9') {
        afterDigit = true;
      } else if (afterDigit && (b == '.' || b == 'e' || b == 'E')) {
        return -1;
      } else {
        afterDigit = false;
      }
    }
    return bound;
  }

  /** The size of {@code node} as compact JSON, without building the text. */
  static long serializedBytes(JsonNode node) {
    CountingStream counter = new CountingStream();
    try {
      JSON.writeValue(counter, node);
    } catch (IOException e) {
      throw new UncheckedIOException("counting never fails", e);
    }
    return counter.count;
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
