package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Unpacks a directory layer's tar into a fresh, empty staging directory, so that nothing lands or
 * points outside {@code <staging>/<title>}. Paths are checked against what is really on disk, one
 * component at a time through directory handles (see {@link RootedTree}), never only lexically:
 *
 * <ul>
 *   <li>names are relative, under the title, without {@code ..}; no component on the way may be a
 *       link or a file;
 *   <li>files are created new, never opened through an existing name or link;
 *   <li>hard links point only to regular files this archive wrote before;
 *   <li>symbolic links are held back as placeholders until the archive ends (so nothing is ever
 *       written or read through them), then each target is resolved against the final tree,
 *       following the archive's other links, and must stay inside the title at every step.
 * </ul>
 *
 * Anything else is refused, naming the entry; the caller removes the staging directory. One
 * instance per archive.
 */
final class TarExtractor {
  private static final int BUFFER = 1 << 16;

  private final ExtractionBudget budget;
  private final Map<List<String>, String> pendingLinks = new LinkedHashMap<>();
  private final Set<List<String>> files = new HashSet<>();
  private final Map<Integer, FileAttribute<?>> fileModes = new HashMap<>();

  /** Every name this archive has used so far (entries and the directories above them). */
  private final Set<List<String>> used = new HashSet<>();

  private List<String> lastParent;

  TarExtractor(ExtractionLimits limits) {
    this.budget = new ExtractionBudget(limits);
  }

  /**
   * Reads {@code tar} up to its end marker into {@code staging}, everything under {@code title}.
   */
  void extract(InputStream tar, Path staging, String title) throws IOException {
    EntryNames names = new EntryNames(title);
    TarArchiveInputStream in = new TarArchiveInputStream(tar, BUFFER, "UTF-8");
    byte[] buffer = new byte[BUFFER];
    try (RootedTree tree = new RootedTree(staging);
        FileWriteBehind writer = new FileWriteBehind(staging)) {
      directory(tree, names.title(), title);
      seen(names.title());
      String previous = null;
      for (TarArchiveEntry entry; (entry = next(in, previous)) != null; ) {
        previous = entry.getName();
        budget.entry(previous);
        List<String> target = names.of(previous);
        if (target.equals(names.title()) && !entry.isDirectory()) {
          throw refuse(previous, "is the artifact's top directory but not a directory");
        }
        if (isSmallNewFile(entry, target)) {
          smallFile(tree, writer, in, entry, target, buffer);
        } else {
          writer.drain(); // what follows looks at the tree: every earlier file is there first
          unpackEntry(tree, names, in, entry, target, buffer);
        }
        seen(target);
      }
      writer.drain();
      new LinkCheck(tree, names, pendingLinks).createAll();
    }
  }

  /** A regular file whose name nothing in this archive has used yet, not even as a parent. */
  private boolean isSmallNewFile(TarArchiveEntry entry, List<String> target) {
    return !entry.isCharacterDevice()
        && !entry.isBlockDevice()
        && !entry.isFIFO()
        && !entry.isDirectory()
        && !entry.isSymbolicLink()
        && !entry.isLink()
        && entry.isFile()
        && entry.getSize() <= FileWriteBehind.MAX_BYTES
        && !used.contains(target)
        && !throughAFile(target);
  }

  /**
   * Whether a directory on the way is a file of this archive: the walk must then find it on disk
   * (and refuse the entry), so it does not run ahead of the writer.
   */
  private boolean throughAFile(List<String> target) {
    for (int i = 1; i < target.size(); i++) {
      if (files.contains(target.subList(0, i))) {
        return true;
      }
    }
    return false;
  }

  /** Remembers a name and, when its parent changed, every directory above it. */
  private void seen(List<String> target) {
    used.add(target);
    List<String> parent = target.subList(0, target.size() - 1);
    if (!parent.equals(lastParent)) {
      for (int i = 1; i <= parent.size(); i++) {
        used.add(List.copyOf(parent.subList(0, i)));
      }
      lastParent = List.copyOf(parent);
    }
  }

