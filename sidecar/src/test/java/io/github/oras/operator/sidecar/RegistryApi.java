package io.github.oras.operator.sidecar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Plain calls to the distribution API, independent of the sidecar's own client: what the tests use
 * to check what really landed in the registry, and to plant hostile artifacts.
 */
final class RegistryApi {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final String base;
  private final HttpClient http;
  private final Optional<String> authorization;

  RegistryApi(String host, Optional<TestCertificates> tls) {
    this.base = (tls.isPresent() ? "https://" : "http://") + host + "/v2/";
    HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    tls.ifPresent(t -> builder.sslContext(trusting(t)));
    this.http = builder.build();
    this.authorization =
        tls.map(
            t ->
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (TestRegistry.USER + ":" + TestRegistry.PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)));
  }

  int manifestStatus(String repository, String tag) throws Exception {
    return send(
            get(repository + "/manifests/" + tag).header("Accept", OCI_MANIFEST),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  JsonNode manifest(String repository, String tag) throws Exception {
    HttpResponse<byte[]> response =
        send(
            get(repository + "/manifests/" + tag).header("Accept", OCI_MANIFEST),
            HttpResponse.BodyHandlers.ofByteArray());
    check(response, 200);
    return JSON.readTree(response.body());
  }

  byte[] blob(String repository, String digest) throws Exception {
    HttpResponse<byte[]> response =
        send(get(repository + "/blobs/" + digest), HttpResponse.BodyHandlers.ofByteArray());
    check(response, 200);
    return response.body();
  }

  InputStream blobStream(String repository, String digest) throws Exception {
    HttpResponse<InputStream> response =
        send(get(repository + "/blobs/" + digest), HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET blob " + digest + ": HTTP " + response.statusCode());
    }
    return response.body();
  }

  /** Uploads a blob monolithically; returns its digest. */
  String putBlob(String repository, byte[] content) throws Exception {
    String digest = Digests.sha256(content);
    HttpResponse<String> opened =
        send(
            request(repository + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.ofString());
    check(opened, 202);
    URI location = URI.create(base).resolve(opened.headers().firstValue("Location").orElseThrow());
    String separator = location.getRawQuery() == null ? "?" : "&";
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(URI.create(location + separator + "digest=" + digest))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)),
            HttpResponse.BodyHandlers.ofString());
    check(put, 201);
    return digest;
  }

  void putManifest(String repository, String tag, String manifest) throws Exception {
    HttpResponse<String> response =
        send(
            request(repository + "/manifests/" + tag)
                .header("Content-Type", OCI_MANIFEST)
                .PUT(HttpRequest.BodyPublishers.ofString(manifest)),
            HttpResponse.BodyHandlers.ofString());
    check(response, 201);
  }

  private HttpRequest.Builder get(String path) {
    return request(path).GET();
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path));
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler)
      throws Exception {
    authorization.ifPresent(a -> request.header("Authorization", a));
    return http.send(request.build(), handler);
  }

  private static void check(HttpResponse<?> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError(
          response.request().method()
              + " "
              + response.uri()
              + ": HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
  }

  private static SSLContext trusting(TestCertificates tls) {
    try (InputStream in = Files.newInputStream(tls.certificate())) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry(
          "registry", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
