package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The size of an object as compact JSON, which the size limit is about. Serialising the object
 * again only to count its bytes cost the webhook a tenth of its time, so a caller that received the
 * object as text passes that text ({@link #fromText}): its length bounds the size, and the text is
 * scanned for a closer bound, and the exact size computed, only when the looser bound is too close
 * to the limit to decide. Decisions and messages are therefore the same as with the exact size.
 */
public final class ObjectSize {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * No value's compact JSON is more than three times as long as any valid spelling of it: a
   * character beyond the Basic Multilingual Plane (4 bytes of UTF-8) becomes two 6-byte escapes,
   * {@code 1e6} becomes {@code 1000000.0}; everything else is at most twice as long, and
   * whitespace, escapes the writer does not use and duplicate keys only shrink it.
   */
  static final int MAX_EXPANSION = 3;

  private final JsonNode object;
  private final byte[] text;
  private final int from;
  private final int to;
  private long scanned = -2;
  private long exact = -1;

  private ObjectSize(JsonNode object, byte[] text, int from, int to) {
    this.object = object;
    this.text = text;
    this.from = from;
    this.to = to;
  }

  /** The size of {@code object}, serialised when first needed. */
  public static ObjectSize of(JsonNode object) {
    return new ObjectSize(object, null, 0, 0);
  }

  /**
   * The size of {@code object}, which was parsed from {@code text[from, to)}, bounded by that text.
   */
  public static ObjectSize fromText(JsonNode object, byte[] text, int from, int to) {
    return new ObjectSize(object, text, from, to);
  }

  /**
   * Whether the object's compact JSON has at most {@code bytes} bytes. Cheapest answer first: the
   * length of the text it was read from times {@link #MAX_EXPANSION} (an object far below a limit,
   * the usual case, is settled without reading its text again), then the bound the text gives when
   * scanned, then the exact size.
   */
  public boolean atMost(long bytes) {
    if (exact >= 0) {
      return exact <= bytes;
    }
    if (text != null && (long) MAX_EXPANSION * (to - from) <= bytes) {
      return true;
    }
    return upperBound() <= bytes || exact() <= bytes;
  }

  /** At least the exact size; the exact size once it was computed or when there is no bound. */
  public long upperBound() {
    if (scanned == -2) {
      scanned = text == null ? -1 : textBound(text, from, to);
    }
    return exact >= 0 || scanned < 0 ? exact() : scanned;
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
