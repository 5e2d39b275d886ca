package io.github.oras.operator.cli;

import io.github.oras.operator.engine.CacheResolver;
import io.github.oras.operator.engine.InjectorConfig;
import io.github.oras.operator.engine.MutationEngine;
import io.github.oras.operator.engine.PluginDirectory;
import io.github.oras.operator.engine.PolicyCatalog;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options every command that builds a mutation engine shares: configuration file and overrides.
 */
final class EngineOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Webhook configuration (YAML; the README lists every key, and an unknown key is refused"
              + " with the list of known ones).")
  Path config;

  @Option(
      names = {"--policies", "--levels"},
      split = ",",
      paramLabel = "NAME",
      description = "Active policies in order, e.g. job,jobset (default: all discovered).")
  List<String> policies;

  @Option(
      names = "--service-merge",
      paramLabel = "NAME",
      description = "keep (default), cache-subdomain or fail-on-conflict.")
  String serviceMerge;

  @Option(
      names = "--sidecar-image",
      paramLabel = "IMAGE",
      description = "Image of the injected ORAS containers.")
  String sidecarImage;

  @Option(
      names = "--sidecar-mode",
      paramLabel = "MODE",
      description =
          "native (default): the push container is a native sidecar (Kubernetes 1.29 and later);"
              + " container: a regular container, for older clusters.")
  String sidecarMode;

  @Option(
      names = "--plugin-dir",
      paramLabel = "DIR",
      description = "Also load policy plugins from every *.jar in DIR (see samples/custom-policy).")
  Path pluginDir;

  /** Discovered once: every call would otherwise open the plugin jars again. */
  private PolicyCatalog catalog;

  InjectorConfig config() {
    InjectorConfig result =
        config == null ? InjectorConfig.defaults() : InjectorConfig.load(config);
    if (policies != null) {
      result = result.withPolicies(policies);
    }
    if (serviceMerge != null) {
      result = result.withServiceMerge(serviceMerge);
    }
    if (sidecarImage != null) {
      result = result.withSidecarImage(sidecarImage);
    }
    if (sidecarMode != null) {
      result = result.withSidecarMode(InjectorConfig.SidecarMode.parse(sidecarMode));
    }
    return result;
  }

  PolicyCatalog catalog() {
    if (catalog == null) {
      ClassLoader host = EngineOptions.class.getClassLoader();
      catalog =
          pluginDir == null
              ? PolicyCatalog.discover(host)
              : PolicyCatalog.discover(host, PluginDirectory.open(pluginDir, host));
    }
    return catalog;
  }

  MutationEngine engine(CacheResolver caches) {
    return MutationEngine.create(config(), catalog(), caches);
  }
}
