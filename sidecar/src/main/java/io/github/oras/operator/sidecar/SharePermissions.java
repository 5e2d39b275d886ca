package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The app container often runs as another user than the sidecar image. Inputs the init container
 * pulled must still be readable, and movable (which needs write permission on their directories),
 * by the app's user: the share is a pod-private emptyDir, so opening it to every user of the pod
 * exposes nothing outside the pod.
 */
final class SharePermissions {
  private static final Set<PosixFilePermission> OPEN_DIRECTORY =
      PosixFilePermissions.fromString("rwxrwxrwx");

  private SharePermissions() {}

  /** Directories become rwx for all, files readable by all (their other bits are kept). */
  static void openToAllContainers(Path root) throws IOException {
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.setPosixFilePermissions(dir, OPEN_DIRECTORY);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              Set<PosixFilePermission> permissions =
                  EnumSet.copyOf(Files.getPosixFilePermissions(file));
              permissions.add(PosixFilePermission.GROUP_READ);
              permissions.add(PosixFilePermission.OTHERS_READ);
              Files.setPosixFilePermissions(file, permissions);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
