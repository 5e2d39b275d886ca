package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {
  @TempDir Path root;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

  private void file(String name, String content) throws Exception {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length());
    tar.putArchiveEntry(entry);
    tar.write(content.getBytes());
    tar.closeArchiveEntry();
  }

  private void link(String name, String target, byte type) throws Exception {
    TarArchiveEntry entry = new TarArchiveEntry(name, type);
    entry.setLinkName(target);
    tar.putArchiveEntry(entry);
    tar.closeArchiveEntry();
  }

  private void extract(long maxFile) throws Exception {
    tar.close();
    new TarExtractor(ExtractionLimits.DEFAULT.withMaxFileBytes(maxFile))
        .extract(new ByteArrayInputStream(bytes.toByteArray()), root, "top");
  }

  @Test
  void aWellFormedTreeIsExtracted() throws Exception {
    file("top/a.txt", "a");
    file("top/sub/b.txt", "b");
    link("top/link", "sub/b.txt", TarConstants.LF_SYMLINK);
    link("top/hard", "top/a.txt", TarConstants.LF_LINK);
    extract(1 << 20);
    assertThat(root.resolve("top/sub/b.txt")).hasContent("b");
    assertThat(Files.readSymbolicLink(root.resolve("top/link"))).isEqualTo(Path.of("sub/b.txt"));
    assertThat(root.resolve("top/hard")).hasContent("a");
  }

  @Test
  void writingThroughAnEarlierSymlinkIsRefused() throws Exception {
    Path outside = Files.createTempDirectory("outside");
    link("top/door", outside.toString(), TarConstants.LF_SYMLINK);
    file("top/door/planted.txt", "x");
    assertThatThrownBy(() -> extract(1 << 20))
        .hasMessageContaining("unsafe archive entry \"top/door\"");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void aSymlinkInsideThatIsThenUsedAsADirectoryIsRefused() throws Exception {
    Files.createDirectories(root.resolve("top"));
    link("top/inner", ".", TarConstants.LF_SYMLINK);
    file("top/inner/x.txt", "x");
    assertThatThrownBy(() -> extract(1 << 20))
        .hasMessageContaining("would be written through the symbolic link top/inner");
  }

  @Test
  void aLinkThatClimbsAfterPassingThroughAFileIsStillResolved() throws Exception {
    file("top/f", "f");
    link("top/b", ".", TarConstants.LF_SYMLINK);
    link("top/up", "f/../b/b/../..", TarConstants.LF_SYMLINK);
    assertThatThrownBy(() -> extract(1 << 20))
        .hasMessageContaining("\"top/up\" is a symbolic link to \"f/../b/b/../..\"")
        .hasMessageContaining("resolves outside the artifact");
  }

  @Test
  void hardLinksToOutsideAreRefused() throws Exception {
    link("top/passwd", "/etc/passwd", TarConstants.LF_LINK);
    assertThatThrownBy(() -> extract(1 << 20)).hasMessageContaining("is an absolute path");
  }

  @Test
  void filesOverTheCapAreRefused() throws Exception {
    file("top/big.bin", "0123456789");
    assertThatThrownBy(() -> extract(9))
        .hasMessageContaining("\"top/big.bin\" is over the limit of 9 bytes per file")
        .hasMessageContaining("--max-file-size or ORAS_MAX_FILE_SIZE");
  }

  @Test
  void theTotalSizeIsCappedAcrossFiles() throws Exception {
    file("top/one.bin", "01234");
    file("top/two.bin", "56789");
    tar.close();
    TarExtractor extractor = new TarExtractor(new ExtractionLimits(100, 9, 100));
    assertThatThrownBy(
            () -> extractor.extract(new ByteArrayInputStream(bytes.toByteArray()), root, "top"))
        .hasMessageContaining("\"top/two.bin\" brings the unpacked size over the limit of 9 bytes")
        .hasMessageContaining("--max-total-size or ORAS_MAX_TOTAL_SIZE");
  }

  @Test
  void theEntryCountIsCapped() throws Exception {
    file("top/a", "a");
    file("top/b", "b");
    tar.close();
    TarExtractor extractor = new TarExtractor(new ExtractionLimits(100, 100, 1));
    assertThatThrownBy(
            () -> extractor.extract(new ByteArrayInputStream(bytes.toByteArray()), root, "top"))
        .hasMessageContaining("\"top/b\" is one entry too many")
        .hasMessageContaining("more than 1 entries")
        .hasMessageContaining("--max-entries or ORAS_MAX_ENTRIES");
  }

  @Test
  void aBrokenTarIsACorruptBlobNotARetry() throws Exception {
    file("top/a", "a".repeat(2000));
    tar.close();
    byte[] cut = java.util.Arrays.copyOf(bytes.toByteArray(), 1000);
    assertThatThrownBy(
            () ->
                new TarExtractor(ExtractionLimits.DEFAULT)
                    .extract(new ByteArrayInputStream(cut), root, "top"))
        .isInstanceOf(CorruptBlobException.class)
        .hasMessageContaining("the archive is not a valid tar.gz in entry \"top/a\"");
  }

  @Test
  void devicesAreRefused() throws Exception {
    TarArchiveEntry device = new TarArchiveEntry("top/dev", TarConstants.LF_CHR);
    tar.putArchiveEntry(device);
    tar.closeArchiveEntry();
    assertThatThrownBy(() -> extract(1 << 20)).hasMessageContaining("is a device or FIFO");
  }

  @Test
  void layerTitlesMustBeRelativeAndPlain() {
    assertThat(OrasLayout.checkTitle("dir/file.txt")).isEqualTo("dir/file.txt");
    for (String bad : new String[] {"", "/etc/passwd", "../up", "a/../../b", "a//b", "./a"}) {
      assertThatThrownBy(() -> OrasLayout.checkTitle(bad))
          .hasMessageStartingWith("refusing layer title");
    }
  }

  // Small new files are written behind the reader (FileWriteBehind); these pin the outcomes that
  // must not depend on when the writer gets to them.

  @Test
  void aSmallFileThatALaterEntryUsesAsADirectoryIsRefusedNamingIt() throws Exception {
    file("top/f", "f");
    file("top/f/x.txt", "x");
    assertThatThrownBy(() -> extract(1 << 20))
        .hasMessageContaining("unsafe archive entry \"top/f/x.txt\"")
        .hasMessageContaining("would be written through the file top/f");
  }

  @Test
  void aSmallFileThatALaterDirectoryEntryReplacesIsRefused() throws Exception {
    file("top/d", "d");
    TarArchiveEntry directory = new TarArchiveEntry("top/d/");
    tar.putArchiveEntry(directory);
    tar.closeArchiveEntry();
    assertThatThrownBy(() -> extract(1 << 20))
        .hasMessageContaining("replaces a file top/d with a directory");
  }

  @Test
  void aNameListedTwiceKeepsTheLastContentAndHardLinksSeeIt() throws Exception {
    file("top/a", "first");
    file("top/a", "second");
    link("top/h", "top/a", TarConstants.LF_LINK);
    file("top/a", "third");
    extract(1 << 20);
    assertThat(root.resolve("top/a")).hasContent("third");
    assertThat(root.resolve("top/h")).hasContent("second");
  }

  @Test
  void manySmallFilesAndALargeOneLandWithTheirContentModeAndTime() throws Exception {
    java.nio.file.attribute.FileTime time =
        java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L);
    for (int i = 0; i < 600; i++) {
      TarArchiveEntry entry = new TarArchiveEntry("top/d" + (i % 7) + "/f" + i);
      byte[] content = ("file " + i).getBytes();
      entry.setSize(content.length);
      entry.setMode(i % 2 == 0 ? 0100640 : 0100755);
      entry.setModTime(time);
      tar.putArchiveEntry(entry);
      tar.write(content);
      tar.closeArchiveEntry();
    }
    file("top/large.bin", "L".repeat(200_000));
    long extracting = System.currentTimeMillis() - 1_000; // file systems may round to the second
    extract(1 << 20);
    for (int i = 0; i < 600; i++) {
      Path path = root.resolve("top/d" + (i % 7) + "/f" + i);
      // The access time is the extraction's, as GNU tar sets it, not the archive's; looked at
      // before the content is read, since reading an old access time (relatime) renews it.
      assertThat(
              Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class)
                  .lastAccessTime()
                  .toMillis())
          .isGreaterThanOrEqualTo(extracting);
      assertThat(path).hasContent("file " + i);
      assertThat(Files.getLastModifiedTime(path)).isEqualTo(time);
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  Files.getPosixFilePermissions(path)))
          .isEqualTo(i % 2 == 0 ? "rw-r-----" : "rwxr-xr-x");
    }
    assertThat(Files.size(root.resolve("top/large.bin"))).isEqualTo(200_000);
  }
}
