package io.github.oras.operator.localregistry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** An htpasswd file with one bcrypt entry, made by Apache's {@code htpasswd} (apache2-utils). */
final class Htpasswd {
  private Htpasswd() {}

  static Path write(Path directory, String user, String password) throws IOException {
    Process htpasswd =
        new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
    byte[] line = htpasswd.getInputStream().readAllBytes();
    try {
      if (htpasswd.waitFor() != 0) {
        throw new IOException(
            "htpasswd failed: " + new String(line, StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while running htpasswd");
    }
    return Files.write(directory.resolve("htpasswd"), line);
  }
}
