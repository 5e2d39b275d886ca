package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.TarExtractor.corrupt;
import static io.github.oras.operator.sidecar.TarExtractor.refuse;
import static io.github.oras.operator.sidecar.TarExtractor.shortened;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Writes the entries of one archive into the staging tree, each by its type: directories, files
 * (small new ones through the {@link FileWriteBehind}), hard links, and symbolic links held back as
 * placeholders until {@link #createLinks}. Every write goes through directory handles (see {@link
 * RootedTree}); an entry that would be written through a link or file, replace a directory, or link
 * to anything but a regular file unpacked before it is refused, naming the entry. Content is
 * counted against the archive's {@link ExtractionBudget} as it is copied. One instance per archive.
 */
final class EntryWriter {
  private static final int BUFFER = 1 << 16;

  private final RootedTree tree;
  private final FileWriteBehind writer;
  private final TarArchiveInputStream in;
  private final EntryNames names;
  private final ExtractionBudget budget;
  private final byte[] buffer = new byte[BUFFER];
  private final Map<List<String>, String> pendingLinks = new LinkedHashMap<>();
  private final Set<List<String>> files = new HashSet<>();
  private final Map<Integer, FileAttribute<?>> fileModes = new HashMap<>();

  EntryWriter(
      RootedTree tree,
      FileWriteBehind writer,
      TarArchiveInputStream in,
      EntryNames names,
      ExtractionBudget budget) {
    this.tree = tree;
    this.writer = writer;
    this.in = in;
    this.names = names;
    this.budget = budget;
  }

  /**
   * Whether a directory on the way is a file of this archive: the walk must then find it on disk
   * (and refuse the entry), so it does not run ahead of the writer.
   */
  boolean throughAFile(List<String> target) {
    for (int i = 1; i < target.size(); i++) {
      if (files.contains(target.subList(0, i))) {
        return true;
      }
    }
    return false;
  }

  /** Reads a small file's content, checked against the caps, and hands it to the writer. */
  void smallFile(TarArchiveEntry entry, List<String> target) throws IOException {
    String name = entry.getName();
    budget.checkFileSize(name, entry.getSize());
    budget.checkTotal(name, entry.getSize());
    walk(target, name).close(); // creates the parents, refuses a link or file on the way
    byte[] data = new byte[(int) entry.getSize()];
    int copied = 0;
    for (int n; (n = read(name)) > 0; ) {
      budget.checkFileSize(name, copied + (long) n);
      budget.add(name, n);
      if (copied + n > data.length) {
        data = java.util.Arrays.copyOf(data, Math.max(copied + n, data.length * 2));
      }
      System.arraycopy(buffer, 0, data, copied, n);
      copied += n;
    }
    if (copied != data.length) {
      data = java.util.Arrays.copyOf(data, copied);
    }
    writer.submit(target, data, fileMode(entry.getMode()), entry.getLastModifiedTime());
    files.add(target);
  }

