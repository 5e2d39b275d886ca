package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class OciManifestTest {

  /** What oras-java 0.7.0 wrote for the same layers (the sidecar's model before its own). */
  private static final String ORAS_JAVA_MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
          + "\"artifactType\":\"application/vnd.unknown.artifact.v1\",\"config\":{\"mediaType\":"
          + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
          + "\"size\":2,\"data\":\"e30=\"},\"annotations\":{\"org.opencontainers.image.created\":"
          + "\"2026-01-01T00:00:00Z\"},\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\","
          + "\"digest\":\"sha256:aa\",\"size\":5,\"annotations\":{\"io.deis.oras.content.digest\":\"sha256:bb\","
          + "\"io.deis.oras.content.unpack\":\"true\",\"org.opencontainers.image.title\":\"dir\"}},"
          + "{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:cc\",\"size\":4,"
          + "\"annotations\":{\"org.opencontainers.image.title\":\"t.txt\"}}]}";

  @Test
  void writesTheSameManifestAsTheOrasLibraryDid() {
    byte[] manifest =
        OrasLayout.manifest(
            List.of(
                OrasLayout.directoryLayer(new OrasLayout.Blob("sha256:aa", 5), "dir", "sha256:bb"),
                OrasLayout.fileLayer(new OrasLayout.Blob("sha256:cc", 4), "t.txt")),
            Instant.parse("2026-01-01T00:00:00.5Z"));
    assertThat(new String(manifest, StandardCharsets.UTF_8)).isEqualTo(ORAS_JAVA_MANIFEST);
  }

  @Test
  void readsWhatTheOrasCliWritesAndIgnoresUnknownFields() {
    String body =
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44\",\"size\":2,\"data\":\"e30=\"},"
            + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:cc\",\"size\":4,"
            + "\"urls\":[\"https://x\"],\"platform\":{\"os\":\"linux\"},\"annotations\":{\"org.opencontainers.image.title\":\"t.txt\"}}],"
            + "\"subject\":{\"mediaType\":\"m\",\"digest\":\"sha256:dd\",\"size\":1},\"future\":[1,{\"a\":null}]}";
    OciManifest manifest = OciManifest.parse(body.getBytes(StandardCharsets.UTF_8));
    assertThat(manifest.layers()).hasSize(1);
    OciManifest.Descriptor layer = manifest.layers().get(0);
    assertThat(layer.digest()).isEqualTo("sha256:cc");
    assertThat(layer.size()).isEqualTo(4);
    assertThat(layer.annotation(OrasLayout.TITLE)).isEqualTo("t.txt");
    assertThat(OrasLayout.isDirectory(layer)).isFalse();
  }

  @Test
  void aDigestThatCouldLeaveTheBlobPathIsRefused() {
    String body =
        "{\"config\":{\"digest\":\"sha256:44\",\"size\":2},"
            + "\"layers\":[{\"digest\":\"sha256:../../../v2/x\",\"size\":4}]}";
    assertThatThrownBy(() -> OciManifest.parse(body.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layers[0] has a malformed digest \"sha256:../../../v2/x\"");
  }

  @Test
  void saysWhatIsWrongWhere() {
    assertThatThrownBy(() -> OciManifest.parse("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("the manifest should be an object but is an array");
    assertThatThrownBy(
            () ->
                OciManifest.parse(
                    "{\"config\":{\"digest\":\"sha256:44\",\"size\":\"2\"}}"
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("config.size should be an integer but is a string");
    assertThatThrownBy(() -> OciManifest.parse("{\"layers\":[]}".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("it has no config descriptor");
    assertThatThrownBy(() -> OciManifest.parse("{\"config\": {".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("it is not JSON (");
  }

  @Test
  void findsTheTokenOfATokenServersAnswer() {
    assertThat(RegistryAuth.tokenOf("{\"expires_in\":300,\"token\":\"abc\"}")).contains("abc");
    assertThat(RegistryAuth.tokenOf("{\"access_token\":\"xyz\",\"scope\":[\"a\"]}"))
        .contains("xyz");
    assertThat(RegistryAuth.tokenOf("{\"token\":\"\",\"access_token\":\"xyz\"}")).contains("xyz");
    assertThat(RegistryAuth.tokenOf("not json")).isEmpty();
    assertThat(RegistryAuth.tokenOf("{\"token\":{\"nested\":1}}")).isEmpty();
  }

  @Property(tries = 300)
  void whatIsWrittenReadsBackTheSame(
      @ForAll String title, @ForAll String contentDigest, @ForAll long size) {
    long blobSize = size == Long.MIN_VALUE ? 0 : Math.abs(size);
    OciManifest.Descriptor layer =
        OrasLayout.directoryLayer(
            new OrasLayout.Blob("sha256:0123abcdef", blobSize), title, contentDigest);
    byte[] json = OrasLayout.manifest(List.of(layer), Instant.EPOCH);
    OciManifest read = OciManifest.parse(json);
    assertThat(read.layers()).containsExactly(layer);
    assertThat(read.config().digest()).isEqualTo(OrasLayout.EMPTY_CONFIG_DESCRIPTOR.digest());
    assertThat(read.artifactType()).isEqualTo(OrasLayout.UNKNOWN_ARTIFACT_TYPE);
    assertThat(read.annotations()).isEqualTo(Map.of(OrasLayout.CREATED, "1970-01-01T00:00:00Z"));
  }
}
