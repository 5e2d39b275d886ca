package io.github.oras.operator.sidecar;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Wakes the sidecar when something appears in the share (inotify on Linux), so the push starts as
 * soon as the launcher renames its done file into place; callers look again after each wake, and at
 * least every fallback period for file systems whose watch misses events. Closing it from another
 * thread wakes a waiter for good.
 */
final class ShareWatch implements AutoCloseable {
  private final Path share;
  private final WatchService watch;

  ShareWatch(Path share) throws IOException {
    this.share = share;
    this.watch = share.getFileSystem().newWatchService();
    share.register(watch, ENTRY_CREATE, ENTRY_MODIFY);
  }

  /** Returns after a change in the share, after {@code timeout}, or at once when closed. */
  void await(Duration timeout) throws IOException, InterruptedException {
    try {
      WatchKey key = watch.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (key != null) {
        key.pollEvents();
        if (!key.reset()) {
          throw new IOException("the share " + share + " disappeared while the sidecar watched it");
        }
      }
    } catch (ClosedWatchServiceException e) {
      // Closed to stop the wait: the caller looks one last time.
    }
  }

  @Override
  public void close() throws IOException {
    watch.close();
  }
}