  /** Writes any other entry itself; the writer must have been drained. */
  void unpack(TarArchiveEntry entry, List<String> target) throws IOException {
    String name = entry.getName();
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw refuse(name, "is a device or FIFO");
    } else if (entry.isDirectory()) {
      directory(target, name);
    } else if (entry.isSymbolicLink()) {
      symlink(target, name, entry.getLinkName());
    } else if (entry.isLink()) {
      hardLink(target, name, names.of(entry.getLinkName()), entry.getLinkName());
    } else if (entry.isFile()) {
      file(entry, target);
    } else {
      throw refuse(name, "has an unsupported type");
    }
  }

  /**
   * Replaces the placeholders with the real symbolic links, once each is checked against the final
   * tree (see {@link LinkCheck}). The writer must have been drained.
   */
  void createLinks() throws IOException {
    new LinkCheck(tree, names, pendingLinks).createAll();
  }

  void directory(List<String> target, String name) throws IOException {
    try (RootedTree.Place place = walk(target, name)) {
      RootedTree.Kind kind = RootedTree.kindOf(place.parent(), place.name());
      if (kind == RootedTree.Kind.MISSING) {
        Files.createDirectory(place.absolute());
      } else if (kind != RootedTree.Kind.DIRECTORY) {
        throw refuse(name, "replaces a " + describe(target, kind) + " with a directory");
      }
    }
  }

  private void file(TarArchiveEntry entry, List<String> target) throws IOException {
    String name = entry.getName();
    // Checked against the header first, and again while copying (sparse or lying headers).
    budget.checkFileSize(name, entry.getSize());
    budget.checkTotal(name, entry.getSize());
    try (RootedTree.Place place = walk(target, name);
        SeekableByteChannel out = createNew(place, target, name, fileMode(entry.getMode()))) {
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      long copied = 0;
      for (int n; (n = read(name)) > 0; ) {
        copied += n;
        budget.checkFileSize(name, copied);
        budget.add(name, n);
        wrapped.clear().limit(n);
        while (wrapped.hasRemaining()) {
          out.write(wrapped);
        }
      }
      out.close();
      RootedTree.setModifiedTime(place, entry.getLastModifiedTime());
    }
    files.add(target);
  }

  /**
   * Creates the file new; only when the name is taken (an archive may list a name twice) is what is
   * there looked at, and removed unless it is a directory. The common case costs one open.
   */
  private SeekableByteChannel createNew(
      RootedTree.Place place, List<String> target, String name, FileAttribute<?> mode)
      throws IOException {
    try {
      return RootedTree.createFile(place, mode);
    } catch (FileAlreadyExistsException taken) {
      clearForReplacement(place, target, name);
      return RootedTree.createFile(place, mode);
    }
  }

  /** The permissions of a file unpacked with {@code mode}, made once per distinct mode. */
  private FileAttribute<?> fileMode(int mode) {
    return fileModes.computeIfAbsent(
        mode & 0777, bits -> PosixFilePermissions.asFileAttribute(permissions(bits)));
  }

  /** Held back as an empty placeholder file: nothing can be written or read through it. */
  private void symlink(List<String> target, String name, String linkTarget) throws IOException {
    if (linkTarget.isEmpty() || linkTarget.startsWith("/") || linkTarget.indexOf('\0') >= 0) {
      throw refuse(
          name,
          "is a symbolic link to \""
              + shortened(linkTarget)
              + "\": only relative targets inside the artifact are allowed");
    }
    try (RootedTree.Place place = replaceable(target, name)) {
      RootedTree.createFile(place, PosixFilePermissions.asFileAttribute(Set.of())).close();
    }
    pendingLinks.put(target, linkTarget);
  }

  private void hardLink(List<String> target, String name, List<String> source, String sourceName)
      throws IOException {
    if (pendingLinks.containsKey(source)) {
      throw refuse(
          name,
          "is a hard link to the symbolic link \""
              + shortened(sourceName)
              + "\": hard links may only point to regular files");
    }
    if (!files.contains(source) || tree.kindOf(source) != RootedTree.Kind.FILE) {
      throw refuse(
          name,
          "is a hard link to \""
              + shortened(sourceName)
              + "\", which is not a regular file unpacked before it");
    }
    if (source.equals(target)) {
      throw refuse(name, "is a hard link to itself");
    }
    try (RootedTree.Place place = replaceable(target, name)) {
      Files.createLink(place.absolute(), tree.absolute(source));
    }
    files.add(target);
  }

  /** Opens the parent of a file or link to be written; an earlier file or link there is removed. */
  private RootedTree.Place replaceable(List<String> target, String name) throws IOException {
    RootedTree.Place place = walk(target, name);
    try {
      clearForReplacement(place, target, name);
      return place;
    } catch (IOException | RuntimeException e) {
      place.close();
      throw e;
    }
  }

  private void clearForReplacement(RootedTree.Place place, List<String> target, String name)
      throws IOException {
    RootedTree.Kind kind = RootedTree.kindOf(place.parent(), place.name());
    if (kind == RootedTree.Kind.DIRECTORY) {
      throw refuse(name, "replaces a directory with a file or link");
    }
    if (kind != RootedTree.Kind.MISSING) {
      RootedTree.removeFile(place);
      pendingLinks.remove(target);
      files.remove(target);
    }
  }

  /** Opens the entry's parent, creating directories; refuses a link or file on the way. */
  private RootedTree.Place walk(List<String> target, String name) throws IOException {
    try {
      return tree.openShared(target);
    } catch (RootedTree.Blocked blocked) {
      String what = describe(blocked.at, blocked.kind);
      throw refuse(name, "would be written through the " + what);
    }
  }

  private String describe(List<String> path, RootedTree.Kind kind) {
    String where = " " + String.join("/", path);
    if (pendingLinks.containsKey(path)) {
      return "symbolic link" + where;
    }
    return switch (kind) {
      case FILE -> "file" + where;
      case SYMLINK -> "symbolic link" + where;
      default -> "special file" + where;
    };
  }

  /** Reads the current entry's next bytes into the buffer; a read error means a broken archive. */
  private int read(String name) throws IOException {
    try {
      return in.read(buffer);
    } catch (IOException | RuntimeException e) {
      throw corrupt("in entry \"" + shortened(name) + "\"", e);
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
}
