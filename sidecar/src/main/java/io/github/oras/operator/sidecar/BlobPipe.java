package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
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
    ChunkingOutputStream sink = pipe.sink();
    boolean[] readerGone = {false};
    try {
      BlobFile.copyVerified(
          body,
          expectedDigest,
          expectedSize,
          what,
          received,
          (buffer, length) -> {
            if (!readerGone[0]) {
              try {
                sink.write(buffer, 0, length);
              } catch (IOException e) {
                // The reader stopped (it refused the content, or failed): keep hashing for the
                // verdict.
                readerGone[0] = true;
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      pipe.fail(e);
      throw e;
    }
    if (!readerGone[0]) {
      try {
        sink.close();
      } catch (IOException e) {
        // the reader stopped after all the data was handed over: its own outcome tells
      }
    }
  }
}
