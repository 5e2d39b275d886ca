package io.github.oras.operator.engine;

import static io.github.oras.operator.api.SidecarContract.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.ArtifactReference;
import io.github.oras.operator.api.CacheSettings;
import io.github.oras.operator.api.Command;
import io.github.oras.operator.api.Excerpt;
import io.github.oras.operator.spi.ServiceMergeStrategy.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what to inject into one pod template. Pure: no I/O, the same inputs give the same plan.
 * Annotation values reach containers only as environment values and argv elements, each with every
 * {@code $} doubled so that Kubernetes' {@code $(VAR)} expansion leaves them verbatim; nothing is
 * ever placed inside a shell script.
 */
public final class TemplatePlanner {
  /** The launcher's fixed prefix; the app's original argv follows. */
  static final List<String> LAUNCHER_PREFIX = List.of("/bin/sh", LAUNCHER, ARGV_SEPARATOR);

  /** How many container names a message lists at most. */
  private static final int MAX_NAMES_LISTED = 10;

  private TemplatePlanner() {}

  /** A plan, or every reason there cannot be one. */
  public record Result(Optional<TemplatePlan> plan, List<String> errors) {
    public Result {
      errors = List.copyOf(errors);
    }
  }

  public static Result plan(
      String pointer,
      JsonNode template,
      CacheSettings settings,
      RegistryTarget target,
      InjectorConfig config,
      Decision network) {
    List<String> errors = new ArrayList<>();
    JsonNode spec = template.path("spec");
    JsonNode containers = spec.path("containers");
    if (!containers.isArray() || containers.isEmpty()) {
      return new Result(Optional.empty(), List.of("the pod template has no containers"));
    }
    checkNameCollisions(spec, errors);
    int appIndex = appContainerIndex(containers, settings, errors);
    List<String> command = List.of();
    Map<String, String> appEnv = launcherEnv(settings, config);
    if (appIndex >= 0) {
      JsonNode app = containers.get(appIndex);
      command = appCommand(app, settings, errors);
      checkAppCollisions(app, appEnv, errors);
    }
    if (network instanceof Decision.Reject reject) {
      errors.add(reject.reason());
    }
    if (!errors.isEmpty()) {
      return new Result(Optional.empty(), errors);
    }
    Optional<String> subdomain =
        network instanceof Decision.JoinCacheService join
            ? Optional.of(join.service())
            : Optional.empty();
    return new Result(
        Optional.of(
            new TemplatePlan(
                pointer,
                appIndex,
                command,
                appEnv,
                pullContainer(settings, target, config),
                pushContainer(settings, target, config),
                config.sidecarMode() == InjectorConfig.SidecarMode.NATIVE,
                subdomain)),
        List.of());
  }

