package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.SidecarContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** The launcher shipped in this jar, and its installation into the share. */
public final class LauncherScript {
  private static final String RESOURCE = "oras-launcher.sh";

  private LauncherScript() {}

  /** The script's text as shipped. */
  public static byte[] bytes() throws IOException {
    try (InputStream in = LauncherScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException("the launcher " + RESOURCE + " is missing from the sidecar jar");
      }
      return in.readAllBytes();
    }
  }

  /**
   * Writes the launcher to {@code share}/oras-launcher.sh (complete or not at all); returns its
   * path.
   */
  public static Path installInto(Path share) throws IOException {
    Path target = share.resolve(Path.of(SidecarContract.LAUNCHER).getFileName());
    Path partial = Files.createTempFile(share, ".oras-launcher", ".tmp");
    try {
      Files.write(partial, bytes());
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
    }
    return target;
  }
}
