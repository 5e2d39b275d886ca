package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSecrets;
import io.github.oras.operator.reconciler.dependent.RegistryStatefulSetShape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry configuration the operator renders, run by a real CNCF distribution registry: the
 * environment it sets must configure htpasswd auth, and the probes it chose must answer as their
 * comments say.
 */
class RegistryConfigurationIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void withoutAuthTheReadinessPathAnswers200(@TempDir Path work) throws Exception {
    StatefulSet set = RegistryStatefulSetShape.render(TestCaches.cache("team", "artifacts"));
    Probe readiness = container(set).getReadinessProbe();

    try (RegistryProcess registry = RegistryProcess.start(set, mounts(work), work)) {
      assertThat(get(registry, readiness.getHttpGet().getPath(), null).statusCode())
          .as("GET %s, registry log:%n%s", readiness.getHttpGet().getPath(), registry.log())
          .isEqualTo(200);
    }
  }

  @Test
  void withAuthTheRegistryDemandsTheHtpasswdCredentialsAndTheProbeIsTcp(@TempDir Path work)
      throws Exception {
    OrasCache cache = TestCaches.withAuth(TestCaches.cache("team", "artifacts"), "users");
    StatefulSet set = RegistryStatefulSetShape.render(cache);
    Map<String, Path> mounts = mounts(work);
    Files.writeString(
        mounts.get(RegistryStatefulSetShape.AUTH_VOLUME).resolve("htpasswd"),
        htpasswd("ci", "s3cret"));

    try (RegistryProcess registry = RegistryProcess.start(set, mounts, work)) {
      assertThat(get(registry, "/v2/", null).statusCode())
          .as("registry log:%n%s", registry.log())
          .isEqualTo(401);
      assertThat(get(registry, "/v2/", basic("ci", "wrong")).statusCode()).isEqualTo(401);
      assertThat(get(registry, "/v2/", basic("ci", "s3cret")).statusCode()).isEqualTo(200);
      // An HTTP probe would see 401 and never pass; the TCP probe the operator renders does.
      assertThat(container(set).getReadinessProbe().getTcpSocket()).isNotNull();
      assertThat(registry.acceptsConnections()).isTrue();
    }
  }

  /**
   * An upload's state is signed with REGISTRY_HTTP_SECRET. With the secret from the cache's Secret,
   * an upload begun before a registry restart completes after it; without it the registry makes up
   * a new secret at each start and refuses the upload it began.
   */
  @Test
  void withTheHttpSecretAnUploadSurvivesARestart(@TempDir Path work) throws Exception {
    OrasCache cache = TestCaches.cache("team", "artifacts");
    OrasCacheSecrets secrets = new OrasCacheSecrets();
    secrets.setRegistryHttp("upload-key");
    cache.getSpec().setSecrets(secrets);
    Map<String, Map<String, String>> namespaceSecrets =
        Map.of("upload-key", Map.of("REGISTRY_HTTP_SECRET", "a-long-random-upload-key"));

    assertThat(
            uploadAcrossRestart(
                RegistryStatefulSetShape.render(cache), namespaceSecrets, work.resolve("with")))
        .isEqualTo(201);
    assertThat(
            uploadAcrossRestart(
                RegistryStatefulSetShape.render(TestCaches.cache("team", "artifacts")),
                Map.of(),
                work.resolve("without")))
        .as("BLOB_UPLOAD_UNKNOWN: the new random secret cannot verify the upload's state")
        .isEqualTo(404);
  }

  /** Starts an upload, restarts the registry on the same data, completes it: the status. */
  private int uploadAcrossRestart(
      StatefulSet set, Map<String, Map<String, String>> secrets, Path work) throws Exception {
    Files.createDirectories(work);
    Map<String, Path> mounts = mounts(work);
    String location;
    try (RegistryProcess first = RegistryProcess.start(set, mounts, work, secrets)) {
      HttpResponse<String> started =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + first.port + "/v2/step/blobs/uploads/"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(started.statusCode()).as("registry log:%n%s", first.log()).isEqualTo(202);
      URI uri = URI.create(started.headers().firstValue("Location").orElseThrow());
      location = uri.getRawPath() + "?" + uri.getRawQuery();
    }
    byte[] blob = "artifact bytes".getBytes(StandardCharsets.UTF_8);
    String digest =
        "sha256:"
            + java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(blob));
    try (RegistryProcess second = RegistryProcess.start(set, mounts, work, secrets)) {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + second.port + location + "&digest=" + digest))
                  .header("Content-Type", "application/octet-stream")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(blob))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .statusCode();
    }
  }

  private static io.fabric8.kubernetes.api.model.Container container(StatefulSet set) {
    return set.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, Path> mounts(Path work) throws IOException {
    return Map.of(
        RegistryStatefulSetShape.DATA_VOLUME,
        Files.createDirectories(work.resolve("data")),
        RegistryStatefulSetShape.AUTH_VOLUME,
        Files.createDirectories(work.resolve("auth")),
        "tmp",
        Files.createDirectories(work.resolve("tmp")));
  }

  private HttpResponse<String> get(RegistryProcess registry, String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + registry.port + path));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** A bcrypt entry made by Apache's htpasswd, as users are told to make theirs. */
  private static String htpasswd(String user, String password)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
    String entry = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(
          "htpasswd failed: " + new String(process.getErrorStream().readAllBytes()));
    }
    return entry.strip() + "\n";
  }
}
