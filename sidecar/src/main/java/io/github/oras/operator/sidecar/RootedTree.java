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
  private final Path root;
  private final SecureDirectoryStream<Path> handle;

  /** What a name is on disk right now. */
  enum Kind {
    MISSING,
    DIRECTORY,
    FILE,
    SYMLINK,
    OTHER
  }

  /** An open parent directory and the name of the entry in it. */
  record Place(SecureDirectoryStream<Path> parent, Path name, Path absolute) implements Closeable {
    @Override
    public void close() throws IOException {
      parent.close();
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
          parent, Path.of(components.get(components.size() - 1)), absolute(components));
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
    return place
        .parent()
        .newByteChannel(
            place.name(),
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            mode);
  }

  static void setModifiedTime(Place place, FileTime time) throws IOException {
    place
        .parent()
        .getFileAttributeView(place.name(), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(time, null, null);
  }

  /** Removes a file or link (never what it points to); a directory is left alone. */
  static void removeFile(Place place) throws IOException {
    place.parent().deleteFile(place.name());
  }

  @Override
  public void close() throws IOException {
    handle.close();
  }
}
