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
    MessageDigest digest = Digests.newSha256();
    long count = 0;
    try (FileChannel channel =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buffer = new byte[BUFFER];
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      int n;
      while ((n = body.read(buffer)) >= 0) {
        if (count + n > expectedSize) {
          throw corrupt(what, "is longer than the " + expectedSize + " bytes its manifest says");
        }
        count += n;
        digest.update(buffer, 0, n);
        wrapped.clear().limit(n);
        while (wrapped.hasRemaining()) {
          channel.write(wrapped);
        }
        received.accept(count);
      }
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
