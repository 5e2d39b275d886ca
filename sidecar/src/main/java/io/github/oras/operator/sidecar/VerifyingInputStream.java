package io.github.oras.operator.sidecar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob through while hashing and counting it; at its end (or on {@link #finish()}) checks
 * the size and digest the manifest promised, so corrupted or truncated content is rejected.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final String expectedDigest;
  private final long expectedSize;
  private final String what;
  private final MessageDigest digest = Digests.newSha256();
  private long count;
  private boolean verified;

  VerifyingInputStream(InputStream in, String expectedDigest, long expectedSize, String what) {
    super(in);
    if (!expectedDigest.startsWith("sha256:")) {
      throw new RegistryException(RegistryException.Kind.INVALID,
          what + " uses digest algorithm " + expectedDigest.split(":", 2)[0] + "; only sha256 is supported");
    }
    this.expectedDigest = expectedDigest;
    this.expectedSize = expectedSize;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      digest.update(b, off, n);
      count += n;
      if (count > expectedSize) {
        throw corrupt("is longer than the " + expectedSize + " bytes its manifest says");
      }
    } else if (n < 0) {
      verify();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    int read = read(buffer, 0, buffer.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what is left (e.g. tar padding after the end marker) and checks size and digest. */
  void finish() throws IOException {
    byte[] buffer = new byte[1 << 16];
    while (read(buffer, 0, buffer.length) >= 0) {
      // drain
    }
  }

  private void verify() throws IOException {
    if (verified) {
      return;
    }
    if (count != expectedSize) {
      throw corrupt("ended after " + count + " of " + expectedSize + " bytes");
    }
    String actual = Digests.format(digest);
    if (!actual.equals(expectedDigest)) {
      throw corrupt("has digest " + actual + " but its manifest says " + expectedDigest);
    }
    verified = true;
  }

  private IOException corrupt(String detail) {
    return new CorruptBlobException(what + " " + detail + ": rejected");
  }

  /** Content that does not match its descriptor. Not retried: the registry holds it so. */
  static final class CorruptBlobException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptBlobException(String message) {
      super(message);
    }
  }
}
