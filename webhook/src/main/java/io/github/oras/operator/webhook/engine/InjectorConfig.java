package io.github.oras.operator.webhook.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.spi.KeepSubdomain;
import io.github.oras.operator.webhook.ImageReferences;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The cluster operator's choices, read once at start-up from a YAML file and/or flags.
 *
 * <pre>
 * policies: [job, jobset]      # which policies are active, in this order; empty = all discovered
 * serviceMerge: keep           # keep | cache-subdomain | fail-on-conflict | a plugin's name
 * sidecarImage: ghcr.io/...    # image of the injected init and sidecar containers
 * missingCache: reject         # reject | warn: a workload naming an OrasCache that does not exist
 * sidecarResources:            # resources of the injected containers (default below)
 *   requests: {cpu: 10m, memory: 64Mi}
 *   limits: {memory: 256Mi}
 * </pre>
 *
 * @param policies active policy names in order of precedence; empty means every discovered policy
 * @param serviceMerge name of the {@link io.github.oras.operator.spi.ServiceMergeStrategy}
 * @param sidecarImage image of the pull init container and the push sidecar
 * @param missingCache what to do when a workload names an OrasCache the namespace does not have
 * @param sidecarResources the {@code resources} of the injected containers: namespaces with a
 *     ResourceQuota refuse pods whose containers name none
 */
public record InjectorConfig(
    List<String> policies,
    String serviceMerge,
    String sidecarImage,
    MissingCache missingCache,
    ObjectNode sidecarResources) {

  /** Rejecting is the safe default: the workload would start and fail to pull or push. */
  public enum MissingCache {
    /** Refuse the workload with a message naming the cache and namespace. */
    @com.fasterxml.jackson.annotation.JsonProperty("reject")
    REJECT,
    /** Admit it (addressing the cache by its conventional name) with a warning. */
    @com.fasterxml.jackson.annotation.JsonProperty("warn")
    WARN
  }

  /** The sidecar image of this build (bin/images builds it under the same reference). */
  public static final String DEFAULT_SIDECAR_IMAGE = ImageReferences.BUILD.sidecar();

  /**
   * The sidecar streams with a bounded heap (its image caps it at half the container's memory), so
   * 256 MiB holds a transfer of any size; the requests are what it needs while it waits.
   */
  private static final String DEFAULT_SIDECAR_RESOURCES =
      "{\"requests\": {\"cpu\": \"10m\", \"memory\": \"64Mi\"}, \"limits\": {\"memory\": \"256Mi\"}}";

  /** Version written into the {@code injected} marker annotation. */
  public static final String INJECTOR_VERSION = "0.1.0";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  @JsonCreator
  public InjectorConfig(
      @JsonProperty("policies") List<String> policies,
      @JsonProperty("serviceMerge") String serviceMerge,
      @JsonProperty("sidecarImage") String sidecarImage,
      @JsonProperty("missingCache") MissingCache missingCache,
      @JsonProperty("sidecarResources") ObjectNode sidecarResources) {
    this.policies = policies == null ? List.of() : List.copyOf(policies);
    this.serviceMerge = serviceMerge == null ? KeepSubdomain.NAME : serviceMerge;
    this.sidecarImage = sidecarImage == null ? DEFAULT_SIDECAR_IMAGE : sidecarImage;
    this.missingCache = missingCache == null ? MissingCache.REJECT : missingCache;
    this.sidecarResources =
        SidecarResources.checked(
            sidecarResources == null
                ? SidecarResources.parse(DEFAULT_SIDECAR_RESOURCES)
                : sidecarResources);
  }

  public static InjectorConfig defaults() {
    return new InjectorConfig(null, null, null, null, null);
  }

  /** Reads a configuration file; unknown keys are an error (a typo must not pass silently). */
  public static InjectorConfig load(Path file) {
    try {
      InjectorConfig config = YAML.readValue(file.toFile(), InjectorConfig.class);
      return config == null ? defaults() : config;
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigurationException(
          file
              + ": unknown key \""
              + e.getPropertyName()
              + "\"; known keys: policies, serviceMerge, sidecarImage, missingCache, sidecarResources");
    } catch (IOException e) {
      throw new ConfigurationException(file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(file + ": " + e.getMessage(), e);
    }
  }

  public InjectorConfig withPolicies(List<String> names) {
    return new InjectorConfig(names, serviceMerge, sidecarImage, missingCache, sidecarResources);
  }

  public InjectorConfig withServiceMerge(String name) {
    return new InjectorConfig(policies, name, sidecarImage, missingCache, sidecarResources);
  }

  public InjectorConfig withSidecarImage(String image) {
    return new InjectorConfig(policies, serviceMerge, image, missingCache, sidecarResources);
  }

  public InjectorConfig withMissingCache(MissingCache choice) {
    return new InjectorConfig(policies, serviceMerge, sidecarImage, choice, sidecarResources);
  }
}
