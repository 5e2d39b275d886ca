package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real TCP proxy on a loopback port in front of the test registry. On each of its first {@code
 * stalledConnections} connections it forwards {@code budget} bytes in one direction, then stops
 * moving bytes that way while keeping the connection open: a registry (or a middlebox) that hangs
 * mid-transfer. Later connections pass through untouched.
 */
final class StallingProxy implements AutoCloseable {
  /** Which way the bytes stop. */
  enum Direction {
    /** The registry stops sending (a pull hangs mid-body). */
    DOWNLOAD,
    /** The registry stops reading (a push hangs mid-body). */
    UPLOAD
  }

  private final ServerSocket server;
  private final int upstreamPort;
  private final Direction direction;
  private final long budget;
  private final int stalledConnections;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Socket> sockets = new ArrayList<>();

  StallingProxy(int upstreamPort, Direction direction, long budget, int stalledConnections)
      throws IOException {
    this.upstreamPort = upstreamPort;
    this.direction = direction;
    this.budget = budget;
    this.stalledConnections = stalledConnections;
    this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "stalling-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String host() {
    return "127.0.0.1:" + server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    synchronized (sockets) {
      for (Socket socket : sockets) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
        synchronized (sockets) {
          sockets.add(client);
          sockets.add(upstream);
        }
        boolean stalls = connections.getAndIncrement() < stalledConnections;
        long down = stalls && direction == Direction.DOWNLOAD ? budget : Long.MAX_VALUE;
        long up = stalls && direction == Direction.UPLOAD ? budget : Long.MAX_VALUE;
        pump(client, upstream, up);
        pump(upstream, client, down);
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies {@code from} to {@code to} until {@code limit} bytes, then stops reading for good. */
  private static void pump(Socket from, Socket to, long limit) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              long moved = 0;
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                int n;
                while (moved < limit
                    && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - moved))) > 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                  moved += n;
                }
                if (moved < limit) {
                  to.shutdownOutput();
                  return;
                }
                // Stalled: hold the connection open without reading, until the test closes it.
                while (!from.isClosed()) {
                  Thread.sleep(100);
                }
              } catch (IOException | InterruptedException e) {
                // the other side went away
              }
            },
            "stalling-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }
}
