package io.github.oras.operator.sidecar;

import java.io.PrintStream;

/** Where the sidecar tells the user what it does: one line per event, details only with debug. */
public record Console(PrintStream err, boolean debug) {
  private static final long START = System.nanoTime();

  public static Console quiet() {
    return new Console(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
  }

  public void info(String message) {
    err.println("oras-sidecar: " + message);
  }

  public void debug(String message) {
    if (debug) {
      err.println("oras-sidecar: [+" + (System.nanoTime() - START) / 1_000_000 + " ms] " + message);
    }
  }
}
