package io.github.oras.operator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.api.CacheSettings;
import io.github.oras.operator.api.Excerpt;
import io.github.oras.operator.api.ParsedSettings;
import io.github.oras.operator.api.SettingsParser;
import io.github.oras.operator.spi.GroupVersionKind;
import io.github.oras.operator.spi.JsonPointers;
import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.PodFanOut;
import io.github.oras.operator.spi.PodTemplate;
import io.github.oras.operator.spi.ServiceMergeStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one entry point that both the admission server and the offline {@code inject} command use:
 * finds the active policy for an object, reads each pod template's settings, plans and renders the
 * JSON Patch. An object is either patched whole or rejected whole, never partly.
 */
public final class MutationEngine {
  private final List<MutationPolicy> policies;
  private final ServiceMergeStrategy serviceMerge;
  private final CacheResolver caches;
  private final InjectorConfig config;
  private final long maxObjectBytes;

  /** How many annotation names one warning lists at most. */
  private static final int MAX_KEYS_LISTED = 10;

  /**
   * The largest object, as JSON, that a mutation may produce: what the API server stores per object
   * (etcd's default request limit, 1.5 MiB).
   */
  public static final long DEFAULT_MAX_OBJECT_BYTES = SizeBudget.API_SERVER_MAX_OBJECT_BYTES;

  public MutationEngine(
      List<MutationPolicy> policies,
      ServiceMergeStrategy serviceMerge,
      CacheResolver caches,
      InjectorConfig config) {
    this(policies, serviceMerge, caches, config, DEFAULT_MAX_OBJECT_BYTES);
  }

  private MutationEngine(
      List<MutationPolicy> policies,
      ServiceMergeStrategy serviceMerge,
      CacheResolver caches,
      InjectorConfig config,
      long maxObjectBytes) {
    this.policies = List.copyOf(policies);
    this.serviceMerge = serviceMerge;
    this.caches = caches;
    this.config = config;
    this.maxObjectBytes = maxObjectBytes;
  }

  /** This engine with another object size limit (for an API server with a larger etcd limit). */
  public MutationEngine withMaxObjectBytes(long bytes) {
    if (bytes < 64 * 1024) {
      throw new IllegalArgumentException("the object size limit must be at least 64 KiB");
    }
    return new MutationEngine(policies, serviceMerge, caches, config, bytes);
  }

  /** An engine for {@code config}, with plugins from {@code catalog}; fails fast on bad names. */
  public static MutationEngine create(
      InjectorConfig config, PolicyCatalog catalog, CacheResolver caches) {
    return new MutationEngine(
        catalog.select(config.policies()), catalog.strategy(config.serviceMerge()), caches, config);
  }

  public List<MutationPolicy> activePolicies() {
    return policies;
  }

  /** The active policy that handles this kind, first in configured order. */
  public Optional<MutationPolicy> policyFor(GroupVersionKind kind) {
    return policies.stream().filter(policy -> policy.handles(kind)).findFirst();
  }

  /**
   * Mutates one object.
   *
   * @param object the object as the API server would store it
   * @param requestNamespace the admission request's namespace, used when the object has none
   */
  public MutationOutcome mutate(JsonNode object, String requestNamespace) {
    return mutate(object, ObjectSize.of(object), requestNamespace);
  }

