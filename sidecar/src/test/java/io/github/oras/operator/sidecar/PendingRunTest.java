package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.api.SidecarContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restarted pod: the last run's done file and push result are still in the share while the new
 * launcher removes them and a new sidecar looks for a pending run. The last run was dealt with, so
 * the sidecar must never take it for pending, however the removal and its reads interleave.
 */
@Timeout(120)
class PendingRunTest {
  private static final int ROUNDS = 3000;

  @TempDir Path share;

  @Test
  void aRunAlreadyDealtWithIsNeverPendingWhileTheLauncherRemovesIt() throws Exception {
    Path done = share.resolve(SidecarContract.DONE_FILE);
    Path result = share.resolve(SidecarContract.PUSH_RESULT_FILE);
    CyclicBarrier start = new CyclicBarrier(2);
    List<String> mistaken = new ArrayList<>();
    Thread launcher =
        new Thread(
            () -> {
              try {
                for (int round = 0; round < ROUNDS; round++) {
                  start.await(10, TimeUnit.SECONDS);
                  // As the launcher does: the done file first, then the result.
                  Files.deleteIfExists(done);
                  Files.deleteIfExists(result);
                  start.await(10, TimeUnit.SECONDS);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    launcher.setDaemon(true);
    launcher.start();
    for (int round = 0; round < ROUNDS; round++) {
      String run = "run-" + round;
      Files.writeString(done, run + " 3\n");
      PushResultFile.write(share, run, SidecarContract.PUSH_SKIPPED);
      start.await(10, TimeUnit.SECONDS);
      while (Files.exists(done) || Files.exists(result)) {
        Optional<DoneFile.Done> pending = SidecarPush.pendingRun(share);
        pending.ifPresent(p -> mistaken.add(p.runId()));
      }
      start.await(10, TimeUnit.SECONDS);
    }
    launcher.join(10_000);
    assertThat(mistaken).as("runs taken for pending though dealt with").isEmpty();
  }

  @Test
  void aRunWithoutResultIsPending() throws Exception {
    Files.writeString(share.resolve(SidecarContract.DONE_FILE), "run-1 0\n");
    assertThat(SidecarPush.pendingRun(share)).map(DoneFile.Done::runId).contains("run-1");
    PushResultFile.write(share, "run-1", SidecarContract.PUSH_PUSHED);
    assertThat(SidecarPush.pendingRun(share)).isEmpty();
  }
}
