package io.github.oras.operator.engine;

import io.github.oras.operator.api.CacheSettings;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.ServiceMergeStrategy.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * What will happen to the annotations of an object that a check-only policy handles, in one
 * sentence for {@code inject}: where they go, and what the created workload's pods will do.
 */
final class CheckOnlyNote {
  private CheckOnlyNote() {}

  static String of(
      MutationPolicy policy, CacheSettings settings, RegistryTarget target, Decision network) {
    List<String> steps = new ArrayList<>();
    if (!settings.inputs().isEmpty()) {
      steps.add(
          "pull "
              + String.join(", ", settings.inputs().stream().map(Object::toString).toList())
              + " before the app starts");
    }
    settings
        .output()
        .ifPresent(
            output ->
                steps.add(
                    "push "
                        + output.path()
                        + " to "
                        + output.uri()
                        + (output.uri().perPod() ? " (each pod its own tag)" : "")
                        + " when it ends"));
    String app =
        settings.container().map(name -> "container " + name).orElse("the first container");
    String service =
        network instanceof Decision.JoinCacheService join
            ? "; the pods join the headless Service " + join.service()
            : "";
    return policy.checkOnly().orElse("")
        + ": "
        + app
        + " will "
        + (steps.isEmpty() ? "run with the cache" : String.join(" and ", steps))
        + ", through the registry "
        + target.address()
        + service;
  }
}
