package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Hands a blob's body to a reader on another thread as it arrives (through a bounded {@link
 * ChunkPipe}), hashing the same bytes. The reader sees the end of the data only when size and
 * digest matched; otherwise it gets the {@link CorruptBlobException} (or the transfer's failure)
 * instead. When the reader stops early (it refused the content), the rest of the body is still
 * received and hashed, so that a blob whose digest is wrong is reported as that, whatever its bytes
 * did to the reader.
 */
final class BlobPipe {
  private static final int BUFFER = 256 * 1024;

  private BlobPipe() {}

  /**
   * @param received told the running count of bytes received
   */
  static void write(
      InputStream body,
      ChunkPipe pipe,
      String expectedDigest,
      long expectedSize,
      String what,
      LongConsumer received)
      throws IOException {
    try {
      transfer(body, pipe, expectedDigest, expectedSize, what, received);
    } catch (IOException | RuntimeException e) {
      pipe.fail(e);
      throw e;
    }
  }

  private static void transfer(
      InputStream body,
      ChunkPipe pipe,
      String expectedDigest,
      long expectedSize,
      String what,
      LongConsumer received)
      throws IOException {
    ChunkingOutputStream sink = pipe.sink();
    MessageDigest digest = Digests.newSha256();
    byte[] buffer = new byte[BUFFER];
    boolean readerGone = false;
    long count = 0;
    int n;
    while ((n = body.read(buffer)) >= 0) {
      if (count + n > expectedSize) {
        throw corrupt(what, "is longer than the " + expectedSize + " bytes its manifest says");
      }
      count += n;
      digest.update(buffer, 0, n);
      if (!readerGone) {
        try {
          sink.write(buffer, 0, n);
        } catch (IOException e) {
          // The reader stopped (it refused the content, or failed): keep hashing for the verdict.
          readerGone = true;
        }
      }
      received.accept(count);
    }
    if (count != expectedSize) {
      throw corrupt(what, "ended after " + count + " of " + expectedSize + " bytes");
    }
    String actual = Digests.format(digest);
    if (!actual.equals(expectedDigest)) {
      throw corrupt(what, "has digest " + actual + " but its manifest says " + expectedDigest);
    }
    if (!readerGone) {
      try {
        sink.close();
      } catch (IOException e) {
        // the reader stopped after all the data was handed over: its own outcome tells
      }
    }
  }

  private static IOException corrupt(String what, String detail) {
    return new CorruptBlobException(what + " " + detail + ": rejected");
  }
}
