package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a directory layer's tar into a staging directory, refusing anything that would land
 * outside {@code <root>/<title>}: absolute names, {@code ..}, symlinks pointing out (or used as a
 * path to write through), hard links to outside, device files, and files larger than the cap.
 */
final class TarExtractor {
  private static final int BUFFER = 1 << 16;

  private final long maxFileBytes;

  /** @param maxFileBytes largest file the archive may hold (a decompression-bomb guard) */
  TarExtractor(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /** Reads {@code tar} up to its end marker into {@code root}; everything must be under {@code title}. */
  void extract(InputStream tar, Path root, String title) throws IOException {
    Path base = root.toRealPath();
    Path top = base.resolve(title).normalize();
    TarArchiveInputStream in = new TarArchiveInputStream(tar, BUFFER, "UTF-8");
    byte[] buffer = new byte[BUFFER];
    for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
      Path target = placeOf(entry.getName(), base, top, title);
      checkParents(target, base, entry.getName());
      if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        throw refuse(entry.getName(), "is a device or FIFO");
      } else if (entry.isDirectory()) {
        Files.createDirectories(target);
      } else if (entry.isSymbolicLink()) {
        link(entry, target, top);
      } else if (entry.isLink()) {
        Path source = placeOf(entry.getLinkName(), base, top, title);
        replace(target);
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
      } else if (entry.isFile()) {
        writeFile(in, entry, target, buffer);
      } else {
        throw refuse(entry.getName(), "has an unsupported type");
      }
    }
  }

  private static Path placeOf(String name, Path base, Path top, String title) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    if (trimmed.startsWith("/") || trimmed.matches("^[A-Za-z]:.*")) {
      throw refuse(name, "is an absolute path");
    }
    for (String part : trimmed.split("/")) {
      if (part.equals("..")) {
        throw refuse(name, "contains '..'");
      }
    }
    Path target = base.resolve(trimmed).normalize();
    if (!target.startsWith(top)) {
      throw refuse(name, "is outside the artifact's directory \"" + title + "\"");
    }
    return target;
  }

  /** Refuses to write through a symlink that an earlier entry created. */
  private static void checkParents(Path target, Path base, String name) throws IOException {
    for (Path p = target.getParent(); p != null && p.startsWith(base) && !p.equals(base); p = p.getParent()) {
      if (Files.isSymbolicLink(p)) {
        throw refuse(name, "would be written through the symbolic link " + base.relativize(p));
      }
    }
  }

  private static void link(TarArchiveEntry entry, Path target, Path top) throws IOException {
    Path linkTarget = Path.of(entry.getLinkName());
    Path resolved = target.getParent().resolve(linkTarget).normalize();
    if (linkTarget.isAbsolute() || !resolved.startsWith(top)) {
      throw refuse(entry.getName(), "is a symbolic link to " + entry.getLinkName() + ", outside the artifact");
    }
    replace(target);
    Files.createDirectories(target.getParent());
    Files.createSymbolicLink(target, linkTarget);
  }

  private void writeFile(TarArchiveInputStream in, TarArchiveEntry entry, Path target, byte[] buffer)
      throws IOException {
    if (entry.getSize() > maxFileBytes) {
      throw refuse(entry.getName(), "is " + entry.getSize() + " bytes, over the limit of " + maxFileBytes
          + " (--max-file-size)");
    }
    Files.createDirectories(target.getParent());
    replace(target);
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
    Files.setLastModifiedTime(target, entry.getLastModifiedTime());
  }

  /** A later entry for the same name wins, as with tar; never follow what was there. */
  private static void replace(Path target) throws IOException {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw refuse(target.toString(), "replaces a directory with a file");
    }
    Files.deleteIfExists(target);
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
        set.add(permission);
      }
    }
    // The owner must be able to read what we unpacked for them.
    set.add(PosixFilePermission.OWNER_READ);
    set.add(PosixFilePermission.OWNER_WRITE);
    return set;
  }

  static RegistryException refuse(String name, String reason) {
    return new RegistryException(RegistryException.Kind.INVALID,
        "unsafe archive entry \"" + name + "\" " + reason + ": refusing to unpack");
  }
}
