package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.CacheNetwork;
import io.github.oras.operator.spi.JsonPointers;

/**
 * Turns a {@link TemplatePlan} into RFC 6902 operations against the original object. Pure. Only
 * {@code add} is used: onto a missing array or map it adds the whole array or map, onto an existing
 * one it appends an element or sets a member, so existing volumes, env and mounts stay as they
 * were.
 */
public final class PatchRenderer {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private PatchRenderer() {}

  /**
   * Appends the operations for {@code plan} to {@code ops}; {@code template} is the unpatched
   * template.
   */
  public static void render(TemplatePlan plan, JsonNode template, ArrayNode ops) {
    String pointer = plan.pointer();
    String spec = JsonPointers.append(pointer, "spec");
    markInjected(ops, template, pointer);
    JsonNode podSpec = template.path("spec");
    appendTo(ops, podSpec, spec, "volumes", InjectedShapes.shareVolume());
    ArrayNode init = JSON.arrayNode().add(plan.pullContainer());
    if (plan.nativePush()) {
      // Right after oras-pull: the kubelet starts it once the inputs are in place.
      plan.pushContainer().ifPresent(init::add);
    }
    appendAllTo(ops, podSpec, spec, "initContainers", init);
    if (!plan.nativePush()) {
      plan.pushContainer().ifPresent(push -> appendTo(ops, podSpec, spec, "containers", push));
    }

    String app = JsonPointers.append(spec, "containers", Integer.toString(plan.appIndex()));
    JsonNode appNode = podSpec.path("containers").path(plan.appIndex());
    ArrayNode command = JSON.arrayNode();
    plan.appCommand().forEach(command::add);
    add(ops, JsonPointers.append(app, "command"), command);
    appendTo(ops, appNode, app, "volumeMounts", InjectedShapes.appMount());
    ArrayNode env = JSON.arrayNode();
    plan.appEnv().forEach((name, value) -> env.addObject().put("name", name).put("value", value));
    appendAllTo(ops, appNode, app, "env", env);
    plan.subdomain()
        .ifPresent(
            service -> {
              add(ops, JsonPointers.append(spec, "subdomain"), JSON.textNode(service));
              joinCacheService(ops, template, pointer, service);
            });
  }

  /**
   * Labels the template's pods for the cache's headless Service, which selects them by this label
   * alongside the registry pod. Runs after {@link #markInjected}, which created {@code metadata}
   * when the template had none.
   */
  private static void joinCacheService(
      ArrayNode ops, JsonNode template, String pointer, String service) {
    String metadata = JsonPointers.append(pointer, "metadata");
    if (template.path("metadata").path("labels").isObject()) {
      add(
          ops,
          JsonPointers.append(metadata, "labels", CacheNetwork.MEMBER_LABEL),
          JSON.textNode(service));
    } else {
      add(
          ops,
          JsonPointers.append(metadata, "labels"),
          JSON.objectNode().put(CacheNetwork.MEMBER_LABEL, service));
    }
  }

  /**
   * Adds {@code value} to the array {@code field} of {@code parent}, creating the array if missing.
   */
  private static void appendTo(
      ArrayNode ops, JsonNode parent, String parentPointer, String field, JsonNode value) {
    JsonNode existing = parent.path(field);
    if (existing.isArray()) {
      add(ops, JsonPointers.append(parentPointer, field) + "/-", value);
    } else {
      add(ops, JsonPointers.append(parentPointer, field), JSON.arrayNode().add(value));
    }
  }

  /**
   * Adds every element of {@code values} to the array {@code field}, creating it whole if missing.
   */
  private static void appendAllTo(
      ArrayNode ops, JsonNode parent, String parentPointer, String field, ArrayNode values) {
    if (parent.path(field).isArray()) {
      values.forEach(value -> add(ops, JsonPointers.append(parentPointer, field) + "/-", value));
    } else {
      add(ops, JsonPointers.append(parentPointer, field), values);
    }
  }

  /**
   * Adds the {@code injected} annotation to the template, creating {@code metadata} and {@code
   * annotations} when the template has none.
   */
  private static void markInjected(ArrayNode ops, JsonNode template, String pointer) {
    String metadata = JsonPointers.append(pointer, "metadata");
    String marker = Annotations.qualified(Annotations.INJECTED);
    ObjectNode annotations = JSON.objectNode().put(marker, InjectorConfig.INJECTOR_VERSION);
    if (!template.path("metadata").isObject()) {
      add(ops, metadata, JSON.objectNode().set("annotations", annotations));
    } else if (!template.path("metadata").path("annotations").isObject()) {
      add(ops, JsonPointers.append(metadata, "annotations"), annotations);
    } else {
      add(ops, JsonPointers.append(metadata, "annotations", marker), annotations.get(marker));
    }
  }

  private static void add(ArrayNode ops, String path, JsonNode value) {
    // Values are built for this patch alone (the plan's containers are its own copies): no copy
    // here.
    ops.addObject().put("op", "add").put("path", path).set("value", value);
  }
}
