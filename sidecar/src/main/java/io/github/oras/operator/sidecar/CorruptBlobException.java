package io.github.oras.operator.sidecar;

import java.io.IOException;

/**
 * Content that does not match its descriptor (size or digest). Not retried: the registry holds it
 * so.
 */
public final class CorruptBlobException extends IOException {
  private static final long serialVersionUID = 1L;

  public CorruptBlobException(String message) {
    super(message);
  }
}
