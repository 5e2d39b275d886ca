package io.github.oras.operator.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.oras.operator.spi.KeepSubdomain;
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
 * parallelOutput: reject       # reject | warn: a fixed output tag that several pods would share
 * sidecarMode: native          # native | container: where the push sidecar goes (see SidecarMode)
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
 * @param parallelOutput what to do when a workload that runs several pods pushes them all to one
 *     fixed tag (without {@code {index}} or {@code {pod}}): the last pod to finish would win
 * @param sidecarMode whether the push container is a native sidecar or a regular container
 */
public record InjectorConfig(
    List<String> policies,
    String serviceMerge,
    String sidecarImage,
    MissingCache missingCache,
    ObjectNode sidecarResources,
    ParallelOutput parallelOutput,
    SidecarMode sidecarMode) {

  /** Rejecting is the safe default: the workload would start and fail to pull or push. */
  public enum MissingCache {
    /** Refuse the workload with a message naming the cache and namespace. */
    @com.fasterxml.jackson.annotation.JsonProperty("reject")
    REJECT,
    /** Admit it (addressing the cache by its conventional name) with a warning. */
    @com.fasterxml.jackson.annotation.JsonProperty("warn")
    WARN
  }

  /** Rejecting is the default: outputs silently lost to a last-writer-wins race are worse. */
  public enum ParallelOutput {
    /** Refuse the workload, suggesting the placeholder that works for it. */
    @com.fasterxml.jackson.annotation.JsonProperty("reject")
    REJECT,
    /** Admit it with the same message as a warning. */
    @com.fasterxml.jackson.annotation.JsonProperty("warn")
    WARN
  }

  /**
   * Where the push side runs. A native sidecar (Kubernetes 1.29 and later) is stopped by the
   * kubelet once the app has ended, so it can never keep a pod alive; a regular container needs the
   * launcher's heartbeat to notice an app that died without saying so.
   */
  public enum SidecarMode {
    /** An init container with {@code restartPolicy: Always}, right after {@code oras-pull}. */
    NATIVE("native"),
    /** A regular container beside the app, for clusters older than 1.29. */
    CONTAINER("container");

    private final String value;

    SidecarMode(String value) {
      this.value = value;
    }

    /** The value of the configuration key, and of ORAS_SIDECAR_MODE in the pod. */
    public String value() {
      return value;
    }

    /** Parses the key's value (file or {@code --sidecar-mode}), naming the choices when wrong. */
    @JsonCreator
    public static SidecarMode parse(String text) {
      for (SidecarMode mode : values()) {
        if (mode.value.equals(text)) {
          return mode;
        }
      }
      throw new ConfigurationException(
          "sidecarMode \""
              + io.github.oras.operator.api.Excerpt.of(text)
              + "\" is not a sidecar mode: use native (Kubernetes 1.29 and later, the default)"
              + " or container (older clusters)");
    }
  }

  /** The sidecar image of this build (bin/images builds it under the same reference). */
  public static final String DEFAULT_SIDECAR_IMAGE = ImageReferences.BUILD.sidecar();

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
      @JsonProperty("sidecarResources") ObjectNode sidecarResources,
      @JsonProperty("parallelOutput") ParallelOutput parallelOutput,
      @JsonProperty("sidecarMode") SidecarMode sidecarMode) {
    this.policies = policies == null ? List.of() : List.copyOf(policies);
    this.serviceMerge = serviceMerge == null ? KeepSubdomain.NAME : serviceMerge;
    this.sidecarImage = sidecarImage == null ? DEFAULT_SIDECAR_IMAGE : sidecarImage;
    this.missingCache = missingCache == null ? MissingCache.REJECT : missingCache;
    this.sidecarResources =
        SidecarResources.checked(
            sidecarResources == null ? InjectedShapes.defaultResources() : sidecarResources);
    this.parallelOutput = parallelOutput == null ? ParallelOutput.REJECT : parallelOutput;
    this.sidecarMode = sidecarMode == null ? SidecarMode.NATIVE : sidecarMode;
  }

  public static InjectorConfig defaults() {
    return new InjectorConfig(null, null, null, null, null, null, null);
  }

  /**
   * The configuration file's keys: the record's components, so the list cannot drift from what
   * {@link #load} accepts (the README's example is checked against it too).
   */
  public static final List<String> KEYS =
      java.util.Arrays.stream(InjectorConfig.class.getRecordComponents())
          .map(java.lang.reflect.RecordComponent::getName)
          .toList();

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
              + "\"; known keys: "
              + String.join(", ", KEYS));
    } catch (IOException e) {
      if (e.getCause() instanceof ConfigurationException own) {
        throw new ConfigurationException(file + ": " + own.getMessage(), e);
      }
      throw new ConfigurationException(file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(file + ": " + e.getMessage(), e);
    }
  }

  public InjectorConfig withPolicies(List<String> names) {
    return new InjectorConfig(
        names,
        serviceMerge,
        sidecarImage,
        missingCache,
        sidecarResources,
        parallelOutput,
        sidecarMode);
  }

  public InjectorConfig withServiceMerge(String name) {
    return new InjectorConfig(
        policies, name, sidecarImage, missingCache, sidecarResources, parallelOutput, sidecarMode);
  }

  public InjectorConfig withSidecarImage(String image) {
    return new InjectorConfig(
        policies, serviceMerge, image, missingCache, sidecarResources, parallelOutput, sidecarMode);
  }

  public InjectorConfig withMissingCache(MissingCache choice) {
    return new InjectorConfig(
        policies,
        serviceMerge,
        sidecarImage,
        choice,
        sidecarResources,
        parallelOutput,
        sidecarMode);
  }

  public InjectorConfig withParallelOutput(ParallelOutput choice) {
    return new InjectorConfig(
        policies, serviceMerge, sidecarImage, missingCache, sidecarResources, choice, sidecarMode);
  }

  public InjectorConfig withSidecarMode(SidecarMode mode) {
    return new InjectorConfig(
        policies, serviceMerge, sidecarImage, missingCache, sidecarResources, parallelOutput, mode);
  }
}
