package io.github.oras.operator.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet-like lifecycle over the process runtime: real sh scripts as containers, each in a
 * root filesystem of its own built by bubblewrap.
 */
class PodLifecycleTest {
  @TempDir Path scratch;

  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

  private PodResult run(String podSpecYaml) throws Exception {
    return run(podSpecYaml, Duration.ofSeconds(60));
  }

  private PodResult run(String podSpecYaml, Duration timeout) throws Exception {
    JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(podSpecYaml);
    LocalPod pod = LocalPod.of("p", spec, scratch.resolve("pod"));
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    ProcessRuntime runtime = new ProcessRuntime(List.of(), bin, isRoot());
    return new PodLifecycle(runtime, log, timeout).run(pod);
  }

  private String logs() {
    return logBytes.toString(StandardCharsets.UTF_8);
  }

  private Path volume(String name) {
    return scratch.resolve("pod/volumes").resolve(name);
  }

  @Test
  void initContainersRunFirstAndEmptyDirIsSharedAtItsRealPathWithoutTouchingTheHost()
      throws Exception {
    String share = "/mnt/oras-runner-test-" + UUID.randomUUID();
    PodResult result =
        run(
            """
            restartPolicy: Never
            volumes:
            - name: share
              emptyDir: {}
            initContainers:
            - name: init
              command: [sh, -c, 'echo "$1" > "$2/from-init"', sh, 'hello $(GREETING) it''s "me"', SHARE]
              env:
              - name: GREETING
                value: world
              volumeMounts:
              - name: share
                mountPath: SHARE
            containers:
            - name: reader
              workingDir: /work-runner-test
              command: [sh, -c, 'cat "$1/from-init" && pwd', sh, SHARE]
              volumeMounts:
              - name: share
                mountPath: SHARE
            - name: failing
              command: [sh, -c, 'exit 3']
            """
                .replace("SHARE", share));
    assertThat(logs())
        .contains("[p/reader] hello world it's \"me\"")
        .contains("[p/reader] /work-runner-test");
    assertThat(result.initContainers())
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("Completed"));
    assertThat(result.containers())
        .extracting(ContainerResult::status)
        .containsExactly("Completed", "Error (exit code 3)");
    assertThat(result.status()).isEqualTo("Error");
    assertThat(Path.of(share)).as("no mount point is created on the host").doesNotExist();
    assertThat(Path.of("/work-runner-test")).doesNotExist();
  }

  @Test
  void failedInitContainerStopsThePod() throws Exception {
    PodResult result =
        run(
            """
            restartPolicy: Never
            initContainers:
            - name: init
              command: [sh, -c, 'exit 7']
            containers:
            - name: app
              command: [sh, -c, 'echo should not run']
            """);
    assertThat(result.status()).isEqualTo("Init:Error");
    assertThat(result.containers()).isEmpty();
    assertThat(logs()).doesNotContain("should not run");
  }

  @Test
  void nativeSidecarStartsBeforeTheNextInitRunsBesideTheAppAndGetsSigtermAfterIt()
      throws Exception {
    PodResult result =
        run(
            """
            restartPolicy: Never
            volumes:
            - name: share
              emptyDir: {}
            initContainers:
            - name: sidecar
              restartPolicy: Always
              command: [sh, -c, 'trap "echo TERM >> /share/order; exit 0" TERM; echo sidecar >> /share/order; while :; do sleep 0.05; done']
              volumeMounts: [{name: share, mountPath: /share}]
            - name: init
              command: [sh, -c, 'until [ -s /share/order ]; do sleep 0.05; done; echo init >> /share/order']
              volumeMounts: [{name: share, mountPath: /share}]
            containers:
            - name: app
              command: [sh, -c, 'sleep 0.3; echo app >> /share/order; exit 5']
              volumeMounts: [{name: share, mountPath: /share}]
            """);
    assertThat(Files.readAllLines(volume("share").resolve("order")))
        .containsExactly("sidecar", "init", "app", "TERM");
    assertThat(result.initContainers())
        .extracting(ContainerResult::name, ContainerResult::sidecar, ContainerResult::exitCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sidecar", true, 0),
            org.assertj.core.groups.Tuple.tuple("init", false, 0));
    assertThat(result.status()).as("the phase comes from the app only").isEqualTo("Error");
  }

  @Test
  void aSidecarThatIgnoresSigtermIsKilledAfterTheGracePeriodAndDoesNotDecideThePhase()
      throws Exception {
    long start = System.nanoTime();
    PodResult result =
        run(
            """
            restartPolicy: Never
            terminationGracePeriodSeconds: 1
            initContainers:
            - name: stubborn
              restartPolicy: Always
              command: [sh, -c, 'trap "" TERM; while :; do sleep 0.05; done']
            containers:
            - name: app
              command: [sh, -c, 'exit 0']
            """);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.initContainers().get(0).exitCode()).isEqualTo(137);
    assertThat(logs()).contains("SIGKILL");
    assertThat(result.status()).isEqualTo("Completed");
  }

  @Test
  void aNativeSidecarThatExitsWhileTheAppRunsIsRestarted() throws Exception {
    PodResult result =
        run(
            """
            restartPolicy: Never
            volumes:
            - name: share
              emptyDir: {}
            initContainers:
            - name: flaky
              restartPolicy: Always
              command: [sh, -c, 'echo start >> /share/starts; [ "$(wc -l < /share/starts)" -gt 1 ] || exit 1; trap "exit 0" TERM; while :; do sleep 0.05; done']
              volumeMounts: [{name: share, mountPath: /share}]
            containers:
            - name: app
              command: [sh, -c, 'until [ "$(wc -l < /share/starts)" -gt 1 ]; do sleep 0.05; done']
              volumeMounts: [{name: share, mountPath: /share}]
            """);
    assertThat(result.status()).isEqualTo("Completed");
    assertThat(result.initContainers().get(0).restarts()).isEqualTo(1);
  }

  @Test
  void onFailureRestartsAFailedContainerABoundedNumberOfTimes() throws Exception {
    PodResult result =
        run(
            """
            restartPolicy: OnFailure
            volumes:
            - name: state
              emptyDir: {}
            containers:
            - name: second-time-lucky
              command: [sh, -c, 'if [ -e /state/tried ]; then echo second; else touch /state/tried; exit 1; fi']
              volumeMounts: [{name: state, mountPath: /state}]
            - name: hopeless
              command: [sh, -c, 'exit 2']
            """);
    assertThat(result.containers())
        .extracting(ContainerResult::status)
        .containsExactly(
            "Completed, 1 restart",
            "Error (exit code 2), " + PodLifecycle.MAX_RESTARTS + " restarts");
    assertThat(logs()).contains("[p/second-time-lucky] second");
  }

  @Test
  void killingTheAppsProcessTreeEndsThePodAsFailedWithinSeconds() throws Exception {
    String marker = "marker-" + UUID.randomUUID();
    CompletableFuture<Void> killer =
        CompletableFuture.runAsync(
            () -> {
              Optional<ProcessHandle> app = Optional.empty();
              long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
              while (app.isEmpty() && System.nanoTime() < giveUp) {
                app =
                    ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(marker))
                        .filter(p -> p.info().command().orElse("").endsWith("sh"))
                        .findFirst();
                Thread.onSpinWait();
              }
              // The parent first: a shell whose child dies first would go on and exit 0.
              List<ProcessHandle> tree = app.map(a -> a.descendants().toList()).orElse(List.of());
              app.ifPresent(ProcessHandle::destroyForcibly);
              tree.forEach(ProcessHandle::destroyForcibly);
            });
    long start = System.nanoTime();
    PodResult result =
        run(
            """
            restartPolicy: Never
            initContainers:
            - name: sidecar
              restartPolicy: Always
              command: [sh, -c, 'trap "exit 0" TERM; while :; do sleep 0.05; done']
            containers:
            - name: app
              command: [sh, -c, 'sleep 1000; echo MARKER', sh]
            """
                .replace("MARKER", marker),
            Duration.ofSeconds(120));
    killer.join();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(result.status()).isEqualTo("Error");
    assertThat(result.containers().get(0).exitCode()).isEqualTo(137);
    assertThat(result.initContainers().get(0).exitCode()).as("stopped by SIGTERM").isZero();
  }

  @Test
  void runAsUserAndRunAsGroupAreHonoured() throws Exception {
    run(
        """
        securityContext:
          runAsUser: 4321
          runAsGroup: 4322
        containers:
        - name: who
          command: [sh, -c, 'echo "uid=$(id -u) gid=$(id -g)"']
        - name: override
          securityContext: {runAsUser: 0, runAsGroup: 0}
          command: [sh, -c, 'echo "uid=$(id -u) gid=$(id -g)"']
        """);
    assertThat(logs()).contains("[p/who] uid=4321 gid=4322").contains("[p/override] uid=0 gid=0");
  }

  @Test
  void volumesTheRunnerCannotReproduceAreRefusedByName() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    volumes:
                    - name: data
                      persistentVolumeClaim: {claimName: x}
                    containers:
                    - name: app
                      command: [date]
                    """))
        .hasMessageContaining("volume \"data\" is not an emptyDir");
  }

  @Test
  void aContainerWithoutCommandIsRefusedByTheProcessRuntimeNamingIt() {
    assertThatThrownBy(
            () ->
                run(
                    """
                    containers:
                    - name: app
                      image: busybox
                    """))
        .hasMessageContaining("container \"app\" has no command")
        .hasMessageContaining("--runtime podman");
  }

  private static boolean isRoot() throws Exception {
    return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
  }
}
