package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The sidecar's answer to one run, {@code oras-operator-push.txt}: {@code RUN_ID STATUS}. It marks
 * the run as dealt with (a restarted sidecar does not push it twice) and, in native mode, is what
 * the launcher waits for before it exits.
 */
final class PushResultFile {
  private PushResultFile() {}

  /** Replaces the result atomically, so the launcher never reads half a line. */
  static void write(Path share, String runId, String status) throws IOException {
    Path target = share.resolve(SidecarContract.PUSH_RESULT_FILE);
    Path temporary = share.resolve(".oras-push-result." + ProcessHandle.current().pid() + ".tmp");
    Files.writeString(temporary, runId + " " + status + "\n", StandardCharsets.UTF_8);
    // The launcher may run as another user: it only needs to read this.
    temporary.toFile().setReadable(true, false);
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Whether the sidecar (this one or an earlier instance) has already dealt with {@code runId}. */
  static boolean dealtWith(Path share, String runId) throws IOException {
    try {
      String line = Files.readString(share.resolve(SidecarContract.PUSH_RESULT_FILE)).strip();
      return line.startsWith(runId + " ");
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
