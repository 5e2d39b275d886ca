package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The launcher's done file, {@code oras-operator-done.txt}: one line {@code RUN_ID EXIT_CODE}. The
 * launcher renames it into place, so it is read whole or not at all; the run id tells one start of
 * the app container from another.
 */
public final class DoneFile {
  /** How long a wait trusts the filesystem watch before looking for itself. */
  public static final Duration FALLBACK_CHECK = Duration.ofSeconds(1);

  /** What a launcher's run id may look like: a UUID, or the pid and time of its fallback. */
  static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private DoneFile() {}

  /** One finished run of the app. */
  public record Done(String runId, int exitCode) {}

  /** The done file in {@code share}, if the launcher of some run has written it. */
  public static Optional<Done> read(Path share) throws IOException {
    Path done = share.resolve(SidecarContract.DONE_FILE);
    try {
      return Optional.of(parse(Files.readString(done, StandardCharsets.UTF_8), done));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  static Done parse(String content, Path file) {
    String[] fields = content.strip().split(" ", -1);
    if (fields.length == 2 && RUN_ID.matcher(fields[0]).matches()) {
      try {
        int code = Integer.parseInt(fields[1]);
        if (code >= 0 && code <= 255) {
          return new Done(fields[0], code);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalStateException(
        file
            + " should hold the launcher's run id and the app's exit code (0-255), as \"RUN_ID"
            + " CODE\", but holds \""
            + abbreviate(content.strip())
            + "\" (is the launcher in the share from the same sidecar image?)");
  }

  static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
