package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.SidecarContract;
import io.github.oras.operator.sidecar.TarExtractionProperties.Item;
import io.github.oras.operator.sidecar.TarExtractionProperties.Kind;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged and hostile artifacts planted in a real registry, pulled through the real pull path. */
class HostileArtifactIT {
  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private ArtifactReference reference(String ref) {
    return ArtifactReference.parse(registry.host() + "/" + ref);
  }

  private ArtifactPuller puller(RetryPolicy retry, List<String> log) {
    Console console =
        new Console(
            new PrintStream(
                new java.io.OutputStream() {
                  private final StringBuilder line = new StringBuilder();

                  @Override
                  public void write(int b) {
                    if (b == '\n') {
                      synchronized (log) {
                        log.add(line.toString());
                      }
                      line.setLength(0);
                    } else {
                      line.append((char) b);
                    }
                  }
                },
                true),
            false);
    return new ArtifactPuller(
        new RegistryClient(RegistryEndpoint.of(registry.host(), true, Optional.empty())),
        retry,
        console);
  }

  /** Uploads {@code blob} as the only layer of {@code repository:v1}, with the given title. */
  private void plant(String repository, byte[] blob, String mediaType, String title, boolean unpack)
      throws Exception {
    RegistryApi api = registry.api();
    String layer = api.putBlob(repository, blob);
    String config = api.putBlob(repository, "{}".getBytes(StandardCharsets.UTF_8));
    String annotations =
        unpack
            ? "\"org.opencontainers.image.title\":\"%s\",\"io.deis.oras.content.unpack\":\"true\""
                .formatted(title)
            : "\"org.opencontainers.image.title\":\"%s\"".formatted(title);
    api.putManifest(
        repository,
        "v1",
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
         "layers":[{"mediaType":"%s","digest":"%s","size":%d,"annotations":{%s}}]}"""
            .formatted(config, mediaType, layer, blob.length, annotations));
  }

  @Test
  void aCorruptGzipFailsAtOnceWithOneDownloadAndAClearMessage() throws Exception {
    byte[] real =
        TarExtractionProperties.gzippedTar(
            List.of(new Item(Kind.FILE, "data/a.txt", "x".repeat(5000))), tmp);
    byte[] truncated = java.util.Arrays.copyOf(real, real.length / 2);
    byte[] notGzip = "this is not gzip at all".getBytes(StandardCharsets.UTF_8);
    plant("hostile/truncated", truncated, OrasLayout.DIRECTORY_MEDIA_TYPE, "data", true);
    plant("hostile/notgzip", notGzip, OrasLayout.DIRECTORY_MEDIA_TYPE, "data", true);
    for (String repository : List.of("hostile/truncated", "hostile/notgzip")) {
      List<String> log = new ArrayList<>();
      Path out = Files.createDirectories(tmp.resolve(repository));
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  puller(RetryPolicy.DEFAULT, log)
                      .pull(reference(repository + ":v1"), out, ArtifactPuller.Options.DEFAULT))
          .isInstanceOf(RegistryException.class)
          .hasMessageContaining("pull layer data")
          .hasMessageContaining("the archive is not a valid tar.gz")
          .hasMessageContaining("push it again")
          .hasMessageNotContaining("gave up after");
      assertThat(log).noneMatch(line -> line.contains("retrying"));
      // DEFAULT would wait 0.5 s before a second attempt.
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
      assertThat(out).isEmptyDirectory();
    }
  }

  @Test
  void anArchiveOverTheEntryCapIsRefusedNamingTheCap() throws Exception {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      items.add(new Item(Kind.FILE, "many/f" + i, "x"));
    }
    byte[] archive = TarExtractionProperties.gzippedTar(items, tmp);
    plant("hostile/many", archive, OrasLayout.DIRECTORY_MEDIA_TYPE, "many", true);
    Path out = Files.createDirectories(tmp.resolve("many-out"));
    ArtifactPuller.Options capped =
        new ArtifactPuller.Options(true, new ExtractionLimits(1 << 20, 1 << 20, 10));
    assertThatThrownBy(
            () ->
                puller(RetryPolicy.DEFAULT, new ArrayList<>())
                    .pull(reference("hostile/many:v1"), out, capped))
        .hasMessageContaining("more than 10 entries")
        .hasMessageContaining("ORAS_MAX_ENTRIES");
    assertThat(out).isEmptyDirectory();
    // The same cap from the environment, for `oras-sidecar pull REF DIR`.
    SidecarFlowIT.Result direct =
        SidecarFlowIT.oras(
            Map.of(SidecarContract.ENV_PLAIN_HTTP, "true", ExtractionLimits.ENV_MAX_ENTRIES, "10"),
            "pull",
            registry.host() + "/hostile/many:v1",
            out.toString());
    assertThat(direct.exitCode()).isEqualTo(1);
    assertThat(direct.stderr()).contains("more than 10 entries").contains("ORAS_MAX_ENTRIES");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aTitleIsNeverDeliveredThroughALinkInTheDestination() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("sub"), outside);
    plant(
        "hostile/through",
        "planted".getBytes(StandardCharsets.UTF_8),
        OrasLayout.FILE_MEDIA_TYPE,
        "sub/x.txt",
        false);
    assertThatThrownBy(
            () ->
                puller(RetryPolicy.NONE, new ArrayList<>())
                    .pull(reference("hostile/through:v1"), out, ArtifactPuller.Options.DEFAULT))
        .hasMessageContaining("cannot deliver \"sub/x.txt\"")
        .hasMessageContaining("sub there is not a directory but a symlink");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void twoLayersWithTheSameTitleFailNamingBothBeforeDownloading() throws Exception {
    RegistryApi api = registry.api();
    String first = api.putBlob("hostile/twice", "first".getBytes(StandardCharsets.UTF_8));
    String second = api.putBlob("hostile/twice", "second".getBytes(StandardCharsets.UTF_8));
    String config = api.putBlob("hostile/twice", "{}".getBytes(StandardCharsets.UTF_8));
    String layer =
        """
        {"mediaType":"application/vnd.oci.image.layer.v1.tar","digest":"%s","size":%d,
         "annotations":{"org.opencontainers.image.title":"result.txt"}}""";
    api.putManifest(
        "hostile/twice",
        "v1",
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
         "layers":[%s,%s]}"""
            .formatted(config, layer.formatted(first, 5), layer.formatted(second, 6)));
    Path out = Files.createDirectories(tmp.resolve("twice"));
    assertThatThrownBy(
            () ->
                puller(RetryPolicy.NONE, new ArrayList<>())
                    .pull(reference("hostile/twice:v1"), out, ArtifactPuller.Options.DEFAULT))
        .hasMessageContaining("layer " + first.substring(0, 19))
        .hasMessageContaining("layer " + second.substring(0, 19))
        .hasMessageContaining("both unpack to \"result.txt\"");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void twoInputsThatUnpackToTheSameNameFailNamingBoth() throws Exception {
    Trees.write(tmp.resolve("one/data/a.txt"), "from one");
    Trees.write(tmp.resolve("two/data/b.txt"), "from two");
    Map<String, String> plain = Map.of(SidecarContract.ENV_PLAIN_HTTP, "true");
    for (String input : List.of("one", "two")) {
      String source = tmp.resolve(input + "/data").toString();
      String target = registry.host() + "/same/" + input + ":v1";
      assertThat(SidecarFlowIT.oras(plain, "push", source, target).exitCode()).isZero();
    }
    Path share = Files.createDirectories(tmp.resolve("share"));
    Map<String, String> env =
        Map.of(
            SidecarContract.ENV_SHARE,
            share.toString(),
            SidecarContract.ENV_REGISTRY,
            registry.host(),
            SidecarContract.ENV_PLAIN_HTTP,
            "true",
            "ORAS_INPUT_URI_1",
            "same/one:v1",
            "ORAS_INPUT_URI_2",
            "same/two:v1");
    SidecarFlowIT.Result init = SidecarFlowIT.oras(env, "pull");
    assertThat(init.exitCode()).as(init.stderr()).isNotZero();
    assertThat(init.stderr())
        .contains("ORAS_INPUT_URI_1 (" + registry.host() + "/same/one:v1")
        .contains("ORAS_INPUT_URI_2 (" + registry.host() + "/same/two:v1")
        .contains("both unpack to \"data\"");
    // The first input stays as it arrived; the second never replaced it.
    assertThat(share.resolve("inputs/data/a.txt")).hasContent("from one");
    assertThat(share.resolve("inputs/data/b.txt")).doesNotExist();
  }
}
