package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oras-operator pull} speaks TLS to any registry but a loopback one: a real socket on this
 * machine's non-loopback address records the first bytes the command sends.
 */
class PullTransportIT {
  /** The first byte of a TLS handshake record. */
  static final int TLS_HANDSHAKE = 0x16;

  @TempDir Path tmp;

  @Test
  void aRemoteRegistryIsPulledOverTlsByDefault() throws Exception {
    FirstBytes first = FirstBytes.listen(nonLoopbackAddress());
    CommandRun run =
        CommandRun.of(
            "pull",
            "--retries",
            "0",
            first.host() + "/team/results:v1",
            tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(first.get()).as("a TLS ClientHello, not plain HTTP").isEqualTo(TLS_HANDSHAKE);
    assertThat(run.err()).contains("TLS failed").doesNotContain("\tat ");
  }

  @Test
  void plainHttpToARemoteRegistryMustBeAskedFor() throws Exception {
    FirstBytes first = FirstBytes.listen(nonLoopbackAddress());
    CommandRun run =
        CommandRun.of(
            "pull",
            "--plain-http",
            "--retries",
            "0",
            first.host() + "/team/results:v1",
            tmp.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(first.get()).as("plain HTTP, as asked").isEqualTo((int) 'G');
  }

  @Test
  void aReadTimeoutThatIsNoDurationIsRefused() {
    CommandRun run =
        CommandRun.of("pull", "--read-timeout", "later", "x/y:v1", tmp.resolve("o").toString());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--read-timeout=\"later\" is not a read timeout");
  }

  private static InetAddress nonLoopbackAddress() throws IOException {
    Optional<InetAddress> found =
        NetworkInterface.networkInterfaces()
            .filter(
                i -> {
                  try {
                    return i.isUp() && !i.isLoopback();
                  } catch (IOException e) {
                    return false;
                  }
                })
            .flatMap(NetworkInterface::inetAddresses)
            .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
            .findFirst();
    assumeTrue(found.isPresent(), "this machine has no non-loopback IPv4 address");
    return found.get();
  }

  /**
   * Keeps the first byte of the first connection and answers every connection as a plain HTTP
   * server would (400), then hangs up; it keeps accepting, so a client that tries again (a TLS
   * client may reconnect after a failed handshake) meets the same server, not a refused port.
   */
  private record FirstBytes(String host, CompletableFuture<Integer> first) {
    static FirstBytes listen(InetAddress address) throws IOException {
      ServerSocket server = new ServerSocket(0, 8, address);
      CompletableFuture<Integer> first = new CompletableFuture<>();
      Thread thread =
          new Thread(
              () -> {
                try (server) {
                  while (true) {
                    try (Socket socket = server.accept();
                        InputStream in = socket.getInputStream()) {
                      first.complete(in.read());
                      socket
                          .getOutputStream()
                          .write(
                              ("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
                                      + "Connection: close\r\n\r\n")
                                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                      first.completeExceptionally(e);
                    }
                  }
                } catch (IOException e) {
                  first.completeExceptionally(e);
                }
              });
      thread.setDaemon(true);
      thread.start();
      return new FirstBytes(address.getHostAddress() + ":" + server.getLocalPort(), first);
    }

    int get() throws Exception {
      return first.get(30, TimeUnit.SECONDS);
    }
  }
}
