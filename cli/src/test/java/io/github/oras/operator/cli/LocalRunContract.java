package io.github.oras.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.localregistry.LocalRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code oras-operator run} must do with either runtime: the quick start's two-step workflow,
 * a failing step, an app killed mid-run, and an app restarted under restartPolicy OnFailure.
 */
abstract class LocalRunContract {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path SAMPLES = Path.of("..", "samples");

  @TempDir Path temp;

  /** {@code process} or {@code podman}. */
  abstract String runtime();

  CommandRun run(String... args) {
    List<String> argv = new ArrayList<>(List.of("run", "--runtime", runtime()));
    argv.addAll(Arrays.asList(args));
    return CommandRun.of(argv.toArray(String[]::new));
  }

  @Test
  void twoStepWorkflowPassesStepOnesResultToStepTwoAndBringsTheFinalArtifactHome()
      throws IOException {
    Path results = temp.resolve("results");
    CommandRun run =
        run(
            "-f",
            SAMPLES.resolve("workflow").toString(),
            "--pull",
            "workflow/step2:run-1",
            "--results",
            results.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("runtime " + runtime())
        .contains("step 1/2 Job/workflow-step1: Completed in")
        .contains("step 2/2 Job/workflow-step2: Completed in")
        .containsPattern("init oras-pull\\s+Completed")
        .containsPattern("oras-push\\s+Completed")
        .contains("summary.txt");
    // step 1 wrote 1..100 into a directory; step 2 pulled it and summed it.
    assertThat(Files.readString(results.resolve("summary.txt")))
        .isEqualTo("lines: 100 sum: 5050\n");
  }

  @Test
  void aFailedStepStopsTheRunAndNothingStaleIsPushedOrPulled() throws Exception {
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun first =
          run(
              "-f",
              SAMPLES.resolve("workflow/step1.yaml").toString(),
              "--registry",
              registry.address());
      assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
      String before = manifestDigest(registry, "workflow/step1", "run-1");

      Path failing = temp.resolve("failing");
      Files.createDirectories(failing);
      ObjectNode step1 =
          (ObjectNode) YAML.readTree(SAMPLES.resolve("workflow/step1.yaml").toFile());
      ArrayNode command =
          ((ObjectNode) step1.at("/spec/template/spec/containers/0")).putArray("command");
      command
          .add("sh")
          .add("-c")
          .add("mkdir -p results; echo partial > results/numbers.txt; exit 4");
      YAML.writeValue(failing.resolve("1-step1.yaml").toFile(), step1);
      Files.copy(SAMPLES.resolve("workflow/step2.yaml"), failing.resolve("2-step2.yaml"));

      CommandRun run = run("-f", failing.toString(), "--registry", registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out())
          .containsPattern("step1\\s+Error \\(exit code 4\\)")
          .doesNotContain("step 2/2");
      assertThat(run.err())
          .contains(
              "step 1/2 Job/workflow-step1: pod workflow-step1 ended Error; stopping the run");
      assertThat(manifestDigest(registry, "workflow/step1", "run-1"))
          .as("the failed run's output is not pushed")
          .isEqualTo(before);
      assertThat(manifestStatus(registry, "workflow/step2", "run-1")).isEqualTo(404);
    }
  }