  /**
   * Mutates one object whose size is known, or bounded, from the text it was read from (see {@link
   * ObjectSize#fromText}): the object is then not serialised again to measure it.
   */
  public MutationOutcome mutate(JsonNode object, ObjectSize size, String requestNamespace) {
    Optional<GroupVersionKind> kind = GroupVersionKind.of(object);
    if (kind.isEmpty() || !object.isObject()) {
      return new MutationOutcome.Unchanged(
          "not a Kubernetes object (no apiVersion and kind)", List.of());
    }
    Optional<MutationPolicy> policy = policyFor(kind.get());
    if (policy.isEmpty()) {
      return new MutationOutcome.Unchanged("no active policy handles " + kind.get(), List.of());
    }
    if (!policy.get().shouldMutate(object)) {
      return new MutationOutcome.Unchanged(
          "policy " + policy.get().name() + " leaves this " + kind.get().kind() + " alone",
          List.of());
    }
    String namespace = namespaceOf(object, requestNamespace);
    List<PodTemplate> templates = policy.get().podTemplates(object);
    SizeBudget.Result sized =
        SizeBudget.start(object, size, kind.get().kind(), templates, maxObjectBytes);
    if (sized.refusal().isPresent()) {
      return new MutationOutcome.Rejected(List.of(sized.refusal().get()), List.of());
    }
    SizeBudget budget = sized.budget().orElseThrow();
    Findings findings = new Findings();
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    PatchJson text = new PatchJson();
    for (PodTemplate template : templates) {
      findings.at(templates.size() > 1 ? "pod template " + template.pointer() + ": " : "");
      int before = ops.size();
      mutateTemplate(object, policy.get(), template, namespace, ops, findings);
      Optional<String> tooLarge = budget.add(text.append(ops, before));
      if (tooLarge.isPresent()) {
        return new MutationOutcome.Rejected(List.of(tooLarge.get()), findings.warnings);
      }
    }
    findings.at("");
    PerPodOutputs.checkAcrossTemplates(findings.outputs, findings::sharedOutput);
    if (!findings.appFound && findings.errors.isEmpty()) {
      // No template has the named app container: that is a mistake, not a choice.
      findings.errors.addAll(findings.withoutApp);
    } else {
      findings.withoutApp.forEach(skipped -> findings.warnings.add(skipped + "; left unchanged"));
    }
    if (!findings.errors.isEmpty()) {
      return new MutationOutcome.Rejected(findings.errors, findings.warnings);
    }
    if (policy.get().checkOnly().isPresent()) {
      return new MutationOutcome.Checked(findings.notes, findings.warnings);
    }
    if (ops.isEmpty()) {
      return new MutationOutcome.Unchanged(
          "no pod template opted in or all are already injected", findings.warnings);
    }
    return new MutationOutcome.Patched(ops, text.finish(), findings.warnings);
  }

  /**
   * What the templates of one object gave, each message prefixed with its template when there are
   * several. A template without the named app container (a MetricSet's workers, say, when the
   * annotations sit on every pod) is only an error when no template has it.
   */
  private final class Findings {
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> withoutApp = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final List<PerPodOutputs.TemplateOutput> outputs = new ArrayList<>();

    /** Some template has the app container (it is injected now, or was before). */
    boolean appFound;

    private String where = "";

    void at(String prefix) {
      where = prefix;
    }

    void error(String message) {
      errors.add(where + message);
    }

    void warning(String message) {
      warnings.add(where + message);
    }

    void withoutApp(String message) {
      withoutApp.add(where + message);
    }

    /** A fixed tag that several pods share: an error or a warning, as configured. */
    void sharedOutput(String message) {
      if (config.parallelOutput() == InjectorConfig.ParallelOutput.REJECT) {
        error(message);
      } else {
        warning(message);
      }
    }
  }

  private void mutateTemplate(
      JsonNode object,
      MutationPolicy policy,
      PodTemplate template,
      String namespace,
      ArrayNode ops,
      Findings findings) {
    java.util.function.Consumer<String> errors = findings::error;
    java.util.function.Consumer<String> warnings = findings::warning;
    if (template.annotations().containsKey(Annotations.qualified(Annotations.INJECTED))) {
      findings.appFound = true;
      return;
    }
    ParsedSettings parsed = SettingsParser.parse(template.annotations());
    if (parsed instanceof ParsedSettings.NotRequested notRequested) {
      if (!notRequested.strayKeys().isEmpty()) {
        List<String> stray = notRequested.strayKeys();
        warnings.accept(
            "annotations "
                + String.join(
                    ", ",
                    stray.stream()
                        .limit(MAX_KEYS_LISTED)
                        .map(key -> Annotations.qualified(Excerpt.of(key)))
                        .toList())
                + (stray.size() > MAX_KEYS_LISTED ? " (" + stray.size() + " in all)" : "")
                + " have no effect without "
                + Annotations.qualified(Annotations.ORAS_CACHE));
      }
      return;
    }
    if (parsed instanceof ParsedSettings.Invalid invalid) {
      invalid.errors().forEach(error -> errors.accept(error.message()));
      return;
    }
    CacheSettings settings = ((ParsedSettings.Valid) parsed).settings();
    JsonNode templateNode = JsonPointers.at(object, template.pointer());
    Optional<String> withoutApp = TemplatePlanner.missingAppContainer(templateNode, settings);
    if (withoutApp.isPresent() && policy.checkOnly().isEmpty()) {
      findings.withoutApp(withoutApp.get());
      return;
    }
    findings.appFound = true;
    Optional<RegistryTarget> target = resolve(settings, namespace, errors, warnings);
    if (target.isEmpty()) {
      return;
    }
    ServiceMergeStrategy.Decision network =
        serviceMerge.decide(networking(object, policy, template, namespace, target.get()));
    if (network instanceof ServiceMergeStrategy.Decision.Keep keep) {
      keep.warning().ifPresent(warnings);
    }
    PodFanOut fanOut = policy.fanOut(object, template);
    settings
        .output()
        .ifPresent(
            output -> {
              PerPodOutputs.check(output.uri(), fanOut, errors, findings::sharedOutput);
              findings.outputs.add(
                  new PerPodOutputs.TemplateOutput(template.pointer(), output.uri()));
            });
    if (policy.checkOnly().isPresent()) {
      if (network instanceof ServiceMergeStrategy.Decision.Reject reject) {
        errors.accept(reject.reason());
      }
      findings.notes.add(CheckOnlyNote.of(policy, settings, target.get(), network));
      return;
    }
    TemplatePlanner.Result result =
        TemplatePlanner.plan(
            template.pointer(), templateNode, settings, target.get(), config, network);
    result.errors().forEach(errors);
    result
        .plan()
        .ifPresent(
            plan -> {
              settings
                  .output()
                  .ifPresent(
                      output ->
                          plan.pushContainer()
                              .ifPresent(
                                  push ->
                                      PerPodOutputs.addPlaceholderEnv(push, output.uri(), fanOut)));
              PatchRenderer.render(plan, templateNode, ops);
            });
  }

