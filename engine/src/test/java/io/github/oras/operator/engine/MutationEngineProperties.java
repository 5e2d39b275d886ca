package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oras.operator.api.SidecarContract;
import io.github.oras.operator.spi.JsonPointers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of the engine over generated Pods, Jobs, CronJobs and JobSets, with the three built-in
 * policies discovered from the class path.
 */
class MutationEngineProperties {
  private static final MutationEngine ENGINE =
      MutationEngine.create(
          // Generated templates may share an output tag by chance; PerPodOutputTest covers that.
          InjectorConfig.defaults().withParallelOutput(InjectorConfig.ParallelOutput.WARN),
          PolicyCatalog.discover(MutationEngineProperties.class.getClassLoader()),
          CacheResolver.byConvention());

  private static final MutationEngine CONTAINER_MODE_ENGINE =
      MutationEngine.create(
          InjectorConfig.defaults()
              .withParallelOutput(InjectorConfig.ParallelOutput.WARN)
              .withSidecarMode(InjectorConfig.SidecarMode.CONTAINER),
          PolicyCatalog.discover(MutationEngineProperties.class.getClassLoader()),
          CacheResolver.byConvention());

  private static MutationEngine engine(InjectorConfig.SidecarMode mode) {
    return mode == InjectorConfig.SidecarMode.NATIVE ? ENGINE : CONTAINER_MODE_ENGINE;
  }

  @Provide
  Arbitrary<Workloads.Generated> optedIn() {
    return Workloads.workload(true);
  }

  @Provide
  Arbitrary<Workloads.Generated> notOptedIn() {
    return Workloads.workload(false);
  }

  @Property
  void patchAppliesAndEveryTemplateGetsTheCacheOnce(
      @ForAll("optedIn") Workloads.Generated workload) {
    JsonNode mutated = inject(workload.object());
    for (String pointer : workload.templatePointers()) {
      JsonNode spec = JsonPointers.at(mutated, pointer).path("spec");
      assertThat(names(spec.path("volumes"))).containsOnlyOnce(SidecarContract.VOLUME);
      assertThat(names(spec.path("initContainers")))
          .containsOnlyOnce(SidecarContract.PULL_CONTAINER);
      List<String> containerNames = names(spec.path("containers"));
      assertThat(new HashSet<>(containerNames)).hasSameSizeAs(containerNames);
      assertThat(
              JsonPointers.at(mutated, pointer)
                  .path("metadata")
                  .path("annotations")
                  .has(Workloads.PREFIX + "injected"))
          .isTrue();
    }
  }

  @Property
  void thePushSideSitsWhereItsModeSaysExactlyOnce(
      @ForAll("optedIn") Workloads.Generated workload, @ForAll InjectorConfig.SidecarMode mode) {
    JsonNode mutated = inject(engine(mode), workload.object());
    for (String pointer : workload.templatePointers()) {
      JsonNode before = JsonPointers.at(workload.object(), pointer).path("spec");
      JsonNode spec = JsonPointers.at(mutated, pointer).path("spec");
      boolean pushes =
          annotations(JsonPointers.at(workload.object(), pointer))
              .containsKey(Workloads.PREFIX + "output-uri");
      List<String> init = names(spec.path("initContainers"));
      List<String> regular = names(spec.path("containers"));
      int pull = before.path("initContainers").size();
      assertThat(init.indexOf(SidecarContract.PULL_CONTAINER)).isEqualTo(pull);
      JsonNode app = spec.path("containers").get(0);
      String launcherMode =
          KubernetesExpansion.environment(app.path("env")).get("ORAS_SIDECAR_MODE");
      if (!pushes) {
        assertThat(init).doesNotContain(SidecarContract.PUSH_CONTAINER);
        assertThat(regular).doesNotContain(SidecarContract.PUSH_CONTAINER);
        assertThat(launcherMode).isNull();
        continue;
      }
      assertThat(launcherMode).isEqualTo(mode.value());
      JsonNode push;
      if (mode == InjectorConfig.SidecarMode.NATIVE) {
        assertThat(init).containsOnlyOnce(SidecarContract.PUSH_CONTAINER);
        assertThat(init.indexOf(SidecarContract.PUSH_CONTAINER)).isEqualTo(pull + 1);
        assertThat(init).hasSize(pull + 2);
        assertThat(regular).doesNotContain(SidecarContract.PUSH_CONTAINER);
        push = spec.path("initContainers").get(pull + 1);
        assertThat(push.path("restartPolicy").asText()).isEqualTo("Always");
      } else {
        assertThat(init).doesNotContain(SidecarContract.PUSH_CONTAINER);
        assertThat(regular).containsOnlyOnce(SidecarContract.PUSH_CONTAINER);
        assertThat(regular.get(regular.size() - 1)).isEqualTo(SidecarContract.PUSH_CONTAINER);
        push = spec.path("containers").get(regular.size() - 1);
        assertThat(push.has("restartPolicy")).isFalse();
      }
      assertThat(KubernetesExpansion.environment(push.path("env")).get("ORAS_SIDECAR_MODE"))
          .isEqualTo(mode.value());
    }
  }

