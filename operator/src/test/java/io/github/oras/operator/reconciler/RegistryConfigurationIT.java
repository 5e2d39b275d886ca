package io.github.oras.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.oras.operator.api.crd.OrasCache;
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
