package io.github.oras.operator.engine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON Patch as text, written while it is built: each template's operations are serialised
 * once, and the bytes written are what the size budget counts, so nothing is serialised again to
 * count it or to answer with it.
 */
final class PatchJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Grows by adding blocks, not by copying what was written; one copy at the end. */
  private final ByteArrayBuilder out = new ByteArrayBuilder(4096);

  private final JsonGenerator generator;
  private int operations;

  PatchJson() {
    try {
      generator = JSON.getFactory().createGenerator(out);
      generator.writeStartArray();
      generator.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory never fails", e);
    }
  }

  /**
   * Writes {@code ops} from index {@code from} on; returns their size counted as each operation
   * plus one separator (the budget's measure: the patch is that sum plus one bracket).
   */
  long append(ArrayNode ops, int from) {
    int before = out.size();
    try {
      for (int i = from; i < ops.size(); i++) {
        JSON.writeTree(generator, ops.get(i));
      }
      generator.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory never fails", e);
    }
    long written = out.size() - before;
    boolean first = operations == 0 && ops.size() > from;
    operations += ops.size() - from;
    // The generator writes a comma before every operation but the first of all.
    return first ? written + 1 : written;
  }

  /** The whole patch, a JSON array of the operations appended. */
  byte[] finish() {
    try {
      generator.writeEndArray();
      generator.close();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory never fails", e);
    }
    return out.toByteArray();
  }
}
