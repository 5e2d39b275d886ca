package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// A drain that waits for files never handed over would hang: it fails here instead.
@Timeout(30)
class FileWriteBehindTest {
  @TempDir Path staging;

  private static final FileTime TIME = FileTime.fromMillis(1_600_000_000_000L);

  private static void submit(FileWriteBehind writer, String directory, String name, String text)
      throws IOException {
    writer.submit(
        List.of(directory, name),
        text.getBytes(StandardCharsets.UTF_8),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")),
        TIME);
  }

  @Test
  void everyFileSubmittedIsWrittenByTheDrainWhateverTheBatchesHeld() throws Exception {
    Files.createDirectory(staging.resolve("d"));
    // Not a multiple of a batch, and one file large enough to close a batch by its bytes.
    int files = 3 * FileWriteBehind.BATCH_FILES + 5;
    try (FileWriteBehind writer = new FileWriteBehind(staging)) {
      for (int i = 0; i < files; i++) {
        submit(
            writer, "d", "f" + i, i == 7 ? "x".repeat(FileWriteBehind.BATCH_BYTES) : "file " + i);
      }
      writer.drain();
      for (int i = 0; i < files; i++) {
        Path file = staging.resolve("d/f" + i);
        assertThat(Files.size(file))
            .isEqualTo(i == 7 ? FileWriteBehind.BATCH_BYTES : ("file " + i).length());
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(TIME);
      }
      writer.drain(); // nothing pending: returns at once
    }
  }

  @Test
  void aFileThatCannotBeWrittenFailsTheDrainWithItsOwnError() throws Exception {
    Files.createDirectory(staging.resolve("d"));
    Files.writeString(staging.resolve("d/second"), "already there"); // files are only ever created
    try (FileWriteBehind writer = new FileWriteBehind(staging)) {
      submit(writer, "d", "first", "ok");
      submit(writer, "d", "second", "lost");
      assertThatThrownBy(writer::drain)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("second");
      assertThat(staging.resolve("d/first")).hasContent("ok");
      assertThat(staging.resolve("d/second")).hasContent("already there");
    }
  }
}
