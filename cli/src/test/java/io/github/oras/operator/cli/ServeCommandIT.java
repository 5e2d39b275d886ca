package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.oras.operator.api.crd.OrasCache;
import io.github.oras.operator.api.crd.OrasCacheSpec;
import io.github.oras.operator.api.crd.OrasCacheStatus;
import io.github.oras.operator.cli.local.AdmissionClient;
import io.github.oras.operator.localregistry.FreePort;
import io.github.oras.operator.webhook.server.SelfSignedCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} against fabric8's mock API server in CRUD mode (no real API server can run here):
 * the webhook answers over HTTPS with the address the cache's status publishes, and refuses
 * workloads naming a cache the namespace does not have.
 */
@EnableKubernetesMockClient(crud = true)
class ServeCommandIT {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  KubernetesClient client;

  @TempDir Path temp;

  private final ServeCommand serve = new ServeCommand();
  private CompletableFuture<Integer> running;

  @AfterEach
  void stop() throws Exception {
    serve.stop();
    if (running != null) {
      running.get(30, TimeUnit.SECONDS);
    }
    System.clearProperty("kubernetes.master");
  }

  @Test
  void admitsWithTheCachesPublishedAddressAndRefusesAMissingCache() throws Exception {
    OrasCache cache = new OrasCache();
    cache.setMetadata(new ObjectMetaBuilder().withName("artifacts").withNamespace("lab").build());
    cache.setSpec(new OrasCacheSpec());
    OrasCacheStatus status = new OrasCacheStatus();
    status.setRegistry("registry.lab.example:5000");
    cache.setStatus(status);
    client.resource(cache).create();

    System.setProperty("kubernetes.master", client.getMasterUrl().toString());
    System.setProperty("kubernetes.trust.certificates", "true");
    System.setProperty("kubernetes.auth.tryKubeConfig", "false");
    SelfSignedCertificates.Generated tls =
        SelfSignedCertificates.generate(temp, List.of("localhost"), Duration.ofDays(1));
    int port = FreePort.loopback();
    CommandLine command = new CommandLine(serve);
    running =
        CompletableFuture.supplyAsync(
            () ->
                command.execute(
                    "--port",
                    Integer.toString(port),
                    "--tls-cert",
                    tls.certFile().toString(),
                    "--tls-key",
                    tls.keyFile().toString(),
                    "--no-leader-election",
                    "--watch-namespaces",
                    "lab"));
    AdmissionClient admission =
        new AdmissionClient(URI.create("https://localhost:" + port + "/mutate"), tls.caFile());
    awaitListening(port);

    JsonNode job = YAML.readTree(Path.of("..", "samples", "workflow", "step1.yaml").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) job.at("/metadata/annotations"))
        .put("oras.converged-computing.github.io/oras-cache", "artifacts");
    AdmissionClient.Admission admitted = admission.admit(job, "lab");
    assertThat(admitted.allowed()).as(admitted.message()).isTrue();
    assertThat(admitted.object().at("/spec/template/spec/initContainers/1/env").toString())
        .contains("registry.lab.example:5000/workflow/step1:run-1");

    AdmissionClient.Admission refused = admission.admit(job, "elsewhere");
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.message()).contains("no OrasCache of that name in namespace elsewhere");
  }

  private void awaitListening(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(running.isDone()).as("serve exited early with %s", running.getNow(null)).isFalse();
      try (java.net.Socket ignored = new java.net.Socket("localhost", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("serve did not listen on " + port);
  }
}
