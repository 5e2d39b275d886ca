package io.github.oras.operator.sidecar;

import java.io.IOException;

/**
 * No byte moved in either direction for the idle-read limit; worth retrying on a new connection.
 */
final class StalledTransferException extends IOException {
  private static final long serialVersionUID = 1L;

  StalledTransferException(String message) {
    super(message);
  }
}
