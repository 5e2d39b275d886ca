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
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Hostile archives: random sequences of directories, files, symbolic and hard links (with {@code
 * ..}, absolute and relative targets, repeated names, names through earlier links), written as a
 * real tar.gz and unpacked the way a pull does (staging directory inside the destination, moved
 * into place on success). Whatever the archive holds, nothing outside the destination changes and
 * no outside content is copied in.
 */
class TarExtractionProperties {
  private static final String TITLE = "top";

  /** Stands for the absolute path of the destination's parent, filled in per try. */
  private static final String OUTSIDE_TOKEN = "@OUT";

  /** The destination sits deep enough that any escape still lands inside the test's own tree. */
  private static final String DEST_PARENT = "l1/l2/l3/l4/l5/l6/l7/l8/l9/l10";

  private static final Map<String, String> OUTSIDE_FILES =
      Map.of(
          "outside/secret.txt", "OUTSIDE-SECRET-ROOT-7f3a",
          "l1/l2/l3/l4/l5/l6/l7/l8/l9/sibling/secret.txt", "OUTSIDE-SECRET-SIBLING-91c2",
          "l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/near.txt", "OUTSIDE-SECRET-NEAR-44d0",
          "l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/a/secret.txt", "OUTSIDE-SECRET-A-0b7e",
          "l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/x/secret.txt", "OUTSIDE-SECRET-X-5a19");

  enum Kind {
    DIRECTORY,
    FILE,
    SYMLINK,
    HARDLINK
  }

  /** One tar entry; {@code target} is the link name for links, the content for files. */
  record Item(Kind kind, String name, String target) {
    @Override
    public String toString() {
      return switch (kind) {
        case DIRECTORY -> name + "/";
        case FILE -> name + " = \"" + target + "\"";
        case SYMLINK -> name + " -> " + target;
        case HARDLINK -> name + " => " + target;
      };
    }
  }

  /** How a link target is made. */
  enum Aim {
    /** As many {@code ..} as the link is deep (plus {@code extra}), then {@code tail}. */
    EDGE,
    /** {@code b/b/../../..}: harmless lexically, a climb once {@code b -> .}. */
    LOOP,
    /** {@code tail} as it is. */
    LITERAL,
    /** An earlier entry's name plus {@code tail} (hard links) or an absolute path. */
    REFERENCE
  }

  /**
   * How an entry is generated: its name is literal or an earlier entry's name plus a suffix ({@code
   * nameRef >= 0}); its target is aimed as {@link Aim} says.
   */
  record Spec(
      Kind kind,
      String name,
      int nameRef,
      String suffix,
      Aim aim,
      int extra,
      String tail,
      int targetRef) {}

  private static final Path SHARED = sharedTree();
  private static final Map<String, String> BEFORE = snapshot(SHARED);

  @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
  void nothingOutsideTheDestinationChangesOrLeaksIn(@ForAll("archives") List<Item> items)
      throws Exception {
    Path destination = Files.createTempDirectory(SHARED.resolve(DEST_PARENT), "dest-");
    try {
      byte[] archive = gzippedTar(items, destination.getParent());
      boolean extracted = unpack(archive, destination);

      assertThat(snapshot(SHARED)).isEqualTo(BEFORE);
      assertNoOutsideContentIn(destination);
      try (Stream<Path> left = Files.list(destination)) {
        assertThat(left.map(p -> p.getFileName().toString()))
            .as("the staging directory is gone; only the title remains")
            .containsExactlyInAnyOrderElementsOf(extracted ? List.of(TITLE) : List.of());
      }
      if (extracted) {
        assertLinksStayInside(destination);
      }
    } finally {
      FileTrees.deleteRecursively(destination);
    }
  }

  @Provide
  Arbitrary<List<Item>> archives() {
    return spec().list().ofMinSize(1).ofMaxSize(5).map(TarExtractionProperties::resolve);
  }