  /** Reads a small file's content, checked against the caps, and hands it to the writer. */
  private void smallFile(
      RootedTree tree,
      FileWriteBehind writer,
      TarArchiveInputStream in,
      TarArchiveEntry entry,
      List<String> target,
      byte[] buffer)
      throws IOException {
    String name = entry.getName();
    budget.checkFileSize(name, entry.getSize());
    budget.checkTotal(name, entry.getSize());
    walk(tree, target, name).close(); // creates the parents, refuses a link or file on the way
    byte[] data = new byte[(int) entry.getSize()];
    int copied = 0;
    for (int n; (n = read(in, buffer, name)) > 0; ) {
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

  private void unpackEntry(
      RootedTree tree,
      EntryNames names,
      TarArchiveInputStream in,
      TarArchiveEntry entry,
      List<String> target,
      byte[] buffer)
      throws IOException {
    String name = entry.getName();
    if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
      throw refuse(name, "is a device or FIFO");
    } else if (entry.isDirectory()) {
      directory(tree, target, name);
    } else if (entry.isSymbolicLink()) {
      symlink(tree, target, name, entry.getLinkName());
    } else if (entry.isLink()) {
      hardLink(tree, target, name, names.of(entry.getLinkName()), entry.getLinkName());
    } else if (entry.isFile()) {
      file(tree, in, entry, target, buffer);
    } else {
      throw refuse(name, "has an unsupported type");
    }
  }

  private void directory(RootedTree tree, List<String> target, String name) throws IOException {
    try (RootedTree.Place place = walk(tree, target, name)) {
      RootedTree.Kind kind = RootedTree.kindOf(place.parent(), place.name());
      if (kind == RootedTree.Kind.MISSING) {
        Files.createDirectory(place.absolute());
      } else if (kind != RootedTree.Kind.DIRECTORY) {
        throw refuse(name, "replaces a " + describe(target, kind) + " with a directory");
      }
    }
  }

  private void file(
      RootedTree tree,
      TarArchiveInputStream in,
      TarArchiveEntry entry,
      List<String> target,
      byte[] buffer)
      throws IOException {
    String name = entry.getName();
    // Checked against the header first, and again while copying (sparse or lying headers).
    budget.checkFileSize(name, entry.getSize());
    budget.checkTotal(name, entry.getSize());
    try (RootedTree.Place place = walk(tree, target, name);
        SeekableByteChannel out = createNew(place, target, name, fileMode(entry.getMode()))) {
      ByteBuffer wrapped = ByteBuffer.wrap(buffer);
      long copied = 0;
      for (int n; (n = read(in, buffer, name)) > 0; ) {
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
  private void symlink(RootedTree tree, List<String> target, String name, String linkTarget)
      throws IOException {
    if (linkTarget.isEmpty() || linkTarget.startsWith("/") || linkTarget.indexOf('\0') >= 0) {
      throw refuse(
          name,
          "is a symbolic link to \""
              + shortened(linkTarget)
              + "\": only relative targets inside the artifact are allowed");
    }
    try (RootedTree.Place place = replaceable(tree, target, name)) {
      RootedTree.createFile(place, PosixFilePermissions.asFileAttribute(Set.of())).close();
    }
    pendingLinks.put(target, linkTarget);
  }

  private void hardLink(
      RootedTree tree, List<String> target, String name, List<String> source, String sourceName)
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
    try (RootedTree.Place place = replaceable(tree, target, name)) {
      Files.createLink(place.absolute(), tree.absolute(source));
    }
    files.add(target);
  }

  /** Opens the parent of a file or link to be written; an earlier file or link there is removed. */
  private RootedTree.Place replaceable(RootedTree tree, List<String> target, String name)
      throws IOException {
    RootedTree.Place place = walk(tree, target, name);
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
  private RootedTree.Place walk(RootedTree tree, List<String> target, String name)
      throws IOException {
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

  /** A read error of a verified blob means the archive itself is broken: not worth retrying. */
  private static TarArchiveEntry next(TarArchiveInputStream in, String previous)
      throws IOException {
    try {
      return in.getNextEntry();
    } catch (CorruptBlobException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw corrupt(previous == null ? "at its start" : "after entry \"" + previous + "\"", e);
    }
  }

  private static int read(TarArchiveInputStream in, byte[] buffer, String name) throws IOException {
    try {
      return in.read(buffer);
    } catch (IOException | RuntimeException e) {
      throw corrupt("in entry \"" + shortened(name) + "\"", e);
    }
  }

  static CorruptBlobException corrupt(String where, Exception e) {
    CorruptBlobException corrupt =
        new CorruptBlobException(
            "the archive is not a valid tar.gz "
                + where
                + " ("
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + "): the artifact is damaged, push it again");
    corrupt.initCause(e);
    return corrupt;
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

  static String shortened(String value) {
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }

  static RegistryException refuse(String name, String reason) {
    return new RegistryException(
        RegistryException.Kind.INVALID,
        "unsafe archive entry \"" + shortened(name) + "\" " + reason + ": refusing to unpack");
  }
}
