package io.github.oras.operator.sidecar;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches HTTP exchanges for progress. A registry that stops sending mid-body, or stops reading an
 * upload, would otherwise hang a transfer forever. Every byte read from an upload body or received
 * in a response counts as progress; when nothing moves for the idle limit, the exchange is ended
 * and fails with a {@link StalledTransferException} that says what stalled, how many bytes moved
 * and after how long. One instance per logical request (its redirect hops and authentication retry
 * included). {@link UrlConnectionTransport} reads with the limit as its socket timeout and has
 * {@link #guard} end an upload the server stopped reading; {@link #send} watches the JDK client.
 */
final class IdleWatch {
  private final Duration limit;
  private final String what;
  private final long expectedBytes;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private volatile long started;
  private volatile long lastActivity;
  private volatile boolean answered;
  private volatile StalledTransferException expiredWith;

  /**
   * @param what the thing transferred, for messages ("blob sha256:...", "manifest repo:tag")
   * @param expectedBytes the response body's expected length, or -1
   */
  IdleWatch(Duration limit, String what, long expectedBytes) {
    this.limit = limit;
    this.what = what;
    this.expectedBytes = expectedBytes;
  }

  /** An upload body whose reads by the HTTP client count as progress. */
  InputStream upload(InputStream in) {
    return counted(in, sent);
  }

  Duration limit() {
    return limit;
  }

  /** Starts watching one hop: counts and clocks from zero. */
  void begin() {
    sent.set(0);
    received.set(0);
    answered = false;
    expiredWith = null;
    started = System.nanoTime();
    lastActivity = started;
  }

  /** The response's headers arrived: from now on a stall is the server not sending the body. */
  void answered() {
    answered = true;
    lastActivity = System.nanoTime();
  }

  /** A response body whose bytes count as progress. */
  InputStream download(InputStream in) {
    return counted(in, received);
  }

  private InputStream counted(InputStream in, AtomicLong counter) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        moved(counter, b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        moved(counter, Math.max(n, 0));
        return n;
      }
    };
  }

  /**
   * Runs {@code abort} (which closes the connection, so a blocked write fails) once nothing has
   * moved for the limit, until the returned guard is closed: a write to a server that stopped
   * reading has no timeout of its own.
   */
  Guard guard(String method, java.net.URI uri, Runnable abort) {
    long tick = Math.max(10, Math.min(1000, limit.toMillis() / 4));
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(tick);
                  long now = System.nanoTime();
                  if (idle(now)) {
                    expiredWith = stalled(method, uri, now);
                    abort.run();
                    return;
                  }
                }
              } catch (InterruptedException done) {
                // the guarded write ended
              }
            },
            "oras-idle-watch");
    watcher.setDaemon(true);
    watcher.start();
    return watcher::interrupt;
  }

  /** Ends a {@link #guard}. */
  interface Guard extends AutoCloseable {
    @Override
    void close();
  }

  /** Whether the guard ended the exchange (its failure is then a stall). */
  boolean expired() {
    return expiredWith != null;
  }

  /** The failure of a hop that went idle: what stalled, how much moved, for how long. */
  StalledTransferException stalled(String method, java.net.URI uri) {
    StalledTransferException expiredWith = this.expiredWith;
    return expiredWith != null ? expiredWith : stalled(method, uri, System.nanoTime());
  }

  /** Counts bytes of a response body that arrived. */
  void received(long bytes) {
    moved(received, bytes);
  }

  /** Whether nothing has moved for the limit, as of {@code now} (System.nanoTime). */
  boolean idle(long now) {
    return now - lastActivity >= limit.toNanos();
  }

  private void moved(AtomicLong counter, long bytes) {
    if (bytes > 0) {
      counter.addAndGet(bytes);
      lastActivity = System.nanoTime();
    }
  }

  StalledTransferException stalled(String method, java.net.URI uri, long now) {
    String host = uri.getAuthority();
    String story;
    if (answered) {
      story =
          "stopped sending "
              + what
              + " after "
              + bytes(received.get())
              + (expectedBytes >= 0 ? " of " + bytes(expectedBytes) : "")
              + " bytes";
    } else if (sent.get() > 0) {
      story = "stopped reading " + what + " after " + bytes(sent.get()) + " bytes were sent";
    } else {
      story = "did not answer the request for " + what;
    }
    return new StalledTransferException(
        "the server at "
            + host
            + " "
            + story
            + ": nothing moved for "
            + seconds(now - lastActivity)
            + ", "
            + seconds(now - started)
            + " after the "
            + method
            + " started (idle limit "
            + seconds(limit.toNanos())
            + ": --read-timeout or ORAS_READ_TIMEOUT)");
  }

  private static String bytes(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
