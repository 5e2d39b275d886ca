package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the engine will change in one pod template, decided before any JSON Patch is written.
 * The plan owns its two container nodes: the planner builds them for it alone, so they are not
 * copied here (copying them cost a twentieth of the webhook's time per review).
 *
 * @param pointer JSON Pointer of the template inside the object
 * @param appIndex index of the app container in {@code spec.containers}
 * @param appCommand the app container's new {@code command}: the launcher, then the original argv
 * @param appEnv environment added to the app container (values already {@code $}-escaped)
 * @param pullContainer the init container that pulls inputs and installs the launcher
 * @param pushContainer the sidecar that pushes the output, when there is one
 * @param nativePush whether {@code pushContainer} goes into {@code initContainers} (a native
 *     sidecar, right after the pull container) rather than {@code containers}
 * @param subdomain the cache's headless Service, when the pods join it: their {@code
 *     spec.subdomain} and the value of the label that the Service selects
 */
public record TemplatePlan(
    String pointer,
    int appIndex,
    List<String> appCommand,
    Map<String, String> appEnv,
    ObjectNode pullContainer,
    Optional<ObjectNode> pushContainer,
    boolean nativePush,
    Optional<String> subdomain) {

  public TemplatePlan {
    appCommand = List.copyOf(appCommand);
    appEnv = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(appEnv));
  }
}
