package io.github.oras.operator.sidecar;

import io.github.oras.operator.api.ArtifactReference;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import land.oras.Layer;

/**
 * Pushes a file or a directory as a one-layer ORAS artifact (see {@link OrasLayout}), streaming from
 * disk in constant memory. The tag is written last, so a failed push leaves no tag behind. A
 * directory is archived into {@code workDir}, and the archive is deleted afterwards.
 */
public final class ArtifactPusher {
  private final RegistryClient client;
  private final RetryPolicy retry;
  private final Path workDir;
  private final Console console;
  private final LongConsumer progress;

  public ArtifactPusher(RegistryClient client, RetryPolicy retry, Path workDir, Console console) {
    this(client, retry, workDir, console, bytes -> {});
  }

  private ArtifactPusher(
      RegistryClient client, RetryPolicy retry, Path workDir, Console console, LongConsumer progress) {
    this.client = client;
    this.retry = retry;
    this.workDir = workDir;
    this.console = console;
    this.progress = progress;
  }

  /** The same pusher, telling {@code progress} the running count of layer bytes sent. */
  public ArtifactPusher withProgress(LongConsumer progress) {
    return new ArtifactPusher(client, retry, workDir, console, progress);
  }

  /** What was pushed. */
  public record Result(ArtifactReference reference, String manifestDigest, String title, long layerBytes) {}

  public Result push(Path source, ArtifactReference reference) throws IOException {
    if (reference.digest().isPresent()) {
      throw new IllegalArgumentException("push needs a tag, not a digest: " + reference);
    }
    Path path = source.toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("cannot push " + source + ": it does not exist");
    }
    if (path.getFileName() == null) {
      throw new IllegalArgumentException("cannot push the file system root");
    }
    String title = path.getFileName().toString();
    String repository = reference.repository();
    String tag = reference.tag().orElse("latest");
    OrasLayout.warmUpInBackground();
    client.warmUpInBackground();
    Path work = Files.createTempDirectory(workDir, ".oras-push-");
    try {
      Layer layer = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
          ? uploadDirectory(path, title, repository, work)
          : uploadFile(path, title, repository);
      console.debug("uploaded the layer " + layer.getDigest());
      byte[] config = OrasLayout.emptyConfig().getDataBytes();
      String configDigest = OrasLayout.emptyConfig().getDigest();
      retry.run("upload config", () -> {
        client.uploadBlob(repository, configDigest, config.length, () -> new java.io.ByteArrayInputStream(config));
        return null;
      }, console::info);
      byte[] manifest = OrasLayout.manifest(List.of(layer), Instant.now());
      console.debug("manifest: " + new String(manifest, StandardCharsets.UTF_8));
      String digest = retry.run("put manifest " + reference,
          () -> client.putManifest(repository, tag, manifest), console::info);
      return new Result(reference, digest, title, layer.getSize());
    } finally {
      FileTrees.deleteQuietly(work);
    }
  }

  /** Archives the directory into {@code work}, then uploads the archive (its digest is known). */
  private Layer uploadDirectory(Path path, String title, String repository, Path work) throws IOException {
    console.debug("archiving directory " + path);
    DirectoryArchive.Written archive = DirectoryArchive.write(path, title, work.resolve("layer.tar.gz"));
    OrasLayout.Blob blob = archive.blob();
    console.debug("archived " + blob.size() + " bytes");
    upload(repository, blob);
    return OrasLayout.directoryLayer(blob, title, archive.contentDigest());
  }

  /** Uploads a file in one pass, hashing while sending (no copy, no separate hashing read). */
  private Layer uploadFile(Path path, String title, String repository) throws IOException {
    long size = Files.size(path);
    console.debug("uploading " + path + " (" + size + " bytes)");
    String digest = retry.run("upload " + path,
        () -> client.uploadStreaming(repository, size, opener(path)), console::info);
    return OrasLayout.fileLayer(new OrasLayout.Blob(digest, size, path), title);
  }

  private void upload(String repository, OrasLayout.Blob blob) {
    console.debug("uploading " + blob.digest() + " (" + blob.size() + " bytes)");
    retry.run("upload blob " + blob.digest(), () -> {
      client.uploadBlob(repository, blob.digest(), blob.size(), opener(blob.file()));
      return null;
    }, console::info);
  }

  private Supplier<InputStream> opener(Path file) {
    return () -> {
      try {
        return new Counting(Files.newInputStream(file), progress);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }

  /** Reports bytes as the HTTP client reads them from disk. */
  private static final class Counting extends FilterInputStream {
    private final LongConsumer progress;
    private long count;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        count += n;
        progress.accept(count);
      }
      return n;
    }
  }
}
