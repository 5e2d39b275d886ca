package io.github.oras.operator.sidecar;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
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
 * Anything else is refused, naming the entry; the caller removes the staging directory. This class
 * reads the entries in order, checks their names and the caps, and decides which small new files
 * may be written behind; the writing itself, by entry type, is {@link EntryWriter}'s. One instance
 * per archive.
 */
final class TarExtractor {
  private static final int BUFFER = 1 << 16;

  private final ExtractionBudget budget;

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
    try (RootedTree tree = new RootedTree(staging);
        FileWriteBehind writer = new FileWriteBehind(staging)) {
      EntryWriter entries = new EntryWriter(tree, writer, in, names, budget);
      entries.directory(names.title(), title);
      seen(names.title());
      String previous = null;
      for (TarArchiveEntry entry; (entry = next(in, previous)) != null; ) {
        previous = entry.getName();
        budget.entry(previous);
        List<String> target = names.of(previous);
        if (target.equals(names.title()) && !entry.isDirectory()) {
          throw refuse(previous, "is the artifact's top directory but not a directory");
        }
        if (isSmallNewFile(entry, target, entries)) {
          entries.smallFile(entry, target);
        } else {
          writer.drain(); // what follows looks at the tree: every earlier file is there first
          entries.unpack(entry, target);
        }
        seen(target);
      }
      writer.drain();
      entries.createLinks();
    }
  }

  /** A regular file whose name nothing in this archive has used yet, not even as a parent. */
  private boolean isSmallNewFile(TarArchiveEntry entry, List<String> target, EntryWriter entries) {
    return !entry.isCharacterDevice()
        && !entry.isBlockDevice()
        && !entry.isFIFO()
        && !entry.isDirectory()
        && !entry.isSymbolicLink()
        && !entry.isLink()
        && entry.isFile()
        && entry.getSize() <= FileWriteBehind.MAX_BYTES
        && !used.contains(target)
        && !entries.throughAFile(target);
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

  static String shortened(String value) {
    return value.length() > 60 ? value.substring(0, 60) + "..." : value;
  }

  static RegistryException refuse(String name, String reason) {
    return new RegistryException(
        RegistryException.Kind.INVALID,
        "unsafe archive entry \"" + shortened(name) + "\" " + reason + ": refusing to unpack");
  }
}
