package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.TarExtractionProperties.Kind.DIRECTORY;
import static io.github.oras.operator.sidecar.TarExtractionProperties.Kind.FILE;
import static io.github.oras.operator.sidecar.TarExtractionProperties.Kind.HARDLINK;
import static io.github.oras.operator.sidecar.TarExtractionProperties.Kind.SYMLINK;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.sidecar.TarExtractionProperties.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three escapes found in archives of individually harmless entries: each used to write outside
 * the destination or copy a host file into it.
 */
class ArchiveEscapeTest {
  private static final String SECRET = "HOST-SECRET-5e1d";

  @TempDir Path base;
  Path destination;
  Path outsideDir;
  Map<String, String> before;

  @BeforeEach
  void outsideTree() throws Exception {
    destination = Files.createDirectories(base.resolve("dest"));
    outsideDir = base.resolve("a");
    Trees.write(outsideDir.resolve("secret.txt"), SECRET);
    Trees.write(base.resolve("sibling/keep.txt"), "keep");
    before = Trees.describe(outsideDir);
  }

  /** Unpacks as a pull does; returns the refusal message, or null when it was accepted. */
  private String unpack(Item... items) throws Exception {
    byte[] archive = TarExtractionProperties.gzippedTar(List.of(items), base);
    try {
      TarExtractionProperties.unpackOrThrow(archive, destination);
      return null;
    } catch (RegistryException e) {
      return e.getMessage();
    }
  }

  private void assertNothingEscaped() throws Exception {
    assertThat(Trees.describe(outsideDir)).isEqualTo(before);
    assertThat(base.resolve("sibling/keep.txt")).hasContent("keep");
    try (var files = Files.walk(destination)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          assertThat(Files.readString(p)).as("content of " + p).doesNotContain(SECRET);
        }
      }
    }
  }

  @Test
  void aHardLinkToASymlinkDoesNotCarryTheLinkToAnotherDirectory() throws Exception {
    // top/d1/d2/d3/l -> ../../../a is top/a; the same target from top/h is ../../../a = outside.
    String refusal =
        unpack(
            new Item(DIRECTORY, "top/d1/d2/d3", ""),
            new Item(SYMLINK, "top/d1/d2/d3/l", "../../../a"),
            new Item(HARDLINK, "top/h", "top/d1/d2/d3/l"),
            new Item(FILE, "top/h/x/planted.txt", "pwned"));
    assertNothingEscaped();
    assertThat(refusal).contains("\"top/h\"").contains("hard link").contains("symbolic link");
    assertThat(destination).isEmptyDirectory();
  }

  @Test
  void aSymlinkChainThatNormalisesInsideButResolvesToTheRootIsRefused() throws Exception {
    // b -> . makes b/b/.../../.. climb one real level per "..": lexically ".", really "/".
    Path top = destination.resolve(".oras-pull-x/top").toAbsolutePath();
    int levels = top.getNameCount();
    String climb = "b/".repeat(levels) + "../".repeat(levels - 1) + "..";
    String secret = outsideDir.resolve("secret.txt").toString().substring(1);
    assertThat(unpack(new Item(SYMLINK, "top/b", "."), new Item(SYMLINK, "top/root", climb)))
        .contains("\"top/root\" is a symbolic link to \"b/b/")
        .contains("resolves outside the artifact");
    String refusal =
        unpack(
            new Item(SYMLINK, "top/b", "."),
            new Item(SYMLINK, "top/root", climb),
            new Item(HARDLINK, "top/copy", "top/root/" + secret));
    assertNothingEscaped();
    assertThat(refusal).contains("\"top/copy\" is a hard link to \"top/root/");
    assertThat(destination).isEmptyDirectory();
  }

  @Test
  void aNameReplacedByAnOutsideLinkIsNeverWrittenThrough() throws Exception {
    String refusal =
        unpack(
            new Item(DIRECTORY, "top/d1/d2/d3", ""),
            new Item(SYMLINK, "top/d1/d2/d3/l", "../../../a"),
            new Item(SYMLINK, "top/n", "d1"),
            new Item(HARDLINK, "top/n", "top/d1/d2/d3/l"),
            new Item(FILE, "top/n/x/planted.txt", "pwned"));
    assertNothingEscaped();
    assertThat(refusal).contains("\"top/n");
    assertThat(destination).isEmptyDirectory();
  }

  @Test
  void anAcceptedArchiveKeepsItsInnerLinksWorking() throws Exception {
    String refusal =
        unpack(
            new Item(SYMLINK, "top/early", "d1/d2/f.txt"),
            new Item(DIRECTORY, "top/d1/d2", ""),
            new Item(FILE, "top/d1/d2/f.txt", "inner"),
            new Item(SYMLINK, "top/d1/d2/up", "../../early"),
            new Item(HARDLINK, "top/twin", "top/d1/d2/f.txt"),
            new Item(SYMLINK, "top/self", "."));
    assertThat(refusal).isNull();
    Path top = destination.resolve("top");
    assertThat(top.resolve("early")).hasContent("inner");
    assertThat(top.resolve("d1/d2/up")).hasContent("inner");
    assertThat(top.resolve("twin")).hasContent("inner");
    assertThat(Files.readSymbolicLink(top.resolve("self"))).isEqualTo(Path.of("."));
    try (var list = Files.list(destination)) {
      assertThat(list).containsExactly(top);
    }
  }
}
