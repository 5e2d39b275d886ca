package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DoneFileTest {
  @TempDir Path share;

  @Test
  @Timeout(30)
  void theWatchSeesTheDoneFileWithoutTheFallbackCheck() throws Exception {
    // The fallback check would come only after an hour: returning at all proves the watch fired.
    CompletableFuture<Integer> waiting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return DoneFile.awaitExitCode(share, Duration.ofHours(1));
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    Thread.sleep(200);
    assertThat(waiting).isNotDone();
    Path partial = Files.writeString(share.resolve(".oras-done.tmp"), "7\n");
    Files.move(partial, share.resolve("oras-operator-done.txt"), StandardCopyOption.ATOMIC_MOVE);
    assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(7);
  }

  @Test
  void aDoneFileThatIsAlreadyThereIsReadAtOnce() throws Exception {
    Files.writeString(share.resolve("oras-operator-done.txt"), "0\n");
    assertThat(DoneFile.awaitExitCode(share, Duration.ofHours(1))).isZero();
  }

  @Test
  void garbageInTheDoneFileIsNamed() {
    assertThatThrownBy(() -> DoneFile.parse("done!", Path.of("/mnt/oras/oras-operator-done.txt")))
        .hasMessageContaining("should hold the app's exit code (0-255) but holds \"done!\"");
    assertThatThrownBy(() -> DoneFile.parse("300", Path.of("x"))).hasMessageContaining("\"300\"");
  }
}
