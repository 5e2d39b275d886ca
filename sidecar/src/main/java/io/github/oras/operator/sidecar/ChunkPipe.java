package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded in-memory pipe of chunks from a producer thread to a consumer thread: an archive
 * written on one thread is the upload body the HTTP client reads ({@link #sink()}, {@link
 * #source()}), a downloaded body is unpacked on another thread ({@link BlobPipe}), the tar bytes
 * are compressed ({@link #handOff}) or gunzipped ({@link #readAhead}) on a thread of their own.
 * Memory stays bounded by a short queue. A producer failure reaches the reader as an IOException; a
 * reader that stops early or fails makes the producer's next write fail, so neither side can hang.
 */
final class ChunkPipe {
  private static final int CHUNK = 256 * 1024;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(8);
  private volatile boolean readerClosed;
  private volatile IOException readerFailure;
  private volatile Throwable failure;

  /** The producer's end: buffered; closing it marks the end of the data. */
  ChunkingOutputStream sink() {
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
          if (ended) {
            return -1;
          }
          position = 0;
          try {
            current = take();
          } catch (IOException e) {
            current = END;
            ended = true;
            throw e;
          }
          ended = current == END;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
      }

      @Override
      public void close() {
        closeReader();
      }
    };
  }

  /** The reader is done (or gave up): the producer stops at its next write. */
  void closeReader() {
    readerClosed = true;
    queue.clear();
  }

  /**
   * Writes every chunk to {@code downstream} until the end, whole chunks without copying. When
   * {@code downstream} fails, the producer's next write (or close) fails with that error.
   */
  void drainTo(OutputStream downstream) throws IOException {
    try {
      for (byte[] chunk; (chunk = take()) != END; ) {
        downstream.write(chunk);
      }
    } catch (IOException e) {
      readerFailure = e;
      closeReader();
      throw e;
    }
  }

  /**
   * An output stream whose bytes a thread named {@code name} writes to {@code downstream} (so
   * compressing runs beside producing). Closing it waits for that thread and reports its failure;
   * it does not close {@code downstream}.
   */
  static OutputStream handOff(OutputStream downstream, String name) {
    ChunkPipe pipe = new ChunkPipe();
    Thread consumer =
        new Thread(
            () -> {
              try {
                pipe.drainTo(downstream);
              } catch (IOException e) {
                // kept in readerFailure for the producer
              }
            },
            name);
    consumer.setDaemon(true);
    consumer.start();
    OutputStream sink = pipe.sink();
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        sink.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        sink.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        try {
          sink.close();
          consumer.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          consumer.interrupt();
          throw new InterruptedIOException("interrupted while handing off to " + name);
        }
        pipe.rethrowReaderFailure();
      }
    };
  }

  /**
   * Reads {@code source} to its end on a thread named {@code name}, ahead of the returned stream's
   * reader (so that, say, gunzipping runs beside parsing). The source's failure reaches the reader;
   * closing the returned stream early stops the thread at its next chunk. The thread closes {@code
   * source} when it ends, before the reader sees the end.
   */
  static InputStream readAhead(InputStream source, String name) {
    ChunkPipe pipe = new ChunkPipe();
    Thread producer =
        new Thread(
            () -> {
              try {
                // Not closed on failure: the end marker goes out only after the whole source.
                ChunkingOutputStream sink = pipe.sink();
                try (source) {
                  byte[] buffer = new byte[CHUNK];
                  for (int n; (n = source.read(buffer)) >= 0; ) {
                    sink.write(buffer, 0, n);
                  }
                }
                // The source is closed before the reader sees the end, so that a reader done with
                // the stream knows the source (a connection, a file) is released.
                sink.close();
              } catch (IOException | RuntimeException e) {
                pipe.fail(e);
              }
            },
            name);
    producer.setDaemon(true);
    producer.start();
    return pipe.source();
  }

  private byte[] take() throws IOException {
    byte[] chunk;
    try {
      chunk = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the archive");
    }
    if (chunk == END && failure != null) {
      throw new IOException(failure.getMessage(), failure);
    }
    return chunk;
  }

  private void rethrowReaderFailure() throws IOException {
    IOException e = readerFailure;
    if (e != null) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private void put(byte[] chunk) throws IOException {
    try {
      while (readerClosed || !queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
        if (readerClosed) {
          rethrowReaderFailure();
          throw new IOException("the upload stopped reading the archive");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing the archive");
    }
  }
}
