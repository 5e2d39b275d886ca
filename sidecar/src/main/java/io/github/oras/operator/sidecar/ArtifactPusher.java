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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Pushes a file or a directory as a one-layer ORAS artifact (see {@link OrasLayout}), streaming
 * from disk in constant memory and without temporary files (a directory's archive is streamed into
 * the upload). The tag is written last, so a failed push leaves no tag behind.
 */
public final class ArtifactPusher {
  private final RegistryClient client;
  private final RetryPolicy retry;
  private final Console console;
  private final LongConsumer progress;

  public ArtifactPusher(RegistryClient client, RetryPolicy retry, Console console) {
    this(client, retry, console, bytes -> {});
  }

  private ArtifactPusher(
      RegistryClient client, RetryPolicy retry, Console console, LongConsumer progress) {
    this.client = client;
    this.retry = retry;
    this.console = console;
    this.progress = progress;
  }

  /** The same pusher, telling {@code progress} the running count of layer bytes sent. */
  public ArtifactPusher withProgress(LongConsumer progress) {
    return new ArtifactPusher(client, retry, console, progress);
  }

  /** What was pushed. */
  public record Result(
      ArtifactReference reference, String manifestDigest, String title, long layerBytes) {}

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
    client.warmUpInBackground();
    OciManifest.Descriptor layer =
        Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
            ? uploadDirectory(path, title, repository)
            : uploadFile(path, title, repository);
    console.debug("uploaded the layer " + layer.digest());
    byte[] config = OrasLayout.EMPTY_CONFIG;
    String configDigest = OrasLayout.EMPTY_CONFIG_DESCRIPTOR.digest();
    retry.run(
        "upload config",
        () -> {
          client.uploadBlob(
              repository,
              configDigest,
              config.length,
              () -> new java.io.ByteArrayInputStream(config));
          return null;
        },
        console::info);
    byte[] manifest = OrasLayout.manifest(List.of(layer), Instant.now());
    console.debug("manifest: " + new String(manifest, StandardCharsets.UTF_8));
    String digest =
        retry.run(
            "put manifest " + reference,
            () -> client.putManifest(repository, tag, manifest),
            console::info);
    return new Result(reference, digest, title, layer.size());
  }

  /**
   * Streams the directory's tar+gzip straight into the upload (no archive on disk; archiving and
   * sending overlap). A retry archives again.
   */
  private OciManifest.Descriptor uploadDirectory(Path path, String title, String repository) {
    console.debug("archiving and uploading directory " + path);
    AtomicReference<String> contentDigest = new AtomicReference<>();
    OrasLayout.Blob blob =
        retry.run(
            "upload " + path,
            () -> {
              ChunkPipe pipe = new ChunkPipe();
              Thread producer =
                  new Thread(
                      () -> {
                        try {
                          contentDigest.set(DirectoryArchive.write(path, title, pipe.sink()));
                        } catch (IOException | RuntimeException e) {
                          pipe.fail(e);
                        }
                      },
                      "oras-archive");
              producer.setDaemon(true);
              producer.start();
              AtomicBoolean used = new AtomicBoolean();
              try {
                return client.uploadStreaming(
                    repository,
                    -1,
                    () -> {
                      if (used.getAndSet(true)) {
                        throw new java.io.UncheckedIOException(
                            new IOException("a streamed archive cannot be sent twice"));
                      }
                      return new Counting(pipe.source(), progress);
                    });
              } finally {
                pipe.closeReader();
                join(producer);
              }
            },
            console::info);
    return OrasLayout.directoryLayer(blob, title, contentDigest.get());
  }

  /** Uploads a file in one pass, hashing while sending (no copy, no separate hashing read). */
  private OciManifest.Descriptor uploadFile(Path path, String title, String repository)
      throws IOException {
    long size = Files.size(path);
    console.debug("uploading " + path + " (" + size + " bytes)");
    OrasLayout.Blob blob =
        retry.run(
            "upload " + path,
            () -> client.uploadStreaming(repository, size, opener(path)),
            console::info);
    if (blob.size() != size) {
      throw new IOException(
          path + " changed size while it was pushed (" + size + " -> " + blob.size() + " bytes)");
    }
    return OrasLayout.fileLayer(blob, title);
  }

  private static void join(Thread thread) throws java.io.InterruptedIOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while archiving");
    }
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