  @Property
  void injectingTwiceEqualsInjectingOnceInEitherMode(
      @ForAll("optedIn") Workloads.Generated workload,
      @ForAll InjectorConfig.SidecarMode first,
      @ForAll InjectorConfig.SidecarMode second) {
    // A Job's Pod is admitted again, perhaps by a webhook replica configured the other way.
    JsonNode once = inject(engine(first), workload.object());
    assertThat(engine(second).mutate(once, "ns")).isInstanceOf(MutationOutcome.Unchanged.class);
  }

  @Property
  void originalArgvIsRecoverableExactly(@ForAll("optedIn") Workloads.Generated workload) {
    JsonNode mutated = inject(workload.object());
    for (String pointer : workload.templatePointers()) {
      JsonNode before = JsonPointers.at(workload.object(), pointer);
      JsonNode app = JsonPointers.at(mutated, pointer).path("spec").path("containers").get(0);
      JsonNode original = before.path("spec").path("containers").get(0);
      List<String> command = strings(app.path("command"));
      assertThat(command.subList(0, 3)).containsExactly("/bin/sh", SidecarContract.LAUNCHER, "--");
      List<String> expected =
          original.has("command")
              ? strings(original.path("command"))
              : entrypoint(before).stream().map(s -> s.replace("$", "$$")).toList();
      assertThat(command.subList(3, command.size())).isEqualTo(expected);
      assertThat(app.path("args")).isEqualTo(original.path("args"));
    }
  }

  @Property
  void userContainersVolumesEnvAndMountsSurvive(@ForAll("optedIn") Workloads.Generated workload) {
    JsonNode mutated = inject(workload.object());
    for (String pointer : workload.templatePointers()) {
      JsonNode before = JsonPointers.at(workload.object(), pointer).path("spec");
      JsonNode after = JsonPointers.at(mutated, pointer).path("spec");
      assertPrefix(before.path("volumes"), after.path("volumes"));
      assertPrefix(before.path("initContainers"), after.path("initContainers"));
      for (int i = 0; i < before.path("containers").size(); i++) {
        JsonNode original = before.path("containers").get(i);
        JsonNode now = after.path("containers").get(i);
        if (i == 0) {
          assertPrefix(original.path("env"), now.path("env"));
          assertPrefix(original.path("volumeMounts"), now.path("volumeMounts"));
          assertThat(now.path("image")).isEqualTo(original.path("image"));
        } else {
          assertThat(now).isEqualTo(original);
        }
      }
    }
  }

  @Property
  void injectingTwiceEqualsInjectingOnce(@ForAll("optedIn") Workloads.Generated workload) {
    JsonNode once = inject(workload.object());
    MutationOutcome again = ENGINE.mutate(once, "ns");
    assertThat(again).isInstanceOf(MutationOutcome.Unchanged.class);
  }

  @Property
  void objectsThatDoNotOptInGetNoPatch(@ForAll("notOptedIn") Workloads.Generated workload) {
    assertThat(ENGINE.mutate(workload.object(), "ns"))
        .isInstanceOf(MutationOutcome.Unchanged.class);
  }

