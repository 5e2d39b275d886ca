package io.github.oras.operator.localregistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A loopback TCP port that nothing listens on at the time of the call. */
public final class FreePort {
  private FreePort() {}

  /**
   * Asks the kernel for an ephemeral port on the loopback address and releases it at once; the
   * caller binds it next (another process could take it in between, which the kernel's ephemeral
   * rotation makes unlikely).
   */
  public static int loopback() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
