package io.github.oras.operator.sidecar;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;

/**
 * A directory tree (the fresh staging directory an archive is unpacked into, or the directory a
 * pull delivers to) touched only through open directory handles ({@link SecureDirectoryStream},
 * openat-style): every path component is looked at with {@code NOFOLLOW_LINKS} as it really is on
 * disk, and a component that is not a real directory stops the walk. The JDK has no handle-relative
 * mkdir, symlink or link: those use the absolute path of a parent that was just verified component
 * by component, in a directory only this process writes to.
 */
final class RootedTree implements Closeable {
  private static final Set<java.nio.file.OpenOption> CREATE_NEW =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final Path root;
  private final SecureDirectoryStream<Path> handle;

  /** The parent directory {@link #openShared} opened last, and its components; or null. */
  private List<String> sharedPath;

  private SecureDirectoryStream<Path> sharedHandle;

  /** What a name is on disk right now. */
  enum Kind {
    MISSING,
    DIRECTORY,
    FILE,
    SYMLINK,
    OTHER
  }

  /**
   * An open parent directory and the name of the entry in it. A place from {@link #openShared}
   * borrows the tree's handle, which the tree closes; closing the place then does nothing.
   */
  record Place(
      SecureDirectoryStream<Path> parent,
      Path name,
      RootedTree tree,
      List<String> components,
      boolean shared)
      implements Closeable {
    /** The entry's path from the tree's root (for the calls the JDK has no handle form of). */
    Path absolute() {
      return tree.absolute(components);
    }

    @Override
    public void close() throws IOException {
      if (!shared) {
        parent.close();
      }
    }
  }

  /** A component on the way that is not a real directory. */
  static final class Blocked extends IOException {
    private static final long serialVersionUID = 1L;
    final List<String> at;
    final Kind kind;

    Blocked(List<String> at, Kind kind) {
      super(String.join("/", at) + " is " + kind);
      this.at = at;
      this.kind = kind;
    }
  }

  RootedTree(Path root) throws IOException {
    this.root = root;
    DirectoryStream<Path> stream = Files.newDirectoryStream(root);
    if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
      stream.close();
      throw new IOException(
          "this platform has no SecureDirectoryStream; refusing to unpack archives without it");
    }
    this.handle = secure;
  }

  Path absolute(List<String> components) {
    return root.resolve(String.join("/", components));
  }

  /**
   * Opens the parent of {@code components}, walking from the root without following links; missing
   * directories are created when {@code create}.
   *
   * @throws Blocked when a component is missing (and not created), a link or a file
   */
  Place open(List<String> components, boolean create) throws IOException {
    SecureDirectoryStream<Path> current = handle;
    boolean own = false;
    try {
      for (int i = 0; i < components.size() - 1; i++) {
        Path component = Path.of(components.get(i));
        Kind kind = kindOf(current, component);
        if (kind == Kind.MISSING && create) {
          Files.createDirectory(absolute(components.subList(0, i + 1)));
        } else if (kind != Kind.DIRECTORY) {
          throw new Blocked(List.copyOf(components.subList(0, i + 1)), kind);
        }
        SecureDirectoryStream<Path> child =
            current.newDirectoryStream(component, LinkOption.NOFOLLOW_LINKS);
        if (own) {
          current.close();
        }
        current = child;
        own = true;
      }
      SecureDirectoryStream<Path> parent = own ? current : reopenRoot();
      own = false;
      return new Place(
          parent, Path.of(components.get(components.size() - 1)), this, components, false);
    } finally {
      if (own) {
        current.close();
      }
    }
  }

  private SecureDirectoryStream<Path> reopenRoot() throws IOException {
    return handle.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS);
  }

  static Kind kindOf(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    try {
      BasicFileAttributes attributes =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
      if (attributes.isSymbolicLink()) {
        return Kind.SYMLINK;
      }
      if (attributes.isDirectory()) {
        return Kind.DIRECTORY;
      }
      return attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
    } catch (NoSuchFileException e) {
      return Kind.MISSING;
    }
  }

  /**
   * What {@code components} is, looked up without following any link on the way; {@code OTHER} when
   * a component on the way is not a directory.
   */
  Kind kindOf(List<String> components) throws IOException {
    try (Place place = open(components, false)) {
      return kindOf(place.parent(), place.name());
    } catch (Blocked b) {
      return Kind.OTHER;
    }
  }

  /** Creates a new file in {@code place}; never opens an existing file or follows a link. */
  static SeekableByteChannel createFile(Place place, FileAttribute<?> mode) throws IOException {
    return place.parent().newByteChannel(place.name(), CREATE_NEW, mode);
  }

  /**
   * Sets the modification time, and the access time to now as GNU tar does. Both are given: with
   * only one the JDK reads the file's attributes first to keep the other, one more system call for
   * every file of an archive (10,000 for a directory of 10,000 files).
   */
  static void setModifiedTime(Place place, FileTime time) throws IOException {
    place
        .parent()
        .getFileAttributeView(place.name(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, FileTime.fromMillis(System.currentTimeMillis()), null);
  }

  /** Removes a file or link (never what it points to); a directory is left alone. */
  static void removeFile(Place place) throws IOException {
    place.parent().deleteFile(place.name());
  }

  /**
   * As {@link #open} with {@code create}, but the parent's handle is kept open and handed out again
   * while the next entries share that parent (an archive lists a directory's files together), so
   * that the walk from the root and its handles are paid once per directory, not once per file. A
   * shared place is valid until the next call. Safe for a tree only this process writes to and in
   * which no directory is ever removed, renamed or replaced: a path once verified to be a real
   * directory stays that same directory.
   */
  Place openShared(List<String> components) throws IOException {
    int parentSize = components.size() - 1;
    if (sharedPath == null || !sameParent(components, parentSize)) {
      if (sharedHandle != null) {
        sharedHandle.close();
        sharedHandle = null;
        sharedPath = null;
      }
      Place opened = open(components, true);
      sharedHandle = opened.parent();
      sharedPath = List.copyOf(components.subList(0, parentSize));
    }
    Path name = Path.of(components.get(parentSize));
    return new Place(sharedHandle, name, this, components, true);
  }

  private boolean sameParent(List<String> components, int parentSize) {
    if (sharedPath.size() != parentSize) {
      return false;
    }
    for (int i = parentSize - 1; i >= 0; i--) {
      if (!sharedPath.get(i).equals(components.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    try {
      if (sharedHandle != null) {
        sharedHandle.close();
      }
    } finally {
      handle.close();
    }
  }
}