  private ServiceMergeStrategy.Networking networking(
      JsonNode object,
      MutationPolicy policy,
      PodTemplate template,
      String namespace,
      RegistryTarget target) {
    Optional<String> own = policy.workloadSubdomain(object, template);
    boolean collides =
        own.isPresent()
            && (own.equals(target.cacheService()) || caches.isCacheService(namespace, own.get()));
    return new ServiceMergeStrategy.Networking(own, target.cacheService(), collides);
  }

  private Optional<RegistryTarget> resolve(
      CacheSettings settings,
      String namespace,
      java.util.function.Consumer<String> errors,
      java.util.function.Consumer<String> warnings) {
    CacheLookup lookup = caches.lookup(namespace, settings.cache());
    String cacheKey =
        Annotations.qualified(Annotations.ORAS_CACHE) + "=\"" + settings.cache() + "\"";
    if (lookup instanceof CacheLookup.NotFound) {
      String problem = cacheKey + ": no OrasCache of that name in namespace " + namespace;
      if (config.missingCache() == InjectorConfig.MissingCache.REJECT) {
        errors.accept(problem + "; create it first");
        return Optional.empty();
      }
      warnings.accept(problem + "; its pods will wait in the pull step until it exists");
      lookup = CacheResolver.byConvention().lookup(namespace, settings.cache());
    }
    if (lookup instanceof CacheLookup.Deployed deployed && !deployed.ready()) {
      warnings.accept(cacheKey + ": the cache is not Ready yet; the pull step retries until it is");
    }
    Optional<String> defaultSecret =
        lookup instanceof CacheLookup.Deployed deployed
            ? deployed.orasEnvSecret()
            : ((CacheLookup.RemoteOnly) lookup).orasEnvSecret();
    Optional<String> secret = settings.orasEnvSecret().or(() -> defaultSecret);
    if (settings.registry().isPresent()) {
      return Optional.of(
          new RegistryTarget(
              settings.registry().get(), settings.usesPlainHttp(), secret, Optional.empty()));
    }
    if (lookup instanceof CacheLookup.Deployed deployed) {
      return Optional.of(
          new RegistryTarget(
              deployed.address(),
              settings.usesPlainHttp(),
              secret,
              Optional.of(deployed.service())));
    }
    errors.accept(
        cacheKey
            + ": the cache has deploy: false, so set "
            + Annotations.qualified(Annotations.REGISTRY)
            + " to the remote registry to use");
    return Optional.empty();
  }

  private static String namespaceOf(JsonNode object, String requestNamespace) {
    JsonNode namespace = object.path("metadata").path("namespace");
    if (namespace.isTextual() && !namespace.textValue().isEmpty()) {
      return namespace.textValue();
    }
    return requestNamespace == null || requestNamespace.isEmpty() ? "default" : requestNamespace;
  }
}
