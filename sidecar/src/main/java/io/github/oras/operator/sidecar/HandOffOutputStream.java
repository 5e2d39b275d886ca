package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Passes what is written, in chunks, to another thread that writes it to {@code downstream}: so
 * compressing an archive runs beside reading the files that go into it. Memory stays bounded by a
 * short queue. Closing waits for the other thread and reports its failure; it does not close {@code
 * downstream}.
 */
final class HandOffOutputStream extends ChunkingOutputStream {
  private static final int CHUNK = 256 * 1024;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private final Thread consumer;
  private volatile IOException failure;
  private boolean closed;

  HandOffOutputStream(OutputStream downstream, String name) {
    super(CHUNK);
    consumer = new Thread(() -> drain(downstream), name);
    consumer.setDaemon(true);
    consumer.start();
  }

  private void drain(OutputStream downstream) {
    try {
      for (byte[] next; (next = queue.take()) != END; ) {
        downstream.write(next);
      }
    } catch (IOException e) {
      failure = e;
      queue.clear();
    } catch (InterruptedException e) {
      failure = new InterruptedIOException("interrupted while compressing");
    }
  }

  @Override
  void emit(byte[] data) throws IOException {
    handOff(data);
  }

  private void handOff(byte[] data) throws IOException {
    try {
      while (!queue.offer(data, 100, TimeUnit.MILLISECONDS)) {
        rethrow();
        if (!consumer.isAlive()) {
          throw new IOException("the compressing thread ended early");
        }
      }
      rethrow();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while archiving");
    }
  }

  private void rethrow() throws IOException {
    if (failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure == null) {
        flushPartial();
      }
      if (consumer.isAlive()) {
        queue.put(END);
      }
      consumer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      consumer.interrupt();
      throw new InterruptedIOException("interrupted while archiving");
    }
    rethrow();
  }
}