  private static Arbitrary<Spec> spec() {
    Arbitrary<Kind> kind =
        Arbitraries.frequency(
            Tuple.of(1, Kind.DIRECTORY),
            Tuple.of(2, Kind.FILE),
            Tuple.of(4, Kind.SYMLINK),
            Tuple.of(3, Kind.HARDLINK));
    Arbitrary<String> name =
        Arbitraries.frequency(
            Tuple.of(2, TITLE),
            Tuple.of(4, "top/a"),
            Tuple.of(5, "top/b"),
            Tuple.of(3, "top/h"),
            Tuple.of(3, "top/a/b"),
            Tuple.of(6, "top/a/b/c"),
            Tuple.of(4, "top/a/b/c/d"),
            Tuple.of(1, "top/../x"),
            Tuple.of(1, "top/./a"),
            Tuple.of(1, "/top/a"));
    Arbitrary<Integer> nameRef =
        Arbitraries.frequencyOf(
            Tuple.of(2, Arbitraries.just(-1)), Tuple.of(1, Arbitraries.integers().between(0, 7)));
    Arbitrary<String> suffix = Arbitraries.of("", "", "/a", "/x/new", "/new", "/x/secret.txt");
    Arbitrary<Aim> aim =
        Arbitraries.frequency(
            Tuple.of(3, Aim.EDGE),
            Tuple.of(2, Aim.LOOP),
            Tuple.of(2, Aim.LITERAL),
            Tuple.of(3, Aim.REFERENCE));
    Arbitrary<Integer> extra =
        Arbitraries.frequency(Tuple.of(4, 0), Tuple.of(1, -1), Tuple.of(1, 1));
    Arbitrary<String> tail =
        Arbitraries.frequency(
            Tuple.of(5, "."),
            Tuple.of(2, ""),
            Tuple.of(2, "x"),
            Tuple.of(1, "a"),
            Tuple.of(1, "b"),
            Tuple.of(1, ".."),
            Tuple.of(1, "near.txt"),
            Tuple.of(1, "x/secret.txt"),
            Tuple.of(1, "a/b"),
            Tuple.of(1, ABSOLUTE),
            Tuple.of(1, "/"));
    return Combinators.combine(
            kind, name, nameRef, suffix, aim, extra, tail, Arbitraries.integers().between(0, 7))
        .as(Spec::new);
  }

  /** Marks a tail that stands for the absolute path of the destination's parent. */
  private static final String ABSOLUTE = OUTSIDE_TOKEN + "/near.txt";

  /** Turns specs into entries: names through earlier names, targets at the lexical edge. */
  static List<Item> resolve(List<Spec> specs) {
    List<Item> items = new ArrayList<>();
    for (Spec spec : specs) {
      String name =
          spec.nameRef() >= 0 && !items.isEmpty()
              ? items.get(spec.nameRef() % items.size()).name() + spec.suffix()
              : spec.name();
      String target =
          spec.kind() == Kind.HARDLINK ? hardLinkTarget(spec, items) : symlinkTarget(spec, name);
      items.add(new Item(spec.kind(), name, spec.kind() == Kind.FILE ? "hello" : target));
    }
    return items;
  }

  private static String hardLinkTarget(Spec spec, List<Item> items) {
    if (spec.tail().startsWith(OUTSIDE_TOKEN) || spec.tail().equals("/")) {
      return OUTSIDE_TOKEN + "/near.txt";
    }
    if (spec.aim() == Aim.LITERAL || items.isEmpty()) {
      return spec.name() + spec.suffix();
    }
    // Half of the referring hard links aim at the latest symbolic link: the dangerous kind.
    List<Item> links = items.stream().filter(i -> i.kind() == Kind.SYMLINK).toList();
    Item target =
        spec.targetRef() % 2 == 0 && !links.isEmpty()
            ? links.get(links.size() - 1)
            : items.get(spec.targetRef() % items.size());
    return target.name() + (spec.aim() == Aim.LOOP ? spec.suffix() : "");
  }

  private static String symlinkTarget(Spec spec, String name) {
    int depth = (int) name.chars().filter(c -> c == '/').count() - 1;
    return switch (spec.aim()) {
      case EDGE, REFERENCE -> join("../".repeat(Math.max(0, depth + spec.extra())), spec.tail());
      case LOOP -> {
        int k = 1 + spec.targetRef() % 3;
        yield join("b/".repeat(k) + "../".repeat(Math.max(1, k + spec.extra())), spec.tail());
      }
      case LITERAL -> spec.tail().isEmpty() ? "." : spec.tail();
    };
  }

