package io.github.oras.operator.sidecar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ORAS CLI's artifact layout, so that {@code oras pull} of what we push yields the same files
 * as {@code oras push} would have: one layer per file (raw bytes, titled with the file name) and
 * one tar+gzip layer per directory (entries under the directory's name, annotated with the digest
 * of the uncompressed tar and {@code unpack=true}); the empty config and the CLI's artifact type.
 * The names and media types are those of the ORAS CLI and the OCI image spec.
 */
public final class OrasLayout {
  private OrasLayout() {}

  public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String FILE_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
  public static final String DIRECTORY_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** What {@code oras push} sets when no artifact type is given. */
  public static final String UNKNOWN_ARTIFACT_TYPE = "application/vnd.unknown.artifact.v1";

  public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
  public static final String TITLE = "org.opencontainers.image.title";
  public static final String CONTENT_DIGEST = "io.deis.oras.content.digest";
  public static final String UNPACK = "io.deis.oras.content.unpack";
  public static final String CREATED = "org.opencontainers.image.created";

  /** The bytes of the empty config, {@code {}}. */
  public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);

  /** The empty config every ORAS artifact points to, its two bytes embedded as the CLI does. */
  public static final OciManifest.Descriptor EMPTY_CONFIG_DESCRIPTOR =
      new OciManifest.Descriptor(
          EMPTY_MEDIA_TYPE,
          "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
          EMPTY_CONFIG.length,
          Map.of(),
          "e30=");

  /** An uploaded blob: its digest and size. */
  public record Blob(String digest, long size) {}

  public static OciManifest.Descriptor fileLayer(Blob blob, String title) {
    return new OciManifest.Descriptor(
        FILE_MEDIA_TYPE, blob.digest(), blob.size(), Map.of(TITLE, title));
  }

  public static OciManifest.Descriptor directoryLayer(
      Blob blob, String title, String contentDigest) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CONTENT_DIGEST, contentDigest);
    annotations.put(UNPACK, "true");
    annotations.put(TITLE, title);
    return new OciManifest.Descriptor(
        DIRECTORY_MEDIA_TYPE, blob.digest(), blob.size(), annotations);
  }

  /** The manifest bytes to PUT, with the CLI's artifact type and creation time. */
  public static byte[] manifest(List<OciManifest.Descriptor> layers, Instant created) {
    return new OciManifest(
            MANIFEST_MEDIA_TYPE,
            UNKNOWN_ARTIFACT_TYPE,
            EMPTY_CONFIG_DESCRIPTOR,
            layers,
            Map.of(CREATED, created.truncatedTo(ChronoUnit.SECONDS).toString()))
        .toJson();
  }

  /** Whether a layer is a directory archive that {@code oras pull} unpacks. */
  public static boolean isDirectory(OciManifest.Descriptor layer) {
    return DIRECTORY_MEDIA_TYPE.equals(layer.mediaType())
        && "true".equals(layer.annotation(UNPACK));
  }

  /**
   * Checks a layer title before it becomes a path: relative, no {@code ..}, no empty components.
   *
   * @throws RegistryException naming the title and the reason
   */
  public static String checkTitle(String title) {
    String reason = null;
    if (title.isEmpty()) {
      reason = "it is empty";
    } else if (title.startsWith("/")) {
      reason = "it is an absolute path";
    } else if (title.indexOf('\0') >= 0) {
      reason = "it contains a NUL character";
    } else {
      for (String part : title.split("/", -1)) {
        if (part.equals("..") || part.equals(".") || part.isEmpty()) {
          reason = "it has a '" + part + "' path component";
          break;
        }
      }
    }
    if (reason != null) {
      throw new RegistryException(
          RegistryException.Kind.INVALID, "refusing layer title \"" + title + "\": " + reason);
    }
    return title;
  }
}
