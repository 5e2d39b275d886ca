package io.github.oras.operator.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.engine.Patches;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Posts objects to a webhook's {@code /mutate} over HTTPS as the API server would (an {@code
 * admission.k8s.io/v1} AdmissionReview for CREATE), and applies the patch it returns.
 */
public final class AdmissionClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final URI mutate;

  public AdmissionClient(URI mutate, Path caFile) throws IOException {
    this.mutate = mutate;
    this.http =
        HttpClient.newBuilder()
            .sslContext(trusting(caFile))
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  /** The webhook's answer: the admitted object (patched or not), or why it was refused. */
  public record Admission(
      boolean allowed, JsonNode object, String message, List<String> warnings) {}

  public Admission admit(JsonNode object, String namespace)
      throws IOException, InterruptedException {
    String uid = UUID.randomUUID().toString();
    HttpRequest request =
        HttpRequest.newBuilder(mutate)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    JSON.writeValueAsBytes(review(uid, object, namespace))))
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException(
          "the webhook answered HTTP "
              + response.statusCode()
              + ": "
              + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    JsonNode answer = JSON.readTree(response.body()).path("response");
    if (!uid.equals(answer.path("uid").asText())) {
      throw new IOException(
          "the webhook answered for another request (uid " + answer.path("uid").asText() + ")");
    }
    List<String> warnings = new ArrayList<>();
    answer.path("warnings").forEach(w -> warnings.add(w.asText()));
    if (!answer.path("allowed").asBoolean(false)) {
      return new Admission(
          false, object, answer.path("status").path("message").asText("refused"), warnings);
    }
    if (!answer.hasNonNull("patch")) {
      return new Admission(true, object, "", warnings);
    }
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(answer.path("patch").asText()));
    return new Admission(true, Patches.apply(patch, object), "", warnings);
  }

  private static ObjectNode review(String uid, JsonNode object, String namespace) {
    ObjectNode review =
        JSON.createObjectNode()
            .put("apiVersion", "admission.k8s.io/v1")
            .put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request").put("uid", uid);
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
    request.putObject("kind").put("group", group).put("version", version).put("kind", kind);
    request
        .putObject("resource")
        .put("group", group)
        .put("version", version)
        .put("resource", kind.toLowerCase(Locale.ROOT) + "s");
    request.put("name", object.path("metadata").path("name").asText());
    request.put("namespace", namespace);
    request.put("operation", "CREATE");
    request.putObject("userInfo").put("username", "oras-operator-run");
    request.set("object", object);
    request.put("dryRun", false);
    return review;
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust " + caFile + ": " + e.getMessage(), e);
    }
  }
}
