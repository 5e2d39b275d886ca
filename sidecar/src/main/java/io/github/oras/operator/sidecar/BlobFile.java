package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Writes a blob's body to a new file, hashing the same buffer on the way (one pass, no second
 * read). Fails, leaving the caller to delete the file, unless size and digest match the descriptor;
 * a body longer than the descriptor says is refused before its excess is written.
 */
final class BlobFile {
  private static final int BUFFER = 256 * 1024;

  /** Takes each verified-so-far piece of a body ({@code length} bytes of {@code buffer}). */
  @FunctionalInterface
  interface Chunks {
    void accept(byte[] buffer, int length) throws IOException;
  }

  private BlobFile() {}

  /**
   * @param received told the running count of bytes written
   */
  static void write(
      InputStream body,
      Path target,
      String expectedDigest,
      long expectedSize,
      String what,
      LongConsumer received)
      throws IOException {
    try (FileChannel channel =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      copyVerified(
          body,
          expectedDigest,
          expectedSize,
          what,
          received,
          (buffer, length) -> {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, length);
            while (wrapped.hasRemaining()) {
              channel.write(wrapped);
            }
          });
    }
  }

  /**
   * Hands {@code body} to {@code out} piece by piece, hashing the same bytes; fails with a {@link
   * CorruptBlobException} as soon as the body is longer than {@code expectedSize}, and at its end
   * unless size and digest match.
   */
  static void copyVerified(
      InputStream body,
      String expectedDigest,
      long expectedSize,
      String what,
      LongConsumer received,
      Chunks out)
      throws IOException {
    MessageDigest digest = Digests.newSha256();
    byte[] buffer = new byte[BUFFER];
    long count = 0;
    int n;
    while ((n = body.read(buffer)) >= 0) {
      if (count + n > expectedSize) {
        throw corrupt(what, "is longer than the " + expectedSize + " bytes its manifest says");
      }
      count += n;
      digest.update(buffer, 0, n);
      out.accept(buffer, n);
      received.accept(count);
    }
    if (count != expectedSize) {
      throw corrupt(what, "ended after " + count + " of " + expectedSize + " bytes");
    }
    String actual = Digests.format(digest);
    if (!actual.equals(expectedDigest)) {
      throw corrupt(what, "has digest " + actual + " but its manifest says " + expectedDigest);
    }
  }

  private static IOException corrupt(String what, String detail) {
    return new CorruptBlobException(what + " " + detail + ": rejected");
  }
}
