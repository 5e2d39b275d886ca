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
  void theWatchWakesOnTheRenameWithoutTheFallbackCheck() throws Exception {
    try (ShareWatch watch = new ShareWatch(share)) {
      CompletableFuture<Long> woken =
          CompletableFuture.supplyAsync(
              () -> {
                long start = System.nanoTime();
                try {
                  watch.await(Duration.ofHours(1));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                return System.nanoTime() - start;
              });
      Thread.sleep(200);
      Path partial = Files.writeString(share.resolve(".tmp"), "run-1 0\n");
      Files.move(partial, share.resolve("oras-operator-done.txt"), StandardCopyOption.ATOMIC_MOVE);
      assertThat(woken.get(20, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }
    assertThat(DoneFile.read(share)).contains(new DoneFile.Done("run-1", 0));
  }

  @Test
  void noDoneFileIsNoRun() throws Exception {
    assertThat(DoneFile.read(share)).isEmpty();
  }

  @Test
  void theRunIdAndTheExitCodeAreRead() {
    assertThat(DoneFile.parse("6b0e5c8e-3f1a-4c55-9d7e-0a1b2c3d4e5f 3\n", Path.of("d")))
        .isEqualTo(new DoneFile.Done("6b0e5c8e-3f1a-4c55-9d7e-0a1b2c3d4e5f", 3));
    assertThat(DoneFile.parse("41-1764650000 255", Path.of("d")).exitCode()).isEqualTo(255);
  }

  @Test
  void garbageAndTheOldFormatAreNamed() {
    assertThatThrownBy(() -> DoneFile.parse("done!", Path.of("/mnt/oras/oras-operator-done.txt")))
        .hasMessageContaining("/mnt/oras/oras-operator-done.txt")
        .hasMessageContaining("\"done!\"")
        .hasMessageContaining("RUN_ID CODE");
    // A launcher from before run ids wrote the code alone.
    assertThatThrownBy(() -> DoneFile.parse("0", Path.of("x"))).hasMessageContaining("\"0\"");
    assertThatThrownBy(() -> DoneFile.parse("r 300", Path.of("x")))
        .hasMessageContaining("\"r 300\"");
    assertThatThrownBy(() -> DoneFile.parse("a/b 0", Path.of("x"))).hasMessageContaining("a/b");
  }
}
