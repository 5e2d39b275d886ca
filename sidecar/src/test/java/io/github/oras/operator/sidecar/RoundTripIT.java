package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.api.ArtifactReference;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push and pull against a real plain-HTTP registry; what landed is checked with raw API calls. */
class RoundTripIT {
  @TempDir static Path registryDir;
  static TestRegistry registry;
  @TempDir Path tmp;

  @BeforeAll
  static void startRegistry() throws Exception {
    registry = TestRegistry.plain(registryDir);
  }

  @AfterAll
  static void stopRegistry() throws Exception {
    if (registry != null) {
      registry.close();
    }
  }

  private RegistryClient client() {
    return new RegistryClient(RegistryEndpoint.of(registry.host(), true, Optional.empty()));
  }

  private ArtifactPusher.Result push(Path source, String ref) throws Exception {
    return new ArtifactPusher(client(), RetryPolicy.NONE, Console.quiet())
        .push(source, reference(ref));
  }

  private ArtifactPuller.Result pull(String ref, Path dir) throws Exception {
    return new ArtifactPuller(client(), RetryPolicy.NONE, Console.quiet())
        .pull(reference(ref), dir, ArtifactPuller.Options.DEFAULT);
  }

  private ArtifactReference reference(String ref) {
    return ArtifactReference.parse(registry.host() + "/" + ref);
  }

