package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry is not there, or dies while we push. */
class FaultIT {
  @TempDir Path registryDir;
  @TempDir Path tmp;

  private static ArtifactPusher pusher(
      TestRegistry registry, RetryPolicy retry, Path work, List<String> log) {
    RegistryClient client =
        new RegistryClient(RegistryEndpoint.of(registry.host(), true, Optional.empty()));
    Console console =
        new Console(
            new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
              @Override
              public void println(String line) {
                synchronized (log) {
                  log.add(line);
                }
              }
            },
            false);
    return new ArtifactPusher(client, retry, console);
  }

  @Test
  void aRegistryThatComesUpLateIsReachedByRetrying() throws Exception {
    try (TestRegistry registry = TestRegistry.configure(registryDir, Optional.empty())) {
      Path file = Trees.random(tmp.resolve("late.bin"), 10_000, 5);
      List<String> log = new ArrayList<>();
      CountDownLatch firstFailure = new CountDownLatch(1);
      RetryPolicy retry = new RetryPolicy(20, Duration.ofMillis(100), Duration.ofMillis(400));
      ArtifactPusher pusher =
          pusher(
              registry,
              retry,
              tmp,
              new ArrayList<>() {
                @Override
                public boolean add(String line) {
                  log.add(line);
                  firstFailure.countDown();
                  return true;
                }
              });
      CompletableFuture<ArtifactPusher.Result> push =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return pusher.push(
                      file, ArtifactReference.parse(registry.host() + "/fault/late:v1"));
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      assertThat(firstFailure.await(20, TimeUnit.SECONDS)).isTrue();
      registry.start();
      ArtifactPusher.Result result = push.get(60, TimeUnit.SECONDS);
      assertThat(result.layerBytes()).isEqualTo(10_000);
      assertThat(log)
          .anyMatch(
              line -> line.contains("cannot connect to the registry") && line.contains("retrying"));
      assertThat(registry.api().manifestStatus("fault/late", "v1")).isEqualTo(200);
    }
  }

  @Test
  void aRegistryKilledMidPushFailsClearlyAndLeavesNoTag() throws Exception {
    TestRegistry registry = TestRegistry.configure(registryDir, Optional.empty());
    try {
      registry.start();
      Path file = Trees.random(tmp.resolve("big.bin"), 64 << 20, 6);
      AtomicBoolean killed = new AtomicBoolean();
      ArtifactPusher pusher =
          pusher(
                  registry,
                  new RetryPolicy(2, Duration.ofMillis(100), Duration.ofMillis(100)),
                  tmp,
                  new ArrayList<>())
              .withProgress(
                  sent -> {
                    if (sent > (8 << 20) && killed.compareAndSet(false, true)) {
                      kill(registry);
                    }
                  });
      assertThatThrownBy(
              () ->
                  pusher.push(file, ArtifactReference.parse(registry.host() + "/fault/killed:v1")))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("upload " + file)
          .hasMessageContaining("gave up after 2 attempts");
      assertThat(killed).isTrue();

      registry.start();
      assertThat(registry.api().manifestStatus("fault/killed", "v1")).isEqualTo(404);
      assertThat(java.nio.file.Files.list(tmp).map(p -> p.getFileName().toString()))
          .as("no archive or temporary copy is left behind")
          .containsExactly("big.bin");
    } finally {
      registry.close();
    }
  }

  @Test
  void serverErrorsAreRetriedUntilTheRegistryRecovers() throws Exception {
    try (TestRegistry registry = TestRegistry.configure(registryDir, Optional.empty())) {
      // Storage root is a file: every request that touches storage answers 500 until it is removed.
      java.nio.file.Files.writeString(registry.storage(), "not a directory");
      registry.start();
      Path file = Trees.random(tmp.resolve("retried.bin"), 20_000, 8);
      List<String> log = new ArrayList<>();
      CountDownLatch firstFailure = new CountDownLatch(1);
      ArtifactPusher pusher =
          pusher(
              registry,
              new RetryPolicy(40, Duration.ofMillis(100), Duration.ofMillis(300)),
              tmp,
              new ArrayList<>() {
                @Override
                public boolean add(String line) {
                  synchronized (log) {
                    log.add(line);
                  }
                  firstFailure.countDown();
                  return true;
                }
              });
      CompletableFuture<ArtifactPusher.Result> push =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return pusher.push(
                      file, ArtifactReference.parse(registry.host() + "/fault/retried:v1"));
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      assertThat(firstFailure.await(20, TimeUnit.SECONDS)).isTrue();
      java.nio.file.Files.delete(registry.storage());
      assertThat(push.get(60, TimeUnit.SECONDS).layerBytes()).isEqualTo(20_000);
      synchronized (log) {
        assertThat(log).anyMatch(line -> line.contains("HTTP 500") && line.contains("retrying"));
      }
      assertThat(registry.api().manifestStatus("fault/retried", "v1")).isEqualTo(200);
    }
  }

  @Test
  void persistentServerErrorsFailWithTheRegistrysAnswer() throws Exception {
    try (TestRegistry registry = TestRegistry.configure(registryDir, Optional.empty())) {
      java.nio.file.Files.writeString(registry.storage(), "not a directory");
      registry.start();
      RegistryClient client =
          new RegistryClient(RegistryEndpoint.of(registry.host(), true, Optional.empty()));
      ArtifactPuller puller =
          new ArtifactPuller(
              client,
              new RetryPolicy(3, Duration.ofMillis(50), Duration.ofMillis(50)),
              Console.quiet());
      assertThatThrownBy(
              () ->
                  puller.pull(
                      ArtifactReference.parse(registry.host() + "/fault/broken:v1"),
                      tmp.resolve("out"),
                      ArtifactPuller.Options.DEFAULT))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("get manifest fault/broken:v1 at " + registry.host() + ": HTTP 500")
          .hasMessageContaining("gave up after 3 attempts");
    }
  }

  private static void kill(TestRegistry registry) {
    try {
      registry.kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
