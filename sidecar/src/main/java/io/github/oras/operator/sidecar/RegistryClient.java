package io.github.oras.operator.sidecar;

import static io.github.oras.operator.sidecar.RegistryException.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
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

  private final RegistryEndpoint endpoint;
  private final HttpClient http;
  private final RegistryAuth auth;

  public RegistryClient(RegistryEndpoint endpoint) {
    this.endpoint = endpoint;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (!endpoint.plainHttp()) {
      builder.sslContext(TlsContexts.forEndpoint(endpoint));
    }
    this.http = builder.build();
    this.auth = new RegistryAuth(http, endpoint.credentials());
  }

  public RegistryEndpoint endpoint() {
    return endpoint;
  }

  /**
   * Opens a connection and loads the HTTP client's classes in the background (a GET of the API
   * root, whose answer does not matter), so the first real request starts warm.
   */
  public void warmUpInBackground() {
    HttpRequest request = request(endpoint.apiBase(), SMALL_REQUEST).GET().build();
    http.sendAsync(request, BodyHandlers.discarding()).exceptionally(e -> null);
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
        send(
            () -> request(uri, SMALL_REQUEST).header("Accept", MANIFEST_ACCEPT).GET(),
            BodyHandlers.ofByteArray(),
            repository,
            PULL);
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
        send(
            () ->
                request(uri, SMALL_REQUEST)
                    .header("Content-Type", OrasLayout.MANIFEST_MEDIA_TYPE)
                    .PUT(BodyPublishers.ofByteArray(manifest)),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
    expect(response, 201, "put manifest " + repository + ":" + tag);
    return Digests.sha256(manifest);
  }

  /** Whether the repository already holds the blob (then an upload can be skipped). */
  public boolean hasBlob(String repository, String digest) throws IOException {
    URI uri = api(repository + "/blobs/" + digest);
    HttpResponse<byte[]> response =
        send(
            () -> request(uri, SMALL_REQUEST).method("HEAD", BodyPublishers.noBody()),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
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
    // Time allowed for the whole body: generous, but a stalled registry cannot hang the push.
    Duration timeout = SMALL_REQUEST.plusSeconds(size / (1 << 20));
    HttpRequest.BodyPublisher body =
        size == 0
            ? BodyPublishers.noBody()
            : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(content), size);
    HttpResponse<byte[]> done =
        send(
            () ->
                request(put, timeout).header("Content-Type", "application/octet-stream").PUT(body),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
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
    Duration timeout =
        size < 0 ? Duration.ofHours(24) : SMALL_REQUEST.plusSeconds(size / (1 << 20));
    HttpRequest.BodyPublisher body =
        size == 0
            ? BodyPublishers.noBody()
            : size < 0
                ? BodyPublishers.ofInputStream(hashed)
                : BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(hashed), size);
    HttpResponse<byte[]> sent =
        send(
            () ->
                request(location, timeout)
                    .header("Content-Type", "application/octet-stream")
                    .method("PATCH", body),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
    expect(sent, 202, "upload to " + repository);
    OrasLayout.Blob blob = new OrasLayout.Blob(Digests.format(digest), count[0]);
    URI finish =
        withDigest(
            location.resolve(sent.headers().firstValue("Location").orElse(location.toString())),
            blob.digest());
    HttpResponse<byte[]> done =
        send(
            () -> request(finish, SMALL_REQUEST).PUT(BodyPublishers.noBody()),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
    expect(done, 201, "complete upload of " + blob.digest());
    return blob;
  }

  /**
   * Downloads a blob into a new file, hashing while writing; fails unless size and digest match.
   */
  public void downloadBlob(String repository, String digest, long size, Path target, String what)
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
        info ->
            info.statusCode() == 200
                ? HttpResponse.BodySubscribers.mapping(
                    new FileBodySubscriber(target, digest, size, what), path -> null)
                : HttpResponse.BodySubscribers.ofByteArray();
    HttpResponse<byte[]> response =
        send(() -> request(uri, SMALL_REQUEST).GET(), handler, repository, PULL);
    if (response.statusCode() != 200) {
      throw failure("get blob " + digest, response.statusCode(), response.body());
    }
  }

  private URI startUpload(String repository, String what) throws IOException {
    URI start = api(repository + "/blobs/uploads/");
    HttpResponse<byte[]> opened =
        send(
            () -> request(start, SMALL_REQUEST).POST(BodyPublishers.noBody()),
            BodyHandlers.ofByteArray(),
            repository,
            PUSH);
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

  private <T> HttpResponse<T> send(
      Supplier<HttpRequest.Builder> request,
      BodyHandler<T> handler,
      String repository,
      String actions)
      throws IOException {
    try {
      HttpResponse<T> response = http.send(withAuth(request.get()), handler);
      if (response.statusCode() == 401) {
        if (auth.answer(response, repository, actions)) {
          response = http.send(withAuth(request.get()), handler);
        }
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while talking to " + endpoint.host());
    }
  }

  private HttpRequest withAuth(HttpRequest.Builder builder) {
    auth.header().ifPresent(h -> builder.header("Authorization", h));
    return builder.build();
  }

  private HttpRequest.Builder request(URI uri, Duration timeout) {
    return HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("User-Agent", "oras-operator-sidecar");
  }

  private URI api(String path) {
    return endpoint.apiBase().resolve(path);
  }

  private void expect(HttpResponse<byte[]> response, int status, String what) {
    if (response.statusCode() != status) {
      throw failure(what, response.statusCode(), response.body());
    }
  }

  private RegistryException failure(String what, int status, byte[] body) {
    String where = what + " at " + endpoint.host();
    return switch (status) {
      case 401 ->
          new RegistryException(
              Kind.UNAUTHORIZED,
              where
                  + ": authentication failed (401) "
                  + auth.credentials()
                      .map(c -> "for user " + c.user() + ": check ORAS_USER and the password")
                      .orElse(
                          "and no credentials were given: set ORAS_USER and ORAS_PULL_PASS/ORAS_PUSH_PASS"));
      case 403 ->
          new RegistryException(
              Kind.FORBIDDEN,
              where
                  + ": access denied (403)"
                  + auth.credentials().map(c -> " for user " + c.user()).orElse(""));
      case 404 -> new RegistryException(Kind.NOT_FOUND, where + ": not found (404)");
      default ->
          new RegistryException(
              status == 429 || status >= 500 ? Kind.TRANSIENT : Kind.INVALID,
              where + ": HTTP " + status + detail(body));
    };
  }

  private static String detail(byte[] body) {
    String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "";
    }
    return ": " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
  }
}
