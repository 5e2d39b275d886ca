package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.RegistryException.Kind;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The few calls of the OCI distribution API an artifact needs, streaming blobs in both directions
 * (over {@link UrlConnectionTransport}; large uploads of content not yet hashed over {@link
 * JdkClientTransport}). Chosen over oras-java 0.7.0's {@code Registry}, which copies every file to
 * a temporary directory it never deletes, sends upload bodies twice, memory-maps files to hash
 * them, understands only Bearer challenges and has no retries. One instance per registry host.
 */
public final class RegistryClient {
  static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          OrasLayout.MANIFEST_MEDIA_TYPE,
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");

  /**
   * Uploads up to this size are read into memory, hashed and sent in one PUT; larger ones stream in
   * a PATCH, hashed as they are sent, so that no byte is read twice.
   */
  static final int IN_MEMORY_UPLOAD = 8 * 1024 * 1024;

  private static final String PULL = "pull";
  private static final String PUSH = "pull,push";

  /** How long a transfer may go without a byte moving before it is abandoned and retried. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  private final RegistryEndpoint endpoint;
  private final RegistryHttp http;
  private final RegistryFailures failures;

  public RegistryClient(RegistryEndpoint endpoint) {
    this(endpoint, DEFAULT_READ_TIMEOUT);
  }

  /**
   * @param readTimeout how long any exchange (headers or body, either direction) may go without a
   *     byte moving
   */
  public RegistryClient(RegistryEndpoint endpoint, Duration readTimeout) {
    this.endpoint = endpoint;
    this.http = new RegistryHttp(endpoint, readTimeout);
    this.failures = new RegistryFailures(endpoint, http.auth());
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Opens a connection and loads the HTTP client's classes in the background (a GET of the API
   * root, whose answer does not matter), so the first real request starts warm.
   */
  public void warmUpInBackground() {
    http.sendAndForget(RegistryRequest.of("GET", endpoint.apiBase()));
  }

  /** A manifest as the registry stored it. */
  public record FetchedManifest(String mediaType, byte[] body, String digest) {}

  /**
   * GETs a manifest by tag or digest and checks its digest when the registry or reference names
   * one.
   */
  public FetchedManifest getManifest(String repository, String reference) throws IOException {
    URI uri = api(repository + "/manifests/" + reference);
    RegistryResponse response =
        http.send(
            RegistryRequest.of("GET", uri).header("Accept", MANIFEST_ACCEPT),
            null,
            repository,
            PULL,
            "manifest " + repository + ":" + reference,
            -1);
    expect(response, 200, "get manifest " + repository + ":" + reference);
    String digest = Digests.sha256(response.body());
    String claimed =
        reference.contains(":")
            ? reference
            : response.header("Docker-Content-Digest").orElse(digest);
    if (claimed.startsWith("sha256:") && !claimed.equals(digest)) {
      throw new RegistryException(
          Kind.INVALID,
          "manifest "
              + repository
              + ":"
              + reference
              + " has digest "
              + digest
              + ", expected "
              + claimed);
    }
    String mediaType = response.header("Content-Type").orElse("");
    return new FetchedManifest(mediaType, response.body(), digest);
  }

  /** PUTs an OCI manifest under {@code tag}; returns its digest. */
  public String putManifest(String repository, String tag, byte[] manifest) throws IOException {
    URI uri = api(repository + "/manifests/" + tag);
    RegistryResponse response =
        http.send(
            RegistryRequest.of("PUT", uri)
                .header("Content-Type", OrasLayout.MANIFEST_MEDIA_TYPE)
                .body(bytes(manifest)),
            null,
            repository,
            PUSH,
            "manifest " + repository + ":" + tag,
            -1);
    expect(response, 201, "put manifest " + repository + ":" + tag);
    return Digests.sha256(manifest);
  }

  /** Whether the repository already holds the blob (then an upload can be skipped). */
  public boolean hasBlob(String repository, String digest) throws IOException {
    URI uri = api(repository + "/blobs/" + digest);
    RegistryResponse response =
        http.send(RegistryRequest.of("HEAD", uri), null, repository, PUSH, "blob " + digest, -1);
    if (response.status() == 404) {
      return false;
    }
    expect(response, 200, "check blob " + digest);
    return true;
  }

  /**
   * Uploads a blob in one PUT (POST to open the session, then a monolithic PUT with the content
   * streamed from {@code content}), unless the repository has it already.
   */
  public void uploadBlob(String repository, String digest, long size, Supplier<InputStream> content)
      throws IOException {
    if (hasBlob(repository, digest)) {
      return;
    }
    URI put = withDigest(startUpload(repository, digest), digest);
    RegistryResponse done =
        http.send(
            RegistryRequest.of("PUT", put)
                .header("Content-Type", "application/octet-stream")
                .body(new RegistryRequest.Upload(size, content)),
            null,
            repository,
            PUSH,
            "blob " + digest,
            -1);
    expect(done, 201, "upload blob " + digest + " (" + size + " bytes)");
  }

