package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * One progress line on a terminal, rewritten in place ({@code \r}) at most every {@link
 * #INTERVAL_NANOS}, for a person watching {@code push} or {@code pull}. Where stderr is not a
 * terminal (a pod's log, a pipe, a file) there is no line at all: {@link #forStderr} gives a
 * progress that does nothing. Safe to call from the transfer threads.
 */
public final class ProgressLine implements TransferProgress {
  /** At most five updates a second. */
  static final long INTERVAL_NANOS = 200_000_000L;

  private final PrintStream err;
  private final String what;
  private final long total;
  private final LongSupplier clock;
  private final long start;
  private long lastShown = Long.MIN_VALUE;
  private long bytes;
  private int lastWidth;
  private boolean shown;

  ProgressLine(PrintStream err, String what, long total, LongSupplier clock) {
    this.err = err;
    this.what = what;
    this.total = total;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  /**
   * A line on {@code err} when it is the process's stderr and that is a terminal, else a progress
   * that prints nothing.
   */
  public static TransferProgress forStderr(PrintStream err, String what, long total) {
    return err == System.err && stderrIsTerminal()
        ? new ProgressLine(err, what, total, System::nanoTime)
        : TransferProgress.NONE;
  }

  /** The running count of bytes moved. */
  @Override
  public synchronized void accept(long count) {
    bytes = count;
    long now = clock.getAsLong();
    if (lastShown != Long.MIN_VALUE && now - lastShown < INTERVAL_NANOS) {
      return;
    }
    lastShown = now;
    show(now);
  }

  /** Shows the final count and ends the line. */
  @Override
  public synchronized void end() {
    if (shown) {
      show(clock.getAsLong());
      err.print('\n');
      err.flush();
    }
  }

  private void show(long now) {
    String text = ProgressFormat.line(what, bytes, total, now - start);
    // Pad over what a longer previous line left behind.
    String padding = " ".repeat(Math.max(0, lastWidth - text.length()));
    err.print("\r" + text + padding);
    err.flush();
    lastWidth = text.length();
    shown = true;
  }

  /**
   * Whether file descriptor 2 is a terminal. Java 17 has no isatty for stderr ({@code
   * System.console()} looks at stdin and stdout), so on Linux the descriptor's target is read from
   * {@code /proc}; elsewhere {@code System.console()} decides.
   */
  static boolean stderrIsTerminal() {
    Path fd = Path.of("/proc/self/fd/2");
    try {
      String target = Files.readSymbolicLink(fd).toString();
      return target.startsWith("/dev/pts/") || target.matches("/dev/tty[0-9A-Za-z]*");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }
}
