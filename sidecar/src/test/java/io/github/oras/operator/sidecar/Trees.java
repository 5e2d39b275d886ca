package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Compares directory trees by names, kinds, contents and link targets. */
final class Trees {
  private Trees() {}

  static void assertSameTree(Path expected, Path actual) throws IOException {
    assertThat(describe(actual)).isEqualTo(describe(expected));
  }

  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        String name = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          tree.put(name, "link -> " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(name, "dir");
        } else {
          tree.put(name, "file " + Digests.sha256(p) + (Files.isExecutable(p) ? " x" : ""));
        }
      }
    }
    return tree;
  }

  static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  static Path random(Path file, int size, long seed) throws IOException {
    byte[] bytes = new byte[size];
    new java.util.Random(seed).nextBytes(bytes);
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }
}
