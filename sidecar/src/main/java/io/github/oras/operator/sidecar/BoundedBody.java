package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body the client keeps in memory (a manifest, an error document, a token), read up to
 * {@link #MAX_BYTES}: a broken or hostile registry or token server cannot make the sidecar hold an
 * endless body. Blobs stream to files and are bounded by their descriptors instead.
 */
final class BoundedBody {
  /**
   * Registries may refuse manifests above 4 MiB (OCI distribution spec); nothing else is bigger.
   */
  static final int MAX_BYTES = 4 * 1024 * 1024;

  /** A body above the bound. Not retried: the server answers the same way again. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super(
          "the response body is larger than "
              + limit / (1024 * 1024)
              + " MiB; refusing to read it");
    }
  }

  private BoundedBody() {}

  /** Reads {@code in} to its end, or fails with {@link TooLarge} past {@code limit} bytes. */
  static byte[] read(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit);
    if (bytes.length == limit && in.read() >= 0) {
      throw new TooLarge(limit);
    }
    return bytes;
  }
}