  private static String join(String climb, String tail) {
    String joined = tail.startsWith(OUTSIDE_TOKEN) || tail.equals("/") ? tail : climb + tail;
    joined =
        joined.endsWith("/") && joined.length() > 1
            ? joined.substring(0, joined.length() - 1)
            : joined;
    return joined.isEmpty() ? "." : joined;
  }

  static byte[] gzippedTar(List<Item> items, Path outside) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar =
        new TarArchiveOutputStream(new GZIPOutputStream(bytes), StandardCharsets.UTF_8.name())) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Item item : items) {
        String target = item.target().replace(OUTSIDE_TOKEN, outside.toString());
        TarArchiveEntry entry =
            switch (item.kind()) {
              case DIRECTORY -> new TarArchiveEntry(item.name() + "/");
              case FILE -> new TarArchiveEntry(item.name());
              case SYMLINK -> new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK);
              case HARDLINK -> new TarArchiveEntry(item.name(), TarConstants.LF_LINK);
            };
        byte[] content = new byte[0];
        if (item.kind() == Kind.FILE) {
          content = target.getBytes(StandardCharsets.UTF_8);
          entry.setSize(content.length);
        } else if (item.kind() == Kind.SYMLINK || item.kind() == Kind.HARDLINK) {
          entry.setLinkName(target);
        }
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * What a pull does with a directory layer: unpack into a staging directory inside the
   * destination, move the title into place on success, always remove the staging directory.
   *
   * @return whether the archive was accepted
   */
  static boolean unpack(byte[] gzippedTar, Path destination) throws IOException {
    try {
      unpackOrThrow(gzippedTar, destination);
      return true;
    } catch (RegistryException refused) {
      return false;
    }
  }

  static void unpackOrThrow(byte[] gzippedTar, Path destination) throws IOException {
    Path staging = Files.createTempDirectory(destination, ".oras-pull-");
    try (InputStream tar = new GZIPInputStream(new ByteArrayInputStream(gzippedTar))) {
      new TarExtractor(ExtractionLimits.DEFAULT).extract(tar, staging, TITLE);
      Files.move(
          staging.resolve(TITLE), destination.resolve(TITLE), StandardCopyOption.ATOMIC_MOVE);
    } finally {
      FileTrees.deleteRecursively(staging);
    }
  }

  /** A tree of known files around the destinations, made once for all tries. */
  private static Path sharedTree() {
    try {
      Path base = Files.createTempDirectory("tar-escape-");
      for (Map.Entry<String, String> file : OUTSIDE_FILES.entrySet()) {
        Trees.write(base.resolve(file.getKey()), file.getValue());
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> FileTrees.deleteQuietly(base)));
      return base;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every path of the test tree but the destinations, with its kind, content or target. */
  private static Map<String, String> snapshot(Path base) {
    Map<String, String> tree = new TreeMap<>();
    Path destinations = base.resolve(DEST_PARENT);
    try (Stream<Path> walk = Files.walk(base)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        boolean destination =
            p.startsWith(destinations)
                && p.getNameCount() > destinations.getNameCount()
                && p.getName(destinations.getNameCount()).toString().startsWith("dest-");
        if (!destination) {
          tree.put(base.relativize(p).toString(), describe(p));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return tree;
  }

  private static String describe(Path p) throws IOException {
    if (Files.isSymbolicLink(p)) {
      return "link -> " + Files.readSymbolicLink(p);
    }
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      return "dir";
    }
    return "file " + Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  private static void assertNoOutsideContentIn(Path destination) throws IOException {
    try (Stream<Path> walk = Files.walk(destination)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          String content = Files.readString(p, StandardCharsets.ISO_8859_1);
          for (String secret : OUTSIDE_FILES.values()) {
            assertThat(content).as("content of " + p).doesNotContain(secret);
          }
        }
      }
    }
  }

  /** Every link of the result that resolves at all resolves inside the destination. */
  private static void assertLinksStayInside(Path destination) throws IOException {
    Path top = destination.resolve(TITLE);
    assertThat(Files.isSymbolicLink(top)).as("the extracted title is a link").isFalse();
    Path realDestination = destination.toRealPath();
    List<Path> links = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(top)) {
      walk.filter(Files::isSymbolicLink).forEach(links::add);
    }
    for (Path link : links) {
      if (Files.exists(link)) {
        assertThat(link.toRealPath()).as("where " + link + " leads").startsWith(realDestination);
      }
    }
  }
}
