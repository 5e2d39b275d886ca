package io.github.oras.operator.cli.local;

/**
 * A started container: a local process whose exit is the container's exit (exit code 128+N when
 * killed by signal N, as a container runtime reports it).
 */
public interface RunningContainer {
  /** The local process that ends when the container ends. */
  Process process();

  /** Sends SIGTERM to the container's main process (its PID 1), as the kubelet does to stop it. */
  void terminate();

  /** Sends SIGKILL to every process of the container. */
  void kill();

  /** Waits (briefly) until everything the container printed has been logged. */
  void awaitLogs() throws InterruptedException;

  /** The container's exit code, once {@link #process()} has ended. */
  default int exitCode() {
    return process().exitValue();
  }
}
