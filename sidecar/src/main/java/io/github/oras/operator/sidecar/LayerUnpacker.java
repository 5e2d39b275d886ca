package io.github.oras.operator.sidecar;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Pulls one directory layer into a staging directory: downloading, gunzipping (with the tar's
 * digest) and extracting run on three threads at once, each handing the next its bytes through a
 * bounded {@link ChunkPipe}.
 */
final class LayerUnpacker {
  private static final int BUFFER = 1 << 16;

  private final RegistryClient client;
  private final Console console;

  LayerUnpacker(RegistryClient client, Console console) {
    this.client = client;
    this.console = console;
  }

  /**
   * Unpacks a directory layer while it downloads: the body goes through a bounded pipe to a thread
   * that gunzips and extracts into the staging directory, which nothing sees before every layer is
   * verified. The blob's digest decides first: a blob that fails it is reported as corrupt,
   * whatever its bytes did to the extractor (which refuses hostile archives on its own, verified or
   * not); only a verified blob's extraction error is reported as the archive's.
   */
  void streamAndUnpack(
      String repository,
      OciManifest.Descriptor layer,
      String name,
      Path staging,
      ExtractionLimits limits,
      LongConsumer received)
      throws IOException {
    String title = layer.annotation(OrasLayout.TITLE);
    ChunkPipe pipe = new ChunkPipe();
    AtomicReference<Throwable> unpackFailure = new AtomicReference<>();
    Thread unpacker =
        new Thread(
            () -> {
              try (InputStream body = pipe.source()) {
                unpack(body, staging, title, layer, limits);
              } catch (Throwable e) {
                unpackFailure.set(e);
              }
            },
            "oras-unpack");
    unpacker.setDaemon(true);
    unpacker.start();
    try {
      client.streamBlob(repository, layer.digest(), layer.size(), pipe, "layer " + name, received);
    } catch (IOException | RuntimeException e) {
      pipe.fail(e); // a request that failed before any body: the unpacker must not wait
      join(unpacker);
      throw e;
    }
    join(unpacker);
    Throwable failure = unpackFailure.get();
    if (failure instanceof IOException e) {
      throw e;
    } else if (failure instanceof RuntimeException e) {
      throw e;
    } else if (failure instanceof Error e) {
      throw e;
    }
    console.debug("downloaded, verified and unpacked " + layer.size() + " bytes");
  }

  private static void join(Thread thread) throws InterruptedIOException {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      thread.interrupt();
      throw new InterruptedIOException("interrupted while unpacking");
    }
  }

  private static void unpack(
      InputStream blob,
      Path staging,
      String title,
      OciManifest.Descriptor layer,
      ExtractionLimits limits)
      throws IOException {
    MessageDigest tarDigest = Digests.newSha256();
    // Gunzipped and hashed on a thread of its own, beside the tar reader and the file writes; the
    // digest sees large reads, not the tar reader's 512-byte records.
    try (InputStream tar =
        new BufferedInputStream(
            ChunkPipe.readAhead(new DigestInputStream(gunzip(blob), tarDigest), "oras-gunzip"),
            BUFFER)) {
      new TarExtractor(limits).extract(tar, staging, title);
      drain(tar);
      String expected = layer.annotation(OrasLayout.CONTENT_DIGEST);
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

  /** The blob's digest was verified: a gzip error here is damaged content, not the network. */
  private static InputStream gunzip(InputStream blob) throws IOException {
    try {
      return new GZIPInputStream(blob, BUFFER);
    } catch (IOException e) {
      throw TarExtractor.corrupt("at its start", e);
    }
  }

  /** Reads what follows the end-of-archive marker, so that the digest covers the whole tar. */
  private static void drain(InputStream tar) throws IOException {
    try {
      tar.transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw TarExtractor.corrupt("after its end marker", e);
    }
  }
}
