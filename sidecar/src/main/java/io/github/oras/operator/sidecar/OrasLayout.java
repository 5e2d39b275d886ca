package io.github.oras.operator.sidecar;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import land.oras.ArtifactType;
import land.oras.Config;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.utils.Const;

/**
 * The ORAS CLI's artifact layout, so that {@code oras pull} of what we push yields the same files
 * as {@code oras push} would have: one layer per file (raw bytes, titled with the file name) and
 * one tar+gzip layer per directory (entries under the directory's name, annotated with the digest
 * of the uncompressed tar and {@code unpack=true}). The manifest model is oras-java's.
 */
public final class OrasLayout {
  private OrasLayout() {}

  public static final String MANIFEST_MEDIA_TYPE = Const.DEFAULT_MANIFEST_MEDIA_TYPE;
  public static final String FILE_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar";
  public static final String DIRECTORY_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";
  public static final String TITLE = Const.ANNOTATION_TITLE;
  public static final String CONTENT_DIGEST = Const.ANNOTATION_ORAS_CONTENT_DIGEST;
  public static final String UNPACK = Const.ANNOTATION_ORAS_UNPACK;
  public static final String CREATED = Const.ANNOTATION_CREATED;

  /** An uploaded blob: its digest and size. */
  public record Blob(String digest, long size) {}

  /** The empty config {@code {}} every ORAS artifact points to. */
  public static Config emptyConfig() {
    return Config.empty();
  }

  public static Layer fileLayer(Blob blob, String title) {
    return Layer.fromDigest(blob.digest(), blob.size())
        .withMediaType(FILE_MEDIA_TYPE)
        .withAnnotations(Map.of(TITLE, title));
  }

  public static Layer directoryLayer(Blob blob, String title, String contentDigest) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(CONTENT_DIGEST, contentDigest);
    annotations.put(UNPACK, "true");
    annotations.put(TITLE, title);
    return Layer.fromDigest(blob.digest(), blob.size())
        .withMediaType(DIRECTORY_MEDIA_TYPE)
        .withAnnotations(annotations);
  }

  /** The manifest bytes to PUT, with the CLI's artifact type and creation time. */
  public static byte[] manifest(List<Layer> layers, Instant created) {
    Manifest manifest =
        Manifest.empty()
            .withArtifactType(ArtifactType.unknown())
            .withConfig(emptyConfig())
            .withLayers(layers)
            .withAnnotations(Map.of(CREATED, created.truncatedTo(ChronoUnit.SECONDS).toString()));
    return manifest.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * Loads the manifest model (oras-java and its JSON library take a few hundred milliseconds to
   * initialise) on a daemon thread, while the caller starts transferring.
   */
  public static void warmUpInBackground() {
    java.util.concurrent.CompletableFuture.runAsync(
        () -> {
          Manifest.fromJson(
              new String(
                  manifest(List.of(), Instant.EPOCH), java.nio.charset.StandardCharsets.UTF_8));
        });
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