  private static void checkNameCollisions(JsonNode spec, List<String> errors) {
    for (JsonNode volume : spec.path("volumes")) {
      if (VOLUME.equals(volume.path("name").asText(null))) {
        errors.add(
            "the pod already has a volume named \""
                + VOLUME
                + "\", which the cache injects; rename it");
      }
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : spec.path(list)) {
        String name = container.path("name").asText("");
        if (name.equals(PULL_CONTAINER) || name.equals(PUSH_CONTAINER)) {
          errors.add(
              "the pod already has a container named \""
                  + name
                  + "\" in "
                  + list
                  + ", which the cache injects; rename it");
        }
      }
    }
  }

  private static int appContainerIndex(
      JsonNode containers, CacheSettings settings, List<String> errors) {
    if (settings.container().isEmpty()) {
      return 0;
    }
    int index = indexOf(containers, settings.container().get());
    if (index < 0) {
      errors.add(missingContainer(containers, settings.container().get()));
    }
    return index;
  }

  /**
   * Why {@code template} cannot be the app's, when the {@code container} annotation names a
   * container it does not have.
   */
  public static Optional<String> missingAppContainer(JsonNode template, CacheSettings settings) {
    JsonNode containers = template.path("spec").path("containers");
    return settings
        .container()
        .filter(wanted -> indexOf(containers, wanted) < 0)
        .map(wanted -> missingContainer(containers, wanted));
  }

  private static int indexOf(JsonNode containers, String name) {
    for (int i = 0; i < containers.size(); i++) {
      if (containers.get(i).path("name").asText("").equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String missingContainer(JsonNode containers, String wanted) {
    List<String> names = new ArrayList<>();
    for (JsonNode container : containers) {
      if (names.size() == MAX_NAMES_LISTED) {
        names.add("... (" + containers.size() + " in all)");
        break;
      }
      names.add(Excerpt.of(container.path("name").asText("")));
    }
    return Annotations.qualified(Annotations.CONTAINER)
        + "=\""
        + wanted
        + "\": no container of that name; the pod's containers are "
        + String.join(", ", names);
  }

  private static List<String> appCommand(
      JsonNode app, CacheSettings settings, List<String> errors) {
    List<String> argv = new ArrayList<>(LAUNCHER_PREFIX);
    JsonNode command = app.path("command");
    if (command.isArray() && !command.isEmpty()) {
      // The original command stays as written: Kubernetes expands it exactly as it did before.
      command.forEach(element -> argv.add(element.asText()));
      return argv;
    }
    if (settings.entrypoint().isPresent()) {
      settings.entrypoint().get().argv().forEach(element -> argv.add(escapeDollars(element)));
      return argv;
    }
    errors.add(
        "container \""
            + Excerpt.of(app.path("name").asText(""))
            + "\" has no command (it relies on its image's"
            + " ENTRYPOINT, which the webhook cannot see): set "
            + Annotations.qualified(Annotations.ENTRYPOINT)
            + " to the command to run, e.g. [\"/app/run\"] or a JSON array");
    return List.of();
  }

  private static void checkAppCollisions(
      JsonNode app, Map<String, String> env, List<String> errors) {
    String name = Excerpt.of(app.path("name").asText(""));
    for (JsonNode mount : app.path("volumeMounts")) {
      if (SHARE.equals(mount.path("mountPath").asText(null))) {
        errors.add(
            "container \""
                + name
                + "\" already mounts something at "
                + SHARE
                + ", where the cache's shared directory goes; move it");
      }
    }
    for (JsonNode variable : app.path("env")) {
      String variableName = variable.path("name").asText("");
      if (env.containsKey(variableName)) {
        errors.add(
            "container \""
                + name
                + "\" already sets environment variable "
                + Excerpt.of(variableName)
                + ", which the cache's launcher reads; remove it and use the annotation instead");
      }
    }
  }

  private static Map<String, String> launcherEnv(CacheSettings settings, InjectorConfig config) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ENV_SHARE, SHARE);
    settings.inputPath().ifPresent(path -> env.put(ENV_INPUT_PATH, path));
    settings.output().ifPresent(output -> env.put(ENV_OUTPUT_PATH, output.path()));
    settings.outputPipe().ifPresent(pipe -> env.put(ENV_OUTPUT_PIPE, pipe));
    env.put(ENV_DEBUG, Boolean.toString(settings.debug()));
    // Only with a push side: the launcher then waits for it (native) or keeps a heartbeat.
    settings.output().ifPresent(output -> env.put(ENV_SIDECAR_MODE, config.sidecarMode().value()));
    return escapeValues(env);
  }

  private static ObjectNode pullContainer(
      CacheSettings settings, RegistryTarget target, InjectorConfig config) {
    Map<String, String> env = registryEnv(settings, target);
    if (!settings.inputs().isEmpty()) {
      env.put(ENV_INPUT_URIS, inputList(settings.inputs(), target));
    }
    env.put(ENV_UNPACK, Boolean.toString(settings.unpack()));
    return orasContainer(PULL_CONTAINER, PULL_COMMAND, settings, target, config, env);
  }

  /** One variable for all inputs: the list is carried once per template, not once per input. */
  private static String inputList(List<ArtifactReference> inputs, RegistryTarget target) {
    return String.join(
        INPUT_URIS_SEPARATOR,
        inputs.stream().map(input -> input.qualifiedText(target.address())).toList());
  }

  private static Optional<ObjectNode> pushContainer(
      CacheSettings settings, RegistryTarget target, InjectorConfig config) {
    return settings
        .output()
        .map(
            output -> {
              Map<String, String> env = registryEnv(settings, target);
              env.put(ENV_OUTPUT_URI, output.uri().qualifiedWith(target.address()).toString());
              env.put(ENV_PUSH_ON_FAILURE, Boolean.toString(settings.pushOnFailure()));
              env.put(ENV_SIDECAR_MODE, config.sidecarMode().value());
              ObjectNode push =
                  orasContainer(PUSH_CONTAINER, PUSH_COMMAND, settings, target, config, env);
              if (config.sidecarMode() == InjectorConfig.SidecarMode.NATIVE) {
                // A native sidecar: started before the app, stopped once every app container ended.
                push.put("restartPolicy", "Always");
              }
              return push;
            });
  }

  private static Map<String, String> registryEnv(CacheSettings settings, RegistryTarget target) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ENV_SHARE, SHARE);
    env.put(ENV_REGISTRY, target.address());
    env.put(ENV_PLAIN_HTTP, Boolean.toString(target.plainHttp()));
    env.put(ENV_DEBUG, Boolean.toString(settings.debug()));
    return env;
  }

  private static ObjectNode orasContainer(
      String name,
      String subcommand,
      CacheSettings settings,
      RegistryTarget target,
      InjectorConfig config,
      Map<String, String> env) {
    ObjectNode container = InjectedShapes.orasContainer();
    container.put("name", name);
    container.put("image", settings.orasImage().orElse(config.sidecarImage()));
    List<String> command =
        settings.orasEntrypoint().map(Command::argv).orElse(List.of(SIDECAR_EXECUTABLE));
    ArrayNode commandNode = ((ArrayNode) container.get("command"));
    command.forEach(element -> commandNode.add(escapeDollars(element)));
    ((ArrayNode) container.get("args")).add(subcommand);
    ArrayNode envNode = ((ArrayNode) container.get("env"));
    escapeValues(env)
        .forEach((key, value) -> envNode.addObject().put("name", key).put("value", value));
    target
        .credentialsSecret()
        .ifPresentOrElse(
            secret ->
                ((ArrayNode) container.get("envFrom"))
                    .addObject()
                    .putObject("secretRef")
                    .put("name", secret),
            () -> container.remove("envFrom"));
    container.set("resources", config.sidecarResources().deepCopy());
    return container;
  }

  private static Map<String, String> escapeValues(Map<String, String> env) {
    Map<String, String> escaped = new LinkedHashMap<>();
    env.forEach((key, value) -> escaped.put(key, escapeDollars(value)));
    return escaped;
  }

  /**
   * Kubernetes turns {@code $$} into {@code $} and expands {@code $(VAR)}: doubling keeps a value
   * verbatim.
   */
  static String escapeDollars(String value) {
    return value.replace("$", "$$");
  }
}
