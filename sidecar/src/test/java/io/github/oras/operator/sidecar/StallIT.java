package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A registry that accepts the connection and then stops moving bytes mid-body (a real TCP proxy
 * that stalls in front of the real registry): transfers are abandoned after the idle-read limit,
 * retried, and then fail saying what stalled.
 */
class StallIT {
  static final int MIB = 1 << 20;

  @TempDir static Path registryDir;
  static TestRegistry registry;
  static int port;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
    port = Integer.parseInt(registry.host().substring(registry.host().lastIndexOf(':') + 1));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private Path pushDirect(String name, int size, String ref) throws Exception {
    Path file = Trees.random(tmp.resolve(name), size, 21);
    new ArtifactPusher(
            new RegistryClient(RegistryEndpoint.of(registry.host(), true, Optional.empty())),
            RetryPolicy.NONE,
            Console.quiet())
        .push(file, ArtifactReference.parse(registry.host() + "/" + ref));
    return file;
  }

  @Test
  void aBlobThatStopsMidBodyIsRetriedThenFailsSayingWhatStalled() throws Exception {
    Path file = pushDirect("data.bin", MIB, "stall/pull:v1");
    try (StallingProxy proxy =
        new StallingProxy(port, StallingProxy.Direction.DOWNLOAD, 64 * 1024, Integer.MAX_VALUE)) {
      Path out = tmp.resolve("out");
      SidecarFlowIT.Result result =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  SidecarFlowIT.oras(
                      Map.of(ReadTimeout.ENV, "1s"),
                      "pull",
                      "--plain-http",
                      "--retries",
                      "2",
                      proxy.host() + "/stall/pull:v1",
                      out.toString()));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("pull layer data.bin")
          .contains("the server at " + proxy.host() + " stopped sending blob sha256:")
          .containsPattern("after [\\d,]+ of 1,048,576 bytes: nothing moved for 1\\.\\d s")
          .contains("gave up after 3 attempts")
          .doesNotContain("Exception");
      assertThat(proxy.connections())
          .as("each attempt on a new connection")
          .isGreaterThanOrEqualTo(3);
      assertThat(out)
          .satisfiesAnyOf(o -> assertThat(o).doesNotExist(), o -> assertThat(o).isEmptyDirectory());
      assertThat(file).exists();
    }
  }

  @Test
  void aStallOnTheFirstConnectionIsCuredByARetry() throws Exception {
    Path file = pushDirect("once.bin", 2 * MIB, "stall/once:v1");
    try (StallingProxy proxy =
        new StallingProxy(port, StallingProxy.Direction.DOWNLOAD, 256 * 1024, 1)) {
      RegistryClient client =
          new RegistryClient(
              RegistryEndpoint.of(proxy.host(), true, Optional.empty()), Duration.ofSeconds(1));
      Path out = tmp.resolve("out");
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () ->
              new ArtifactPuller(
                      client,
                      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofMillis(100)),
                      Console.quiet())
                  .pull(
                      ArtifactReference.parse(proxy.host() + "/stall/once:v1"),
                      out,
                      ArtifactPuller.Options.DEFAULT));
      assertThat(Files.readAllBytes(out.resolve("once.bin"))).isEqualTo(Files.readAllBytes(file));
    }
  }

  /** 6 MiB goes in one PUT (the socket timeout or the guard ends it), 32 MiB in a PATCH. */
  @ParameterizedTest
  @ValueSource(ints = {6, 32})
  void anUploadTheRegistryStopsReadingFailsSayingHowMuchWasSent(int mib) throws Exception {
    Path file = Trees.random(tmp.resolve("up-" + mib + ".bin"), mib * MIB, 22);
    try (StallingProxy proxy =
        new StallingProxy(port, StallingProxy.Direction.UPLOAD, 512 * 1024, Integer.MAX_VALUE)) {
      SidecarFlowIT.Result result =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  SidecarFlowIT.oras(
                      Map.of(),
                      "push",
                      "--plain-http",
                      "--retries",
                      "1",
                      "--read-timeout",
                      "1s",
                      file.toString(),
                      proxy.host() + "/stall/push:v1"));
      assertThat(result.exitCode()).isEqualTo(1);
      assertThat(result.stderr())
          .contains("upload " + file)
          .containsPattern(
              "stopped reading (an upload to stall/push|blob sha256:[0-9a-f]{64}) after [\\d,]+"
                  + " bytes were sent: nothing moved for 1\\.\\d s")
          .contains("gave up after 2 attempts");
      assertThat(registry.api().manifestStatus("stall/push", "v1")).isEqualTo(404);
    }
  }

  @Test
  void aReadTimeoutThatIsNoDurationIsAUsageError() {
    SidecarFlowIT.Result result =
        SidecarFlowIT.oras(
            Map.of(ReadTimeout.ENV, "soon"),
            "pull",
            "--plain-http",
            registry.host() + "/stall/any:v1",
            tmp.resolve("o").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr())
        .contains("ORAS_READ_TIMEOUT=\"soon\" is not a read timeout")
        .contains("such as 60s, 2m or 500ms");
  }
}
