package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.ArtifactReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A registry (plain HTTP, htpasswd) behind a front that sends blob downloads and uploads to another
 * origin, as registries backed by object storage or a CDN do: the credentials stay home.
 */
class RedirectIT {
  static final Optional<Credentials> LOGIN =
      Optional.of(new Credentials(TestRegistry.USER, TestRegistry.PASSWORD));
  static final String STORAGE_AUTHORIZATION =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(
                  (TestRegistry.USER + ":" + TestRegistry.PASSWORD)
                      .getBytes(StandardCharsets.UTF_8));

  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plainWithAuth(registryDir);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  static RegistryClient client(String host) {
    return new RegistryClient(RegistryEndpoint.of(host, true, LOGIN));
  }

  @Test
  void aBlobRedirectedToAnotherOriginArrivesVerifiedWithoutTheCredentials() throws Exception {
    Path file = Trees.random(tmp.resolve("data.bin"), 300_000, 11);
    ArtifactReference direct = ArtifactReference.parse(registry.host() + "/redirect/pull:v1");
    new ArtifactPusher(client(registry.host()), RetryPolicy.NONE, Console.quiet())
        .push(file, direct);
    try (ForwardingServer storage =
            new ForwardingServer(registry.host()).authorizeWith(STORAGE_AUTHORIZATION);
        ForwardingServer front =
            new ForwardingServer(registry.host())
                .redirectBlobsTo(storage)
                .redirectManifestsRelatively()) {
      Path out = tmp.resolve("out");
      new ArtifactPuller(client(front.host()), RetryPolicy.NONE, Console.quiet())
          .pull(
              ArtifactReference.parse(front.host() + "/redirect/pull:v1"),
              out,
              ArtifactPuller.Options.DEFAULT);

      assertThat(Files.readAllBytes(out.resolve("data.bin"))).isEqualTo(Files.readAllBytes(file));
      List<ForwardingServer.Seen> atStorage = storage.seen();
      assertThat(atStorage).as("the blob was fetched from the other origin").isNotEmpty();
      assertThat(atStorage)
          .as("no Authorization crosses to another origin")
          .allSatisfy(seen -> assertThat(seen.authorization()).isEmpty());
      assertThat(front.seen())
          .as("a relative redirect on the registry's own origin keeps the credentials")
          .anySatisfy(
              seen -> {
                assertThat(seen.path()).startsWith("/alias/v2/redirect/pull/manifests/");
                assertThat(seen.authorization()).isPresent();
              });
    }
  }

  /** Small layers go in one PUT, larger ones in a streamed PATCH: both leave the credentials. */
  @ParameterizedTest
  @CsvSource({"200000, PUT", "8500000, PATCH"})
  void anUploadLocationOnAnotherOriginGetsNoCredentials(int size, String method) throws Exception {
    Path file = Trees.random(tmp.resolve("up-" + size + ".bin"), size, 12);
    try (ForwardingServer storage =
            new ForwardingServer(registry.host()).authorizeWith(STORAGE_AUTHORIZATION);
        ForwardingServer front = new ForwardingServer(registry.host()).sendUploadsTo(storage)) {
      String ref = "/redirect/push:v" + size;
      new ArtifactPusher(client(front.host()), RetryPolicy.NONE, Console.quiet())
          .push(file, ArtifactReference.parse(front.host() + ref));

      assertThat(storage.seen())
          .as("the layer went to the other origin")
          .anySatisfy(seen -> assertThat(seen.method()).isEqualTo(method))
          .allSatisfy(seen -> assertThat(seen.authorization()).isEmpty());
      Path out = tmp.resolve("back-" + size);
      new ArtifactPuller(client(registry.host()), RetryPolicy.NONE, Console.quiet())
          .pull(
              ArtifactReference.parse(registry.host() + ref), out, ArtifactPuller.Options.DEFAULT);
      assertThat(Files.readAllBytes(out.resolve(file.getFileName())))
          .isEqualTo(Files.readAllBytes(file));
    }
  }

  @Test
  void aRedirectLoopEndsWithAClearError() throws Exception {
    try (ForwardingServer front = new ForwardingServer(registry.host()).loopRedirects()) {
      assertThatThrownBy(() -> client(front.host()).getManifest("redirect/loop", "v1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("redirected more than 10 times");
      assertThat(front.seen()).hasSize(11);
    }
  }
}
