package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Unpacks a directory layer's tar into a fresh staging directory, refusing anything that would land
 * outside {@code <root>/<title>}: absolute names, {@code ..}, symlinks pointing out (or used as a
 * path to write through), hard links to outside, device files, and files larger than the cap. One
 * instance per archive: it remembers what it created, so the checks need no file system calls.
 */
final class TarExtractor {
  private static final int BUFFER = 1 << 16;
  private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

  private final long maxFileBytes;
  private final Set<Path> directories = new HashSet<>();
  private final Set<Path> links = new HashSet<>();
  private final Set<Path> written = new HashSet<>();

  /**
   * @param maxFileBytes largest file the archive may hold (a decompression-bomb guard)
   */
  TarExtractor(long maxFileBytes) {
    this.maxFileBytes = maxFileBytes;
  }

  /**
   * Reads {@code tar} up to its end marker into {@code root}; everything must be under {@code
   * title}.
   */
  void extract(InputStream tar, Path root, String title) throws IOException {
    Path base = root.toRealPath();
    Path top = base.resolve(title).normalize();
    directories.add(base);
    TarArchiveInputStream in = new TarArchiveInputStream(tar, BUFFER, "UTF-8");
    byte[] buffer = new byte[BUFFER];
    for (TarArchiveEntry entry; (entry = in.getNextEntry()) != null; ) {
      Path target = placeOf(entry.getName(), base, top, title);
      checkParents(target, base, entry.getName());
      if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
        throw refuse(entry.getName(), "is a device or FIFO");
      } else if (entry.isDirectory()) {
        directory(target);
      } else if (entry.isSymbolicLink()) {
        link(entry, target, top);
      } else if (entry.isLink()) {
        Path source = placeOf(entry.getLinkName(), base, top, title);
        prepare(target);
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
    if (trimmed.startsWith("/") || DRIVE.matcher(trimmed).matches()) {
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

  /**
   * Refuses to write through a symlink that an earlier entry created (only entries create links
   * here).
   */
  private void checkParents(Path target, Path base, String name) {
    for (Path p = target.getParent(); p != null && !p.equals(base); p = p.getParent()) {
      if (links.contains(p)) {
        throw refuse(name, "would be written through the symbolic link " + base.relativize(p));
      }
    }
  }

  private void directory(Path target) throws IOException {
    if (directories.add(target)) {
      if (links.contains(target) || written.contains(target)) {
        throw refuse(target.toString(), "replaces a file or link with a directory");
      }
      Files.createDirectories(target);
    }
  }

  private void link(TarArchiveEntry entry, Path target, Path top) throws IOException {
    Path linkTarget = Path.of(entry.getLinkName());
    Path resolved = target.getParent().resolve(linkTarget).normalize();
    if (linkTarget.isAbsolute() || !resolved.startsWith(top)) {
      throw refuse(
          entry.getName(),
          "is a symbolic link to " + entry.getLinkName() + ", outside the artifact");
    }
    prepare(target);
    Files.createSymbolicLink(target, linkTarget);
    links.add(target);
  }

  private void writeFile(
      TarArchiveInputStream in, TarArchiveEntry entry, Path target, byte[] buffer)
      throws IOException {
    if (entry.getSize() > maxFileBytes) {
      throw refuse(
          entry.getName(),
          "is "
              + entry.getSize()
              + " bytes, over the limit of "
              + maxFileBytes
              + " (--max-file-size)");
    }
    prepare(target);
    // Created with its mode (under the umask, as tar does for non-root users): no chmod afterwards.
    try (OutputStream out =
        Channels.newOutputStream(
            Files.newByteChannel(
                target,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(permissions(entry.getMode()))))) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    }
    Files.setLastModifiedTime(target, entry.getLastModifiedTime());
  }

  /** Makes the parent exist; a later entry for the same name replaces the earlier (as with tar). */
  private void prepare(Path target) throws IOException {
    if (directories.contains(target)) {
      throw refuse(target.toString(), "replaces a directory with a file");
    }
    directory(target.getParent());
    if (!written.add(target) || links.remove(target)) {
      Files.deleteIfExists(target);
    }
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
    return new RegistryException(
        RegistryException.Kind.INVALID,
        "unsafe archive entry \"" + name + "\" " + reason + ": refusing to unpack");
  }
}
