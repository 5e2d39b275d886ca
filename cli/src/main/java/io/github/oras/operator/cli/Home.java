package io.github.oras.operator.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project checkout the command runs from: where the sidecar's launcher script lives. */
final class Home {
  private Home() {}

  /**
   * {@code -Doras.operator.home} (set by bin/oras-operator), else the nearest parent of the working
   * directory with sidecar/bin.
   */
  static Path locate() {
    String configured = System.getProperty("oras.operator.home");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("sidecar/bin/oras-sidecar"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the project's sidecar/bin/oras-sidecar: run from the checkout or set -Doras.operator.home");
  }
}
