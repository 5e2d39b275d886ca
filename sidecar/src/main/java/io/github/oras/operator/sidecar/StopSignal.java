package io.github.oras.operator.sidecar;

import java.util.concurrent.CountDownLatch;

/**
 * Native mode: the kubelet sends SIGTERM once every app container has ended. The JVM runs shutdown
 * hooks on SIGTERM; this one asks the serving loop to stop (a push under way is finished first: its
 * run did end), waits for it, and ends the process with 0, since a stopped native sidecar is not a
 * failure. The loop's own end (an error) releases the hook too, so an exit never hangs.
 */
final class StopSignal {
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean requested;
  private volatile Runnable wake = () -> {};
  private Thread hook;

  boolean requested() {
    return requested;
  }

  /** What wakes the loop from its wait (closing its watch). */
  void onRequest(Runnable wake) {
    this.wake = wake;
  }

  void install(Console console) {
    hook =
        new Thread(
            () -> {
              requested = true;
              wake.run();
              awaitStopped();
              console.err().flush();
              Runtime.getRuntime().halt(0);
            },
            "oras-sidecar-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Called by the loop when it has finished, for whatever reason. */
  void stopped() {
    stopped.countDown();
    if (hook != null && !requested) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Shutdown is already under way: the hook finds the latch open.
      }
    }
  }

  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