  @Test
  void killingTheAppsProcessTreeMidRunFailsThePodWithinSecondsAndPushesNothing() throws Exception {
    String marker = "killed-" + UUID.randomUUID();
    String name = "kill-" + marker.substring(marker.length() - 6);
    Path workload = job(name, "Never", "echo partial > out.txt; sleep 1000; : " + marker);
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CompletableFuture<Long> killedAt = killLauncherOnceRunning(marker);
      CommandRun run =
          run("-f", workload.toString(), "--registry", registry.address(), "--pod-timeout", "300");
      long ended = System.nanoTime();
      assertThat(killedAt.join()).as("the app's launcher was found and killed").isPositive();
      assertNothingLeftOf(name);
      assertThat(Duration.ofNanos(ended - killedAt.join()))
          .as(run.out())
          .isLessThan(Duration.ofSeconds(20));
      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.err()).contains("pod " + name + " ended Error");
      assertThat(manifestStatus(registry, "local/" + name, "run-1"))
          .as("nothing is pushed for a killed app")
          .isEqualTo(404);
    }
  }

  @Test
  void anAppRestartedUnderOnFailurePushesItsOwnOutput() throws Exception {
    Path workload =
        job(
            "restart",
            "OnFailure",
            "if [ -e /state/tried ]; then echo second > out.txt;"
                + " else touch /state/tried; echo first > out.txt; exit 1; fi");
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run = run("-f", workload.toString(), "--registry", registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).containsPattern("app\\s+Completed, 1 restart");
      CommandRun pull =
          CommandRun.of(
              "pull",
              "local/restart:run-1",
              temp.resolve("pulled").toString(),
              "--registry",
              registry.address());
      assertThat(pull.exitCode()).as(pull.err()).isZero();
      assertThat(Files.readString(temp.resolve("pulled/out.txt"))).isEqualTo("second\n");
    }
  }

  @Test
  void everyPodOfAJobPushesItsOwnArtifactUnderItsIndexOrName() throws Exception {
    Path indexed = temp.resolve("indexed.yaml");
    Files.writeString(
        indexed,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: indexed
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-uri: local/indexed:run-1-{index}
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          completions: 2
          parallelism: 2
          completionMode: Indexed
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: app
                  image: busybox:1.36
                  workingDir: /workspace
                  command: [sh, -c, 'echo "index $JOB_COMPLETION_INDEX" > out.txt']
        """);
    Path named = temp.resolve("named.yaml");
    Files.writeString(
        named,
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: named
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-uri: local/named:{pod}
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          completions: 2
          backoffLimit: 0
          template:
            metadata:
              labels:
                team: blue
            spec:
              restartPolicy: Never
              containers:
                - name: app
                  image: busybox:1.36
                  workingDir: /workspace
                  env:
                    - name: POD
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.name
                    - name: TEAM
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.labels['team']
                    - name: JOB
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.labels['batch.kubernetes.io/job-name']
                  command: [sh, -c, 'echo "$POD $TEAM $JOB" > out.txt']
        """);
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run =
          run("-f", indexed.toString(), "-f", named.toString(), "--registry", registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out())
          .containsPattern("pod indexed-0\\s+Completed")
          .containsPattern("pod indexed-1\\s+Completed")
          .containsPattern("pod named-1\\s+Completed");
      assertThat(pulled(registry, "local/indexed:run-1-0")).isEqualTo("index 0\n");
      assertThat(pulled(registry, "local/indexed:run-1-1")).isEqualTo("index 1\n");
      assertThat(pulled(registry, "local/named:named-0")).isEqualTo("named-0 blue named\n");
      assertThat(pulled(registry, "local/named:named-1")).isEqualTo("named-1 blue named\n");
    }
  }

  @Test
  void secretsAndConfigMapsOfTheFilesReachTheAppAsEnvAndReadOnlyFiles() throws Exception {
    Path workload = temp.resolve("secret.yaml");
    Files.writeString(
        workload,
        """
        apiVersion: v1
        kind: Secret
        metadata:
          name: app-secret
        data:
          token: czNjcjN0   # s3cr3t
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: app-config
        data:
          greeting: hello
          mode: fast
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: secret
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-uri: local/secret:run-1
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              volumes:
                - name: config
                  configMap:
                    name: app-config
                    items:
                      - key: greeting
                        path: greeting.txt
                - name: absent
                  secret:
                    secretName: not-there
                    optional: true
              containers:
                - name: app
                  image: busybox:1.36
                  workingDir: /workspace
                  envFrom:
                    - configMapRef:
                        name: app-config
                      prefix: CFG_
                    - secretRef:
                        name: not-there-either
                        optional: true
                  env:
                    - name: TOKEN
                      valueFrom:
                        secretKeyRef:
                          name: app-secret
                          key: token
                    - name: ABSENT
                      valueFrom:
                        secretKeyRef:
                          name: app-secret
                          key: nothing
                          optional: true
                  volumeMounts:
                    - name: config
                      mountPath: /config
                  command:
                    - sh
                    - -c
                    - >-
                      echo "$TOKEN $CFG_mode ${ABSENT-unset} $(cat /config/greeting.txt)" > out.txt;
                      touch /config/new 2>/dev/null && echo writable >> out.txt; true
        """);
    try (LocalRegistry registry = LocalRegistry.start(temp.resolve("registry"))) {
      CommandRun run = run("-f", workload.toString(), "--registry", registry.address());
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).doesNotContain("Secret/app-secret").doesNotContain("skipped");
      assertThat(pulled(registry, "local/secret:run-1")).isEqualTo("s3cr3t fast unset hello\n");
    }
  }

  /** The content of the single file of artifact {@code reference}. */
  String pulled(LocalRegistry registry, String reference) throws IOException {
    Path into = temp.resolve("pulled-" + reference.replaceAll("[^a-z0-9-]", "_"));
    CommandRun pull =
        CommandRun.of("pull", reference, into.toString(), "--registry", registry.address());
    assertThat(pull.exitCode()).as(pull.out() + pull.err()).isZero();
    return Files.readString(into.resolve("out.txt"));
  }

  /** Fails when the runtime left something of pod {@code pod} behind (containers). */
  void assertNothingLeftOf(String pod) throws Exception {}

  /** A Job whose app runs {@code script} in /workspace and pushes out.txt as local/NAME:run-1. */
  Path job(String name, String restartPolicy, String script) throws IOException {
    String yaml =
        """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: NAME
          annotations:
            oras.converged-computing.github.io/oras-cache: cache
            oras.converged-computing.github.io/output-uri: local/NAME:run-1
            oras.converged-computing.github.io/output-path: out.txt
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: POLICY
              volumes:
                - name: state
                  emptyDir: {}
              containers:
                - name: app
                  image: busybox:1.36
                  workingDir: /workspace
                  command: [sh, -c, SCRIPT]
                  volumeMounts:
                    - name: state
                      mountPath: /state
        """
            .replace("NAME", name)
            .replace("POLICY", restartPolicy)
            .replace(
                "SCRIPT", YAML.writeValueAsString(script).strip().replaceFirst("^---\\s*", ""));
    Path file = temp.resolve(name + ".yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * Kills, with SIGKILL, the launcher of the app whose command line holds {@code marker} and
   * everything it started, as soon as it runs; completes with the time of the kill (0: not found
   * within a minute).
   */
  static CompletableFuture<Long> killLauncherOnceRunning(String marker) {
    return CompletableFuture.supplyAsync(
        () -> {
          long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
          while (System.nanoTime() < giveUp) {
            Optional<ProcessHandle> launcher =
                ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains(marker))
                    .filter(p -> p.info().commandLine().orElse("").contains("oras-launcher.sh"))
                    .findFirst();
            if (launcher.isPresent()) {
              sleep(500); // let the app start writing
              // The parent first: a shell whose child dies first would go on and exit 0.
              List<ProcessHandle> tree = launcher.get().descendants().toList();
              launcher.get().destroyForcibly();
              tree.forEach(ProcessHandle::destroyForcibly);
              return System.nanoTime();
            }
            sleep(50);
          }
          return 0L;
        });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String manifestDigest(LocalRegistry registry, String repository, String tag)
      throws Exception {
    HttpResponse<Void> response = head(registry, repository, tag);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  static int manifestStatus(LocalRegistry registry, String repository, String tag)
      throws Exception {
    return head(registry, repository, tag).statusCode();
  }

  private static HttpResponse<Void> head(LocalRegistry registry, String repository, String tag)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://" + registry.address() + "/v2/" + repository + "/manifests/" + tag))
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .header("Accept", "application/vnd.oci.image.manifest.v1+json")
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding());
  }
}
