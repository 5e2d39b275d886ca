package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import land.oras.Layer;
import land.oras.Manifest;

/**
 * Pulls an artifact into a directory as {@code oras pull -o DIR} would: each titled layer becomes
 * {@code DIR/<title>}, directory layers are unpacked. Streams in constant memory and verifies every
 * digest. Everything lands in a staging directory first and is moved into place only when all
 * layers arrived intact, so a failed pull leaves nothing behind.
 */
public final class ArtifactPuller {
  private static final int BUFFER = 1 << 16;

  private final RegistryClient client;
  private final RetryPolicy retry;
  private final Console console;

  public ArtifactPuller(RegistryClient client, RetryPolicy retry, Console console) {
    this.client = client;
    this.retry = retry;
    this.console = console;
  }

  /**
   * @param unpack unpack directory layers (else they are saved as {@code <title>.tar.gz})
   * @param maxFileBytes largest file an unpacked directory may contain
   */
  public record Options(boolean unpack, long maxFileBytes) {
    public static final long DEFAULT_MAX_FILE_BYTES = 64L << 30;
    public static final Options DEFAULT = new Options(true, DEFAULT_MAX_FILE_BYTES);
  }

  /** What was pulled: the manifest's digest and the top-level paths written. */
  public record Result(ArtifactReference reference, String manifestDigest, List<Path> written) {}

  public Result pull(ArtifactReference reference, Path directory, Options options)
      throws IOException {
    String repository = reference.repository();
    String version = reference.digest().orElse(reference.tag().orElse("latest"));
    OrasLayout.warmUpInBackground();
    RegistryClient.FetchedManifest fetched =
        retry.run(
            "get manifest " + reference,
            () -> client.getManifest(repository, version),
            console::info);
    Manifest manifest = parse(fetched, reference);
    console.debug("got manifest " + fetched.digest());
    Path target = directory.toAbsolutePath().normalize();
    Files.createDirectories(target);
    Path staging = Files.createTempDirectory(target, ".oras-pull-");
    try {
      List<String> names = new ArrayList<>();
      for (Layer layer : manifest.getLayers()) {
        String title = layer.getAnnotations().get(OrasLayout.TITLE);
        if (title == null) {
          console.debug("skipping layer " + layer.getDigest() + ": it has no title");
          continue;
        }
        names.add(fetchLayer(repository, layer, OrasLayout.checkTitle(title), staging, options));
      }
      List<Path> written = new ArrayList<>();
      for (String name : names) {
        written.add(moveIntoPlace(staging.resolve(name), target.resolve(name)));
      }
      return new Result(reference, fetched.digest(), List.copyOf(written));
    } finally {
      FileTrees.deleteQuietly(staging);
    }
  }

  private static Manifest parse(
      RegistryClient.FetchedManifest fetched, ArtifactReference reference) {
    String body = new String(fetched.body(), StandardCharsets.UTF_8);
    if (fetched.mediaType().contains("index") || fetched.mediaType().contains("manifest.list")) {
      throw new RegistryException(
          RegistryException.Kind.INVALID,
          reference
              + " is an image index (one manifest per platform), not an artifact: pull one manifest by digest");
    }
    try {
      return Manifest.fromJson(body);
    } catch (RuntimeException e) {
      throw new RegistryException(
          RegistryException.Kind.INVALID,
          "the manifest of " + reference + " is not an OCI manifest: " + e.getMessage(),
          e);
    }
  }

  private String fetchLayer(
      String repository, Layer layer, String title, Path staging, Options options) {
    boolean directoryLayer =
        OrasLayout.DIRECTORY_MEDIA_TYPE.equals(layer.getMediaType())
            && "true".equals(layer.getAnnotations().get(OrasLayout.UNPACK));
    boolean unpack = directoryLayer && options.unpack();
    String name = directoryLayer && !unpack ? title + ".tar.gz" : title;
    console.debug("pulling layer " + layer.getDigest() + " as " + name);
    retry.run(
        "pull layer " + name + " (" + layer.getDigest() + ")",
        () -> {
          Path place = staging.resolve(name);
          FileTrees.deleteRecursively(place);
          Files.createDirectories(place.getParent());
          if (!unpack) {
            client.downloadBlob(
                repository, layer.getDigest(), layer.getSize(), place, "layer " + name);
            return null;
          }
          // Verified before it is unpacked: a tampered archive is never parsed.
          Path archive = Files.createTempFile(staging, ".oras-archive-", ".tar.gz");
          try {
            Files.delete(archive);
            client.downloadBlob(
                repository, layer.getDigest(), layer.getSize(), archive, "layer " + name);
            console.debug("downloaded and verified " + layer.getSize() + " bytes; unpacking");
            try (InputStream in = Files.newInputStream(archive)) {
              unpack(in, staging, title, layer, options);
            }
          } finally {
            Files.deleteIfExists(archive);
          }
          return null;
        },
        console::info);
    console.debug("pulled layer " + name);
    return name;
  }

  private static void unpack(
      InputStream blob, Path staging, String title, Layer layer, Options options)
      throws IOException {
    MessageDigest tarDigest = Digests.newSha256();
    try (DigestInputStream tar =
        new DigestInputStream(
            new BufferedInputStream(new GZIPInputStream(blob, BUFFER), BUFFER), tarDigest)) {
      new TarExtractor(options.maxFileBytes()).extract(tar, staging, title);
      tar.transferTo(OutputStream.nullOutputStream());
      String expected = layer.getAnnotations().get(OrasLayout.CONTENT_DIGEST);
      String actual = Digests.format(tarDigest);
      if (expected != null && !expected.equals(actual)) {
        throw new CorruptBlobException(
            "the tar in layer "
                + title
                + " has digest "
                + actual
                + " but its annotation says "
                + expected
                + ": rejected");
      }
    }
  }

  private static Path moveIntoPlace(Path staged, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    FileTrees.deleteRecursively(target);
    return Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
  }
}
