package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe from a producer thread (writing an archive) to a consumer (the HTTP
 * client reading an upload body). A producer failure reaches the reader as an IOException; a reader
 * that stops early (closes) makes the producer's next write fail, so neither side can hang.
 */
final class ChunkPipe {
  private static final int CHUNK = 256 * 1024;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private volatile boolean readerClosed;
  private volatile Throwable failure;

  /** The producer's end: buffered; closing it marks the end of the data. */
  OutputStream sink() {
    return new ChunkingOutputStream(CHUNK) {
      private boolean closed;

      @Override
      void emit(byte[] data) throws IOException {
        put(data);
      }

      @Override
      public void close() throws IOException {
        if (!closed) {
          closed = true;
          flushPartial();
          put(END);
        }
      }
    };
  }

  /** Called by the producer instead of closing when it failed: the reader gets the error. */
  void fail(Throwable error) {
    failure = error;
    try {
      put(END);
    } catch (IOException readerGone) {
      // nobody is reading any more
    }
  }

  /** The consumer's end. */
  InputStream source() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (position == current.length) {
          if (ended || !next()) {
            return -1;
          }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
      }

      private boolean next() throws IOException {
        try {
          byte[] chunk = queue.take();
          if (chunk == END) {
            ended = true;
            if (failure != null) {
              throw new IOException(failure.getMessage(), failure);
            }
            return false;
          }
          current = chunk;
          position = 0;
          return true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading the archive");
        }
      }

      @Override
      public void close() {
        readerClosed = true;
        queue.clear();
      }
    };
  }

  /** The reader is done (or gave up): the producer stops at its next write. */
  void closeReader() {
    readerClosed = true;
    queue.clear();
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (readerClosed || !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          throw new IOException("the upload stopped reading the archive");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the archive");
    }
  }
}
