package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive a directory is pushed as: what `oras push` and GNU tar would write. */
class DirectoryArchiveTest {
  @TempDir Path tree;

  private byte[] tarOf(Path directory) throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    DirectoryArchive.write(directory, "out", gz);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      return in.readAllBytes();
    }
  }

  /** The type flag of every 512-byte header of a tar, read from the raw records. */
  private static List<Character> headerTypes(byte[] tar) {
    List<Character> types = new ArrayList<>();
    for (int at = 0; at + 512 <= tar.length && tar[at] != 0; ) {
      types.add((char) tar[at + 156]);
      String octal = new String(tar, at + 124, 12, StandardCharsets.US_ASCII).trim();
      long size = octal.isEmpty() ? 0 : Long.parseLong(octal.replace("\0", ""), 8);
      at += 512 + (int) ((size + 511) / 512 * 512);
    }
    return types;
  }

  @Test
  void modificationTimesAreWholeSecondsSoEntriesNeedNoPaxHeaders() throws Exception {
    Path directory = Files.createDirectories(tree.resolve("results/sub"));
    Path file = Files.writeString(directory.resolve("numbers.txt"), "1\n2\n");
    Instant fractional = Instant.parse("2026-12-02T06:30:15.987654321Z");
    Files.setLastModifiedTime(file, FileTime.from(fractional));
    Files.setLastModifiedTime(directory, FileTime.from(fractional));

    byte[] tar = tarOf(tree.resolve("results"));

    assertThat(headerTypes(tar)).as("one header per entry, no PAX 'x' records").doesNotContain('x');
    assertThat(headerTypes(tar)).hasSize(3);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        if (entry.getName().equals("out/sub/numbers.txt")) {
          assertThat(entry.getLastModifiedTime().toInstant())
              .isEqualTo(Instant.parse("2026-12-02T06:30:15Z"));
          return;
        }
      }
    }
    throw new AssertionError("out/sub/numbers.txt is not in the archive");
  }

  @Test
  void gnuTarUnpacksTheArchive() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tar")), "GNU tar is installed");
    Path results = Files.createDirectories(tree.resolve("results/sub"));
    Files.writeString(results.resolve("numbers.txt"), "1\n2\n".repeat(10_000));
    Files.writeString(tree.resolve("results/é.txt"), "accent");
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    DirectoryArchive.write(tree.resolve("results"), "out", gz);
    Path archive = Files.write(tree.resolve("out.tar.gz"), gz.toByteArray());
    Path unpacked = Files.createDirectory(tree.resolve("unpacked"));

    Process tar =
        new ProcessBuilder("/usr/bin/tar", "-xzf", archive.toString(), "-C", unpacked.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(tar.waitFor()).as(output).isZero();
    assertThat(unpacked.resolve("out/sub/numbers.txt")).hasContent("1\n2\n".repeat(10_000));
    assertThat(unpacked.resolve("out/é.txt")).hasContent("accent");
  }
}
