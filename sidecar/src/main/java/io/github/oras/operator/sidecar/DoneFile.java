package io.github.oras.operator.sidecar;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's done file, {@code oras-operator-done.txt}, holding the app's exit code. Waiting
 * uses a filesystem watch (inotify on Linux), so the push starts as soon as the launcher renames
 * the file into place; a bounded re-check covers file systems whose watch misses events.
 */
public final class DoneFile {
  /** How long the wait trusts the watch before looking for itself. */
  public static final Duration FALLBACK_CHECK = Duration.ofSeconds(1);

  private DoneFile() {}

  /** Blocks until the done file exists in {@code share}; returns the exit code it holds. */
  public static int awaitExitCode(Path share, Duration fallbackCheck)
      throws IOException, InterruptedException {
    Path done = share.resolve(SidecarContract.DONE_FILE);
    try (WatchService watch = share.getFileSystem().newWatchService()) {
      share.register(watch, ENTRY_CREATE, ENTRY_MODIFY);
      // Checked after registering, so a file that appeared meanwhile is not missed.
      while (!Files.exists(done)) {
        WatchKey key = watch.poll(fallbackCheck.toMillis(), TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          if (!key.reset()) {
            throw new IOException(
                "the share " + share + " disappeared while waiting for " + done.getFileName());
          }
        }
      }
    }
    return parse(Files.readString(done, StandardCharsets.UTF_8), done);
  }

  static int parse(String content, Path file) {
    String text = content.strip();
    try {
      int code = Integer.parseInt(text);
      if (code < 0 || code > 255) {
        throw new NumberFormatException();
      }
      return code;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          file + " should hold the app's exit code (0-255) but holds \"" + abbreviate(text) + "\"");
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