  @Property
  void annotationValuesArriveVerbatimAfterKubernetesExpansion(
      @ForAll("optedIn") Workloads.Generated workload) {
    JsonNode mutated = inject(workload.object());
    for (String pointer : workload.templatePointers()) {
      Map<String, String> annotations = annotations(JsonPointers.at(workload.object(), pointer));
      JsonNode app = JsonPointers.at(mutated, pointer).path("spec").path("containers").get(0);
      Map<String, String> env = KubernetesExpansion.environment(app.path("env"));
      assertThat(env.get("ORAS_OUTPUT_PATH"))
          .isEqualTo(annotations.get(Workloads.PREFIX + "output-path"));
      assertThat(env.get("ORAS_INPUT_PATH"))
          .isEqualTo(annotations.get(Workloads.PREFIX + "input-path"));
      assertThat(env.get("ORAS_OUTPUT_PIPE"))
          .isEqualTo(annotations.get(Workloads.PREFIX + "output-pipe"));
    }
  }

  @Property
  void noInjectedContainerRunsAShellScript(@ForAll("optedIn") Workloads.Generated workload) {
    JsonNode mutated = inject(workload.object());
    for (String pointer : workload.templatePointers()) {
      JsonNode spec = JsonPointers.at(mutated, pointer).path("spec");
      List<JsonNode> injected = new ArrayList<>();
      spec.path("initContainers").forEach(c -> addIfOurs(c, injected));
      spec.path("containers").forEach(c -> addIfOurs(c, injected));
      for (JsonNode container : injected) {
        assertThat(strings(container.path("command"))).doesNotContain("-c");
        assertThat(strings(container.path("args"))).doesNotContain("-c");
      }
      List<String> appCommand = strings(spec.path("containers").get(0).path("command"));
      assertThat(appCommand.get(1)).isEqualTo(SidecarContract.LAUNCHER);
    }
  }

  private static void addIfOurs(JsonNode container, List<JsonNode> into) {
    String name = container.path("name").asText();
    if (name.equals(SidecarContract.PULL_CONTAINER)
        || name.equals(SidecarContract.PUSH_CONTAINER)) {
      into.add(container);
    }
  }

  static JsonNode inject(JsonNode object) {
    return inject(ENGINE, object);
  }

  static JsonNode inject(MutationEngine engine, JsonNode object) {
    try {
      return injectChecked(engine, object);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode injectChecked(MutationEngine engine, JsonNode object)
      throws com.fasterxml.jackson.core.JsonProcessingException {
    MutationOutcome outcome = engine.mutate(object, "ns");
    assertThat(outcome).as("outcome for %s", object).isInstanceOf(MutationOutcome.Patched.class);
    for (JsonNode op : ((MutationOutcome.Patched) outcome).patch()) {
      assertThat(op.path("op").asText()).isEqualTo("add");
    }
    // The text written while the patch was built is the patch, byte for byte.
    assertThat(((MutationOutcome.Patched) outcome).json())
        .isEqualTo(
            new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsBytes(((MutationOutcome.Patched) outcome).patch()));
    return Patches.apply(((MutationOutcome.Patched) outcome).patch(), object);
  }

  private static List<String> entrypoint(JsonNode template) {
    String json = annotations(template).get(Workloads.PREFIX + "entrypoint");
    try {
      List<String> out = new ArrayList<>();
      new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(json)
          .forEach(n -> out.add(n.textValue()));
      return out;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static Map<String, String> annotations(JsonNode template) {
    Map<String, String> out = new java.util.HashMap<>();
    template
        .path("metadata")
        .path("annotations")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static void assertPrefix(JsonNode before, JsonNode after) {
    for (int i = 0; i < before.size(); i++) {
      assertThat(after.get(i)).isEqualTo(before.get(i));
    }
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(item -> names.add(item.path("name").asText()));
    return names;
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(item -> out.add(item.asText()));
    return out;
  }
}