  /**
   * Uploads content whose digest (and, with {@code size} -1, length) is not known yet, in one pass.
   * Content up to {@link #IN_MEMORY_UPLOAD} is read, hashed and sent in one PUT (unless the
   * repository has it already); longer content streams in a PATCH that hashes and counts the bytes
   * as they are sent, then a PUT closes the upload with that digest, which the registry checks.
   */
  public OrasLayout.Blob uploadStreaming(
      String repository, long size, Supplier<InputStream> content) throws IOException {
    InputStream opened = content.get();
    byte[] head;
    try {
      head = opened.readNBytes(IN_MEMORY_UPLOAD + 1);
    } catch (IOException | RuntimeException e) {
      opened.close();
      throw e;
    }
    if (head.length <= IN_MEMORY_UPLOAD) {
      opened.close();
      String digest = Digests.sha256(head);
      uploadBlob(repository, digest, head.length, () -> new ByteArrayInputStream(head));
      return new OrasLayout.Blob(digest, head.length);
    }
    boolean[] first = {true};
    return uploadInPatch(
        repository,
        size,
        () -> {
          if (first[0]) {
            first[0] = false;
            return new SequenceInputStream(new ByteArrayInputStream(head), opened);
          }
          return content.get(); // a resend after a challenge opens the content again
        });
  }

  private OrasLayout.Blob uploadInPatch(String repository, long size, Supplier<InputStream> content)
      throws IOException {
    URI location = startUpload(repository, "upload");
    MessageDigest digest = Digests.newSha256();
    long[] count = new long[1];
    Supplier<InputStream> hashed =
        () -> {
          digest.reset(); // a resent body (after an auth challenge) is hashed afresh
          count[0] = 0;
          return new DigestInputStream(content.get(), digest) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              count[0] += Math.max(n, 0);
              return n;
            }
          };
        };
    RegistryResponse sent =
        http.send(
            RegistryRequest.of("PATCH", location)
                .header("Content-Type", "application/octet-stream")
                .body(new RegistryRequest.Upload(size, hashed)),
            null,
            repository,
            PUSH,
            "an upload to " + repository,
            -1);
    expect(sent, 202, "upload to " + repository);
    OrasLayout.Blob blob = new OrasLayout.Blob(Digests.format(digest), count[0]);
    URI finish =
        withDigest(
            location.resolve(sent.header("Location").orElse(location.toString())), blob.digest());
    RegistryResponse done =
        http.send(
            RegistryRequest.of("PUT", finish).body(RegistryRequest.Upload.EMPTY),
            null,
            repository,
            PUSH,
            "the end of the upload of " + blob.digest(),
            -1);
    expect(done, 201, "complete upload of " + blob.digest());
    return blob;
  }

  /**
   * Downloads a blob into a new file, hashing while writing; fails unless size and digest match.
   */
  public void downloadBlob(String repository, String digest, long size, Path target, String what)
      throws IOException {
    downloadBlob(repository, digest, size, target, what, bytes -> {});
  }

  /** The same, telling {@code received} the running count of bytes written to {@code target}. */
  public void downloadBlob(
      String repository, String digest, long size, Path target, String what, LongConsumer received)
      throws IOException {
    getBlob(
        repository,
        digest,
        size,
        what,
        body -> BlobFile.write(body, target, digest, size, what, received));
  }

  /**
   * Streams a blob into {@code pipe} for a reader on another thread, hashing as it arrives; the
   * reader gets the end of the data only when size and digest matched (see {@link BlobPipe}).
   * Returns when the whole body was received and verified; throws when it was not (then the reader
   * has been given the error too, unless the request failed before any body).
   */
  void streamBlob(
      String repository,
      String digest,
      long size,
      ChunkPipe pipe,
      String what,
      LongConsumer received)
      throws IOException {
    getBlob(
        repository,
        digest,
        size,
        what,
        body -> BlobPipe.write(body, pipe, digest, size, what, received));
  }

  private void getBlob(
      String repository, String digest, long size, String what, RegistryHttp.BodySink onSuccess)
      throws IOException {
    if (!digest.startsWith("sha256:")) {
      throw new RegistryException(
          Kind.INVALID,
          what
              + " uses digest algorithm "
              + digest.split(":", 2)[0]
              + "; only sha256 is supported");
    }
    URI uri = api(repository + "/blobs/" + digest);
    RegistryResponse response =
        http.send(
            RegistryRequest.of("GET", uri), onSuccess, repository, PULL, "blob " + digest, size);
    if (response.status() != 200) {
      throw failures.of("get blob " + digest, response);
    }
  }

  private URI startUpload(String repository, String what) throws IOException {
    URI start = api(repository + "/blobs/uploads/");
    RegistryResponse opened =
        http.send(
            RegistryRequest.of("POST", start).body(RegistryRequest.Upload.EMPTY),
            null,
            repository,
            PUSH,
            "a new upload of " + what,
            -1);
    expect(opened, 202, "start upload of " + what);
    return start.resolve(
        opened
            .header("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.INVALID, "the registry opened an upload without a Location")));
  }

  private static URI withDigest(URI location, String digest) {
    return URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
  }

  private static RegistryRequest.Upload bytes(byte[] content) {
    return new RegistryRequest.Upload(content.length, () -> new ByteArrayInputStream(content));
  }

  private URI api(String path) {
    return endpoint.apiBase().resolve(path);
  }

  private void expect(RegistryResponse response, int status, String what) {
    if (response.status() != status) {
      throw failures.of(what, response);
    }
  }
}
