package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects what is written into fixed-size chunks and hands each full chunk to {@link #emit}; the
 * last, partial chunk goes out on {@link #flushPartial()}. Each chunk is a fresh array, so the
 * receiver may keep it (another thread reads it later).
 */
abstract class ChunkingOutputStream extends OutputStream {
  private final int size;
  private byte[] chunk;
  private int filled;

  ChunkingOutputStream(int size) {
    this.size = size;
    this.chunk = new byte[size];
  }

  /** Receives a chunk this stream will not touch again. */
  abstract void emit(byte[] data) throws IOException;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, size - filled);
      System.arraycopy(b, off, chunk, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == size) {
        emit(chunk);
        chunk = new byte[size];
        filled = 0;
      }
    }
  }

  /** Writes what {@code buffer} has left, straight into the chunks (no intermediate array). */
  void write(java.nio.ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      int n = Math.min(buffer.remaining(), size - filled);
      buffer.get(chunk, filled, n);
      filled += n;
      if (filled == size) {
        emit(chunk);
        chunk = new byte[size];
        filled = 0;
      }
    }
  }

  /** Emits what was written since the last full chunk, if anything. */
  void flushPartial() throws IOException {
    if (filled > 0) {
      byte[] rest = Arrays.copyOf(chunk, filled);
      filled = 0;
      emit(rest);
    }
  }
}
