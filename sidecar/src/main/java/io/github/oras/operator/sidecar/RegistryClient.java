package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.RegistryException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The few calls of the OCI distribution API an artifact needs, over {@code java.net.http},
 * streaming blobs in both directions. Chosen over oras-java 0.7.0's {@code Registry}, which copies
 * every file to a temporary directory it never deletes, sends upload bodies twice, memory-maps
 * files to hash them, understands only Bearer challenges and has no retries. One instance per
 * registry host.
 */
public final class RegistryClient {
  static final String MANIFEST_ACCEPT =
      String.join(
          ", ",
          OrasLayout.MANIFEST_MEDIA_TYPE,
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json",
          "application/vnd.docker.distribution.manifest.list.v2+json");
  private static final Duration SMALL_REQUEST = Duration.ofSeconds(60);
  private static final String PULL = "pull";
  private static final String PUSH = "pull,push";

  static {
    // The JDK client reads responses in 16 KiB buffers by default; blobs move faster in larger ones
    // (measured: 1 GiB pull 4.8 s -> 3.7 s). Read once, when the client's classes initialise.
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
    }
  }

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
    http.sendAndForget(request(endpoint.apiBase()).timeout(SMALL_REQUEST).GET().build());
  }

  /** A manifest as the registry stored it. */
  public record FetchedManifest(String mediaType, byte[] body, String digest) {}

  /**
   * GETs a manifest by tag or digest and checks its digest when the registry or reference names
   * one.
   */
  public FetchedManifest getManifest(String repository, String reference) throws IOException {
    URI uri = api(repository + "/manifests/" + reference);
    HttpResponse<byte[]> response =
        http.send(
            w -> request(uri).header("Accept", MANIFEST_ACCEPT).GET(),
            BoundedBody.handler(),
            repository,
            PULL,
            "manifest " + repository + ":" + reference,
            -1);
    expect(response, 200, "get manifest " + repository + ":" + reference);
    String digest = Digests.sha256(response.body());
    String claimed =
        reference.contains(":")
            ? reference
            : response.headers().firstValue("Docker-Content-Digest").orElse(digest);
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
    String mediaType = response.headers().firstValue("Content-Type").orElse("");
    return new FetchedManifest(mediaType, response.body(), digest);
  }

  /** PUTs an OCI manifest under {@code tag}; returns its digest. */
  public String putManifest(String repository, String tag, byte[] manifest) throws IOException {
    URI uri = api(repository + "/manifests/" + tag);
    HttpResponse<byte[]> response =
        http.send(
            w ->
                request(uri)
                    .header("Content-Type", OrasLayout.MANIFEST_MEDIA_TYPE)
                    .PUT(BodyPublishers.ofByteArray(manifest)),
            BoundedBody.handler(),
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
    HttpResponse<byte[]> response =
        http.send(
            w -> request(uri).method("HEAD", BodyPublishers.noBody()),
            BoundedBody.handler(),
            repository,
            PUSH,
            "blob " + digest,
            -1);
    if (response.statusCode() == 404) {
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
    HttpResponse<byte[]> done =
        http.send(
            w ->
                request(put)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(body(w, size, content)),
            BoundedBody.handler(),
            repository,
            PUSH,
            "blob " + digest,
            -1);
    expect(done, 201, "upload blob " + digest + " (" + size + " bytes)");
  }

  /**
   * Uploads content whose digest (and, with {@code size} -1, length) is not known yet, in one pass:
   * a streaming PATCH hashes and counts the bytes as the HTTP client reads them, then a PUT closes
   * the upload with that digest, which the registry checks.
   */
  public OrasLayout.Blob uploadStreaming(
      String repository, long size, Supplier<InputStream> content) throws IOException {
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
    HttpResponse<byte[]> sent =
        http.send(
            w ->
                request(location)
                    .header("Content-Type", "application/octet-stream")
                    .method("PATCH", body(w, size, hashed)),
            BoundedBody.handler(),
            repository,
            PUSH,
            "an upload to " + repository,
            -1);
    expect(sent, 202, "upload to " + repository);
    OrasLayout.Blob blob = new OrasLayout.Blob(Digests.format(digest), count[0]);
    URI finish =
        withDigest(
            location.resolve(sent.headers().firstValue("Location").orElse(location.toString())),
            blob.digest());
    HttpResponse<byte[]> done =
        http.send(
            w -> request(finish).PUT(BodyPublishers.noBody()),
            BoundedBody.handler(),
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
      String repository,
      String digest,
      long size,
      Path target,
      String what,
      java.util.function.LongConsumer received)
      throws IOException {
    getBlob(
        repository,
        digest,
        size,
        what,
        () ->
            HttpResponse.BodySubscribers.mapping(
                new FileBodySubscriber(target, digest, size, what, received), path -> null));
  }

  /**
   * Streams a blob into {@code pipe} for a reader on another thread, hashing as it arrives; the
   * reader gets the end of the data only when size and digest matched (see {@link
   * PipeBodySubscriber}). Returns when the whole body was received and verified; throws when it was
   * not (then the reader has been given the error too, unless the request failed before any body).
   */
  void streamBlob(
      String repository,
      String digest,
      long size,
      ChunkPipe pipe,
      String what,
      java.util.function.LongConsumer received)
      throws IOException {
    getBlob(
        repository,
        digest,
        size,
        what,
        () ->
            HttpResponse.BodySubscribers.mapping(
                new PipeBodySubscriber(pipe, digest, size, what, received), done -> null));
  }

  private void getBlob(
      String repository,
      String digest,
      long size,
      String what,
      Supplier<HttpResponse.BodySubscriber<byte[]>> onSuccess)
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
    BodyHandler<byte[]> handler =
        info -> info.statusCode() == 200 ? onSuccess.get() : new BoundedBody(BoundedBody.MAX_BYTES);
    HttpResponse<byte[]> response =
        http.send(w -> request(uri).GET(), handler, repository, PULL, "blob " + digest, size);
    if (response.statusCode() != 200) {
      throw failures.of("get blob " + digest, response);
    }
  }

  private URI startUpload(String repository, String what) throws IOException {
    URI start = api(repository + "/blobs/uploads/");
    HttpResponse<byte[]> opened =
        http.send(
            w -> request(start).POST(BodyPublishers.noBody()),
            BoundedBody.handler(),
            repository,
            PUSH,
            "a new upload of " + what,
            -1);
    expect(opened, 202, "start upload of " + what);
    return start.resolve(
        opened
            .headers()
            .firstValue("Location")
            .orElseThrow(
                () ->
                    new RegistryException(
                        Kind.INVALID, "the registry opened an upload without a Location")));
  }

  private static URI withDigest(URI location, String digest) {
    return URI.create(location + (location.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
  }

  /** A body the idle watch sees being read; {@code size} -1 when unknown. */
  private static HttpRequest.BodyPublisher body(
      IdleWatch watch, long size, Supplier<InputStream> content) {
    if (size == 0) {
      return BodyPublishers.noBody();
    }
    HttpRequest.BodyPublisher stream =
        BodyPublishers.ofInputStream(() -> watch.upload(content.get()));
    return size < 0 ? stream : BodyPublishers.fromPublisher(stream, size);
  }

  private static HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).header("User-Agent", "oras-operator-sidecar");
  }

  private URI api(String path) {
    return endpoint.apiBase().resolve(path);
  }

  private void expect(HttpResponse<byte[]> response, int status, String what) {
    if (response.statusCode() != status) {
      throw failures.of(what, response);
    }
  }
}
