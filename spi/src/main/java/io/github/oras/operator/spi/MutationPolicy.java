package io.github.oras.operator.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin that teaches the webhook one family of workload kinds: which kinds it handles, where
 * their pod templates are and which annotations govern each. Implementations are stateless, found
 * with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.github.oras.operator.spi.MutationPolicy}) and enabled by name in the
 * webhook's configuration. A new kind is a new plugin, never a change to this interface.
 *
 * <p>Policies only describe; the webhook's engine plans and renders the mutation, so every policy
 * gets the same validation, idempotence and escaping.
 */
public interface MutationPolicy {

  /** Unique short name used in configuration, e.g. {@code job}. Lowercase letters, digits and -. */
  String name();

  /** One line for {@code oras-operator policies}. */
  String description();

  /** The kinds this policy handles. */
  Set<GroupVersionKind> kinds();

  default boolean handles(GroupVersionKind kind) {
    return kinds().contains(kind);
  }

  /**
   * Whether this object should be mutated at all, before any annotation is read. For example a Job
   * policy may leave Jobs created by a JobSet to the JobSet's own mutation. Default: yes.
   */
  default boolean shouldMutate(JsonNode object) {
    return true;
  }

  /**
   * The pod templates of {@code object} in document order, each with its effective annotations. A
   * template whose effective annotations do not opt in is left untouched by the engine.
   */
  List<PodTemplate> podTemplates(JsonNode object);

  /**
   * The headless service (pod {@code subdomain}) the template's pods already belong to, if any. The
   * default reads the template's {@code spec.subdomain}; a policy for a kind whose controller
   * assigns one (JobSet) says so here, so that a {@link ServiceMergeStrategy} sees the real
   * conflict.
   */
  default Optional<String> workloadSubdomain(JsonNode object, PodTemplate template) {
    JsonNode subdomain = JsonPointers.at(object, template.pointer()).path("spec").path("subdomain");
    return subdomain.isTextual() && !subdomain.textValue().isEmpty()
        ? Optional.of(subdomain.textValue())
        : Optional.empty();
  }

  /**
   * How many pods the template makes and how they are told apart, for per-pod output tags ({@code
   * {index}}, {@code {pod}}). The default: one pod without an index.
   */
  default PodFanOut fanOut(JsonNode object, PodTemplate template) {
    return PodFanOut.single(
        "pods of a "
            + GroupVersionKind.of(object).map(GroupVersionKind::kind).orElse("workload")
            + " have no index: use {pod}");
  }

  /**
   * Empty (the default) for a policy whose kinds are mutated. A policy for a kind whose controller
   * copies the annotations onto a workload it creates (a MetricSet's JobSet) returns what happens
   * to them instead: the engine then checks the annotations with the messages that workload would
   * get, so that the user sees them when creating this object, and patches nothing.
   */
  default Optional<String> checkOnly() {
    return Optional.empty();
  }
}
