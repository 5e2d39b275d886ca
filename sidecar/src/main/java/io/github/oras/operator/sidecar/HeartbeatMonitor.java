package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Container mode: watches the launcher's heartbeat file. A heartbeat counts as stale when this
 * sidecar has seen it unchanged (same run, same modification time) for the timeout, measured on the
 * sidecar's own monotonic clock, so neither clock skew nor the sidecar starting late can make a
 * living app look dead. No heartbeat at all means the app has not started yet.
 */
final class HeartbeatMonitor {
  private final Path file;
  private final long timeoutNanos;
  private String lastSeen;
  private long lastChangeNanos;

  HeartbeatMonitor(Path share, Duration timeout) {
    this.file = share.resolve(SidecarContract.HEARTBEAT_FILE);
    this.timeoutNanos = timeout.toNanos();
  }

  /** The run whose heartbeat has stopped, as of {@code nowNanos} ({@link System#nanoTime()}). */
  Optional<String> stoppedRun(long nowNanos) throws IOException {
    String runId;
    FileTime modified;
    try {
      runId = Files.readString(file, StandardCharsets.UTF_8).strip();
      modified = Files.getLastModifiedTime(file);
    } catch (NoSuchFileException e) {
      lastSeen = null;
      return Optional.empty();
    }
    String seen = runId + "@" + modified.toMillis();
    if (!Objects.equals(seen, lastSeen)) {
      lastSeen = seen;
      lastChangeNanos = nowNanos;
      return Optional.empty();
    }
    return nowNanos - lastChangeNanos >= timeoutNanos && !runId.isEmpty()
        ? Optional.of(runId)
        : Optional.empty();
  }

  /** How long until a heartbeat seen now would be stale: the longest useful wait. */
  Duration timeout() {
    return Duration.ofNanos(timeoutNanos);
  }
}
