package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The archive of a directory is byte for byte the tar that Files.walk, sorted, gave before the walk
 * was rewritten (one listing per directory, attributes read once): same entries, same order, same
 * headers, so the same tree keeps its content digest.
 */
class DirectoryArchiveProperties {

  /** A path under the tree, and what to make there. */
  record Node(String path, int kind, int mode) {}

  @Property(tries = 100)
  void theTarIsTheOneTheSortedWalkGave(@ForAll("trees") List<Node> nodes) throws Exception {
    Path root = Files.createTempDirectory("archive-property-");
    try {
      Path tree = Files.createDirectory(root.resolve("results"));
      make(tree, nodes);
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      String digest = DirectoryArchive.write(tree, "out", gz);
      byte[] tar;
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
        tar = in.readAllBytes();
      }
      byte[] expected = referenceTar(tree, "out");
      assertThat(tar).isEqualTo(expected);
      assertThat(digest).isEqualTo(Digests.sha256(expected));
    } finally {
      FileTrees.deleteRecursively(root);
    }
  }

  @Provide
  Arbitrary<List<Node>> trees() {
    // Names whose byte order differs from a per-directory order: "a" < "a-b" < "a/x" < "a.c".
    Arbitrary<String> name = Arbitraries.of("a", "a-b", "a.c", "b", "é", "Z", "a b", "ß", "0");
    Arbitrary<String> path = name.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join("/", l));
    Arbitrary<Node> node =
        Combinators.combine(path, Arbitraries.integers().between(0, 2), Arbitraries.of(0644, 0755))
            .as(Node::new);
    return node.list().ofMaxSize(12);
  }

  /** Kind 0: directory; 1: file; 2: symbolic link. Clashing paths are skipped. */
  private static void make(Path tree, List<Node> nodes) throws IOException {
    for (Node node : nodes) {
      Path at = tree.resolve(node.path());
      try {
        Files.createDirectories(at.getParent());
        switch (node.kind()) {
          case 0 -> Files.createDirectories(at);
          case 1 -> Files.writeString(at, "content of " + node.path());
          default -> Files.createSymbolicLink(at, Path.of("../" + node.path()));
        }
        if (node.kind() != 2) {
          Files.setPosixFilePermissions(
              at, PosixFilePermissions.fromString(node.mode() == 0755 ? "rwxr-xr-x" : "rw-r--r--"));
          Files.setLastModifiedTime(at, FileTime.fromMillis(1_700_000_000_123L));
        }
      } catch (IOException clash) {
        // a file where a directory was wanted, or the reverse: that node is left out
      }
    }
  }

  /** The archive as it was written before: Files.walk, sorted, relativized. */
  private static byte[] referenceTar(Path root, String title) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(bytes, 512, StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      List<Path> paths;
      try (Stream<Path> walk = Files.walk(root)) {
        paths = walk.sorted().toList();
      }
      for (Path path : paths) {
        String relative = root.relativize(path).toString();
        String name = relative.isEmpty() ? title : title + "/" + relative;
        PosixFileAttributes attributes =
            Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        TarArchiveEntry entry;
        if (attributes.isSymbolicLink()) {
          entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          entry.setLinkName(Files.readSymbolicLink(path).toString());
        } else if (attributes.isDirectory()) {
          entry = new TarArchiveEntry(name + "/");
        } else {
          entry = new TarArchiveEntry(name);
          entry.setSize(attributes.size());
        }
        int mode = 0;
        for (PosixFilePermission permission : attributes.permissions()) {
          mode |= 1 << (8 - permission.ordinal());
        }
        entry.setMode((entry.getMode() & ~07777) | mode);
        entry.setModTime(
            FileTime.from(attributes.lastModifiedTime().to(TimeUnit.SECONDS), TimeUnit.SECONDS));
        tar.putArchiveEntry(entry);
        if (attributes.isRegularFile()) {
          tar.write(Files.readAllBytes(path));
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return bytes.toByteArray();
  }
}