  @Test
  void singleFileIsOneTitledLayerWithTheRawBytes() throws Exception {
    Path file = Trees.random(tmp.resolve("src/result.bin"), 100_000, 1);
    ArtifactPusher.Result pushed = push(file, "rt/file:v1");

    JsonNode manifest = registry.api().manifest("rt/file", "v1");
    assertThat(manifest.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.manifest.v1+json");
    assertThat(manifest.path("artifactType").asText())
        .isEqualTo("application/vnd.unknown.artifact.v1");
    assertThat(manifest.path("config").path("mediaType").asText())
        .isEqualTo("application/vnd.oci.empty.v1+json");
    assertThat(manifest.path("annotations").path("org.opencontainers.image.created").asText())
        .isNotEmpty();
    JsonNode layer = manifest.path("layers").get(0);
    assertThat(manifest.path("layers")).hasSize(1);
    assertThat(layer.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar");
    assertThat(layer.path("annotations").path("org.opencontainers.image.title").asText())
        .isEqualTo("result.bin");
    assertThat(layer.path("size").asLong()).isEqualTo(100_000);
    assertThat(registry.api().blob("rt/file", layer.path("digest").asText()))
        .isEqualTo(Files.readAllBytes(file));
    assertThat(registry.api().blob("rt/file", manifest.path("config").path("digest").asText()))
        .isEqualTo("{}".getBytes());

    Path out = tmp.resolve("out");
    ArtifactPuller.Result pulled = pull("rt/file:v1", out);
    assertThat(pulled.manifestDigest()).isEqualTo(pushed.manifestDigest());
    assertThat(pulled.written()).containsExactly(out.resolve("result.bin"));
    assertThat(Files.readAllBytes(out.resolve("result.bin"))).isEqualTo(Files.readAllBytes(file));
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void directoryIsATarGzipLayerInTheOrasCliLayout() throws Exception {
    Path dir = tmp.resolve("src/data");
    Trees.write(dir.resolve("a/b/c.txt"), "nested");
    Trees.random(dir.resolve("bin/blob.bin"), 70_000, 2);
    Path script = Trees.write(dir.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("a/b/c.txt"));
    Trees.write(dir.resolve("z.txt"), "zzz");
    push(dir, "rt/dir:v1");

    JsonNode layer = registry.api().manifest("rt/dir", "v1").path("layers").get(0);
    assertThat(layer.path("mediaType").asText())
        .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    JsonNode annotations = layer.path("annotations");
    assertThat(annotations.path("org.opencontainers.image.title").asText()).isEqualTo("data");
    assertThat(annotations.path("io.deis.oras.content.unpack").asText()).isEqualTo("true");
    byte[] tar = gunzip(registry.api().blob("rt/dir", layer.path("digest").asText()));
    assertThat(annotations.path("io.deis.oras.content.digest").asText())
        .isEqualTo(Digests.sha256(tar));
    assertThat(entryNames(tar))
        .containsExactly(
            "data/",
            "data/a/",
            "data/a/b/",
            "data/a/b/c.txt",
            "data/bin/",
            "data/bin/blob.bin",
            "data/link",
            "data/run.sh",
            "data/z.txt");
    // The last file holds 3 bytes: then 509 bytes of block padding and the 1024-byte end marker, no
    // more.
    assertThat(trailingZeros(tar)).isEqualTo(509 + 1024);

    Path out = tmp.resolve("out");
    pull("rt/dir:v1", out);
    Trees.assertSameTree(dir, out.resolve("data"));
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void emptyDirectoryAndEmptyFileRoundTrip() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("src/empty"));
    Path zero = Files.createFile(tmp.resolve("src/zero.bin"));
    push(empty, "rt/empty:dir");
    push(zero, "rt/empty:file");
    assertThat(
            registry.api().manifest("rt/empty", "file").path("layers").get(0).path("size").asLong())
        .isZero();

    Path out = tmp.resolve("out");
    pull("rt/empty:dir", out);
    pull("rt/empty:file", out);
    assertThat(out.resolve("empty")).isEmptyDirectory();
    assertThat(out.resolve("zero.bin")).isRegularFile().isEmptyFile();
  }

  @Test
  void namesWithSpacesQuotesDollarsNewlinesAndUnicodeRoundTrip() throws Exception {
    Path file = Trees.write(tmp.resolve("src/my file ü €.txt"), "unicode");
    Path dir = tmp.resolve("src/Ünïcode dir $HOME");
    Trees.write(dir.resolve("a b/c'd\"$e.txt"), "quotes");
    Trees.write(dir.resolve("new\nline.txt"), "newline");
    Trees.write(dir.resolve("日本語/ファイル.txt"), "cjk");
    push(file, "rt/names:file");
    push(dir, "rt/names:dir");
    assertThat(
            registry
                .api()
                .manifest("rt/names", "file")
                .path("layers")
                .get(0)
                .path("annotations")
                .path("org.opencontainers.image.title")
                .asText())
        .isEqualTo("my file ü €.txt");

    Path out = tmp.resolve("out");
    pull("rt/names:file", out);
    pull("rt/names:dir", out);
    assertThat(out.resolve("my file ü €.txt")).hasContent("unicode");
    Trees.assertSameTree(dir, out.resolve("Ünïcode dir $HOME"));
  }

  @Test
  void pullWithoutUnpackKeepsTheArchive() throws Exception {
    Path dir = tmp.resolve("src/packed");
    Trees.write(dir.resolve("f.txt"), "x");
    push(dir, "rt/packed:v1");
    Path out = tmp.resolve("out");
    new ArtifactPuller(client(), RetryPolicy.NONE, Console.quiet())
        .pull(
            reference("rt/packed:v1"),
            out,
            new ArtifactPuller.Options(false, ExtractionLimits.DEFAULT));
    assertThat(entryNames(gunzip(Files.readAllBytes(out.resolve("packed.tar.gz")))))
        .contains("packed/f.txt");
  }

  @Test
  void corruptedBlobIsRejectedAndNothingIsLeftBehind() throws Exception {
    Path file = Trees.random(tmp.resolve("src/precious.bin"), 50_000, 3);
    push(file, "rt/corrupt:v1");
    String digest =
        registry.api().manifest("rt/corrupt", "v1").path("layers").get(0).path("digest").asText();
    String hex = digest.substring("sha256:".length());
    Path data =
        registry
            .storage()
            .resolve(
                "docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    byte[] bytes = Files.readAllBytes(data);
    bytes[1234] ^= 0x5a;
    Files.write(data, bytes);

    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> pull("rt/corrupt:v1", out))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("layer precious.bin has digest")
        .hasMessageContaining("rejected");
    assertThat(out).isEmptyDirectory();
  }

  @Test
  void aTamperedDirectoryBlobIsRejectedByItsDigestWhateverItUnpacksTo() throws Exception {
    // Unpacking runs while the blob downloads; the digest must still decide what is reported.
    Path dir = tmp.resolve("src/shared");
    Trees.random(dir.resolve("noise.bin"), 6_000_000, 5); // more than the pipe holds
    push(dir, "rt/tampered:v1");
    String digest =
        registry.api().manifest("rt/tampered", "v1").path("layers").get(0).path("digest").asText();
    String hex = digest.substring("sha256:".length());
    Path data =
        registry
            .storage()
            .resolve(
                "docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    ByteArrayOutputStream hostile = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(hostile);
        org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out =
            new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(gz)) {
      TarArchiveEntry entry = new TarArchiveEntry("shared/../../escaped.txt");
      entry.setSize(5);
      out.putArchiveEntry(entry);
      out.write("pwned".getBytes());
      out.closeArchiveEntry();
    }
    // Same length as the real blob (gzip ignores the zeros after its member): only the digest
    // tells them apart.
    Files.write(data, java.util.Arrays.copyOf(hostile.toByteArray(), (int) Files.size(data)));

    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> pull("rt/tampered:v1", out))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("layer shared has digest")
        .hasMessageContaining("rejected")
        .hasMessageNotContaining("unsafe archive entry");
    assertThat(out).isEmptyDirectory();
    assertThat(tmp.resolve("escaped.txt")).doesNotExist();
  }

  @Test
  void zipSlipArchivesAreRefusedAndNothingIsWritten() throws Exception {
    for (String[] attack :
        List.of(
            new String[] {"evil/", "evil/../../escaped.txt"},
            new String[] {"evil/", "/tmp/absolute.txt"},
            new String[] {"evil/", "other/outside.txt"})) {
      assertRefused(attack, "rt/slip", null);
    }
    assertRefused(new String[] {"evil/", "evil/up"}, "rt/symlink", "../..");
    assertThat(Files.exists(tmp.resolve("escaped.txt"))).isFalse();
    assertThat(Files.exists(Path.of("/tmp/absolute.txt"))).isFalse();
  }

  private void assertRefused(String[] names, String repository, String linkTarget)
      throws Exception {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream out =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
      for (String name : names) {
        TarArchiveEntry entry =
            linkTarget != null && !name.endsWith("/")
                ? symlink(name, linkTarget)
                : new TarArchiveEntry(name);
        byte[] content =
            name.endsWith("/") || entry.isSymbolicLink() ? new byte[0] : "pwned".getBytes();
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
      }
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(tar.toByteArray());
    }
    RegistryApi api = registry.api();
    String layer = api.putBlob(repository, gz.toByteArray());
    String config = api.putBlob(repository, "{}".getBytes());
    api.putManifest(
        repository,
        "v1",
        """
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
         "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%d,
           "annotations":{"org.opencontainers.image.title":"evil","io.deis.oras.content.unpack":"true",
             "io.deis.oras.content.digest":"%s"}}]}"""
            .formatted(config, layer, gz.size(), Digests.sha256(tar.toByteArray())));
    Path out = Files.createDirectories(tmp.resolve("slip-out"));
    assertThatThrownBy(() -> pull(repository + ":v1", out))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("unsafe archive entry")
        .hasMessageContaining("refusing to unpack");
    assertThat(out).isEmptyDirectory();
  }

  private static TarArchiveEntry symlink(String name, String target) {
    TarArchiveEntry entry =
        new TarArchiveEntry(
            name, org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
    entry.setLinkName(target);
    return entry;
  }

  @Test
  void missingTagIsAClearNotFound() {
    assertThatThrownBy(() -> pull("rt/nothing:here", tmp.resolve("out")))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("rt/nothing:here")
        .hasMessageContaining("not found (404)");
  }

  static byte[] gunzip(byte[] gz) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static List<String> entryNames(byte[] tar) throws Exception {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
    }
    return names;
  }

  private static int trailingZeros(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[bytes.length - 1 - n] == 0) {
      n++;
    }
    return n;
  }

  private static List<Path> leftovers(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.filter(p -> p.getFileName().toString().startsWith(".oras-")).toList();
    }
  }
}
