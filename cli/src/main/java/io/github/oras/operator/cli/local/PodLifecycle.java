package io.github.oras.operator.cli.local;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link LocalPod} the way the kubelet does, over any {@link ContainerRuntime}: init
 * containers one after another, each to completion, except native sidecars (init containers with
 * {@code restartPolicy: Always}), which are started, left running and restarted if they exit early;
 * then all regular containers at once. Once every regular container has ended, the running native
 * sidecars get SIGTERM, and SIGKILL after the pod's terminationGracePeriodSeconds. The pod's phase
 * comes from the regular and plain init containers only; with restartPolicy OnFailure (or Always) a
 * failed one is started again, a few times at most.
 */
public final class PodLifecycle {
  /** How often a container is restarted at most: a local run must end. */
  public static final int MAX_RESTARTS = 3;

  private static final long POLL_MILLIS = 20;

  private final ContainerRuntime runtime;
  private final PrintStream log;
  private final Duration timeout;

  /**
   * @param timeout after which the pod's containers are killed
   */
  public PodLifecycle(ContainerRuntime runtime, PrintStream log, Duration timeout) {
    this.runtime = runtime;
    this.log = log;
    this.timeout = timeout;
  }

  public PodResult run(LocalPod pod) throws IOException, InterruptedException {
    runtime.prepare(pod);
    try {
      return new Run(pod).run();
    } finally {
      runtime.cleanup(pod);
    }
  }

  /** One container across its restarts. */
  private final class Tracked {
    private final LocalPod pod;
    private final LocalContainer container;
    private RunningContainer running;
    private int restarts = -1;
    private long firstStart;
    private CompletableFuture<Long> ended;

    Tracked(LocalPod pod, LocalContainer container) {
      this.pod = pod;
      this.container = container;
    }

    void start() throws IOException {
      restarts++;
      if (restarts == 0) {
        firstStart = System.nanoTime();
      }
      String prefix = "[" + pod.name() + "/" + container.name() + "] ";
      running =
          runtime.start(
              pod,
              container,
              restarts,
              line -> {
                synchronized (log) {
                  log.println(prefix + line);
                }
              });
      ended = running.process().onExit().thenApply(p -> System.nanoTime());
    }

    boolean alive() {
      return running.process().isAlive();
    }

    /** Ended, and will not be restarted under the pod's restartPolicy. */
    boolean finished() {
      return !alive() && !(failed() && restartable());
    }

    boolean failed() {
      return running.exitCode() != 0;
    }

    boolean restartable() {
      return !"Never".equals(pod.restartPolicy()) && restarts < MAX_RESTARTS;
    }

    void note(String message) {
      synchronized (log) {
        log.println("[" + pod.name() + "/" + container.name() + "] " + message);
      }
    }

    ContainerResult result() throws InterruptedException {
      running.process().waitFor();
      running.awaitLogs();
      return new ContainerResult(
          container.name(),
          running.exitCode(),
          Duration.ofNanos(ended.join() - firstStart),
          restarts,
          container.sidecar());
    }
  }

  /** The state of one pod while it runs. */
  private final class Run {
    private final LocalPod pod;
    private final long deadline;
    private final List<Tracked> sidecars = new ArrayList<>();
    private final List<Tracked> inits = new ArrayList<>();

    Run(LocalPod pod) {
      this.pod = pod;
      this.deadline = System.nanoTime() + timeout.toNanos();
    }

    PodResult run() throws IOException, InterruptedException {
      for (LocalContainer container : pod.initContainers()) {
        Tracked init = new Tracked(pod, container);
        inits.add(init);
        init.start();
        if (container.sidecar()) {
          sidecars.add(init);
          continue;
        }
        if (!awaitAll(List.of(init)) || init.failed()) {
          stopSidecars();
          return result(List.of());
        }
      }
      List<Tracked> regular = new ArrayList<>();
      for (LocalContainer container : pod.containers()) {
        Tracked tracked = new Tracked(pod, container);
        regular.add(tracked);
        tracked.start();
      }
      awaitAll(regular);
      stopSidecars();
      return result(regular);
    }

    /**
     * Waits until every one of {@code containers} has finished, restarting failed ones as the
     * restartPolicy says and native sidecars that exit early; kills them at the deadline.
     *
     * @return false when the deadline passed
     */
    private boolean awaitAll(List<Tracked> containers) throws IOException, InterruptedException {
      while (true) {
        boolean allFinished = true;
        for (Tracked c : containers) {
          if (!c.alive() && c.failed() && c.restartable()) {
            c.note(
                "exited "
                    + c.running.exitCode()
                    + "; restarting (restartPolicy "
                    + pod.restartPolicy()
                    + ")");
            c.start();
          }
          allFinished &= c.finished();
        }
        if (allFinished) {
          return true;
        }
        keepSidecarsRunning();
        if (System.nanoTime() > deadline) {
          for (Tracked c : containers) {
            c.running.kill();
            c.note("killed after " + timeout.toSeconds() + " s (--pod-timeout)");
          }
          for (Tracked c : containers) {
            c.running.process().waitFor();
          }
          return false;
        }
        Thread.sleep(POLL_MILLIS);
      }
    }

    private void keepSidecarsRunning() throws IOException {
      for (Tracked sidecar : sidecars) {
        if (!sidecar.alive() && sidecar.restarts < MAX_RESTARTS) {
          sidecar.note(
              "native sidecar exited "
                  + sidecar.running.exitCode()
                  + " while the pod runs; restarting");
          sidecar.start();
        }
      }
    }

    /**
     * SIGTERM to every running native sidecar, last started first; SIGKILL after the grace period.
     */
    private void stopSidecars() throws InterruptedException {
      List<Tracked> alive = new ArrayList<>();
      for (int i = sidecars.size() - 1; i >= 0; i--) {
        Tracked sidecar = sidecars.get(i);
        if (sidecar.alive()) {
          sidecar.running.terminate();
          alive.add(sidecar);
        }
      }
      long killAt = System.nanoTime() + pod.terminationGracePeriod().toNanos();
      for (Tracked sidecar : alive) {
        long left = killAt - System.nanoTime();
        if (!sidecar.running.process().waitFor(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          sidecar.note(
              "still running "
                  + pod.terminationGracePeriod().toSeconds()
                  + " s after SIGTERM (terminationGracePeriodSeconds); SIGKILL");
          sidecar.running.kill();
          sidecar.running.process().waitFor();
        }
      }
    }

    private PodResult result(List<Tracked> regular) throws InterruptedException {
      List<ContainerResult> init = new ArrayList<>();
      for (Tracked c : inits) {
        init.add(c.result());
      }
      List<ContainerResult> main = new ArrayList<>();
      for (Tracked c : regular) {
        main.add(c.result());
      }
      return new PodResult(pod.name(), init, main);
    }
  }
}
