package io.github.oras.operator.engine;

import io.github.oras.operator.spi.MutationPolicy;
import io.github.oras.operator.spi.ServiceMergeStrategy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The plugins found on a class loader: mutation policies and service merge strategies, by name.
 * Discovery order is made deterministic (sorted by name) so that "all policies" means the same
 * thing on every replica.
 */
public final class PolicyCatalog {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private final Map<String, MutationPolicy> policies;
  private final Map<String, ServiceMergeStrategy> strategies;

  private PolicyCatalog(
      Map<String, MutationPolicy> policies, Map<String, ServiceMergeStrategy> strategies) {
    this.policies = policies;
    this.strategies = strategies;
  }

  /** Discovers plugins with {@link ServiceLoader}; duplicate or malformed names are an error. */
  public static PolicyCatalog discover(ClassLoader loader) {
    return of(
        load(ServiceLoader.load(MutationPolicy.class, loader)),
        load(ServiceLoader.load(ServiceMergeStrategy.class, loader)));
  }

  /**
   * Discovers the built-ins on {@code host} and the plugins in {@code plugins}. A plugin may not
   * take a built-in's name, nor one another plugin jar already took: the error names the jar.
   */
  public static PolicyCatalog discover(ClassLoader host, PluginDirectory plugins) {
    List<MutationPolicy> policies = load(ServiceLoader.load(MutationPolicy.class, host));
    List<ServiceMergeStrategy> strategies =
        load(ServiceLoader.load(ServiceMergeStrategy.class, host));
    return of(
        withPlugins(policies, plugins.load(MutationPolicy.class), MutationPolicy::name, "policy"),
        withPlugins(
            strategies,
            plugins.load(ServiceMergeStrategy.class),
            ServiceMergeStrategy::name,
            "service merge strategy"));
  }

  /** A catalog of the given plugins (tests, embedding). */
  public static PolicyCatalog of(
      List<MutationPolicy> policies, List<ServiceMergeStrategy> strategies) {
    return new PolicyCatalog(
        index(policies, MutationPolicy::name, "policy"),
        index(strategies, ServiceMergeStrategy::name, "service merge strategy"));
  }

  private static <T> List<T> load(ServiceLoader<T> loader) {
    List<T> found = new ArrayList<>();
    try {
      loader.forEach(found::add);
    } catch (java.util.ServiceConfigurationError e) {
      throw new ConfigurationException("cannot load a plugin: " + e.getMessage(), e);
    }
    return found;
  }

  private static <T> List<T> withPlugins(
      List<T> builtIns,
      List<PluginDirectory.Plugin<T>> plugins,
      Function<T, String> name,
      String what) {
    Map<String, String> origins = new LinkedHashMap<>();
    builtIns.forEach(b -> origins.put(name.apply(b), "the built-in " + b.getClass().getName()));
    List<T> all = new ArrayList<>(builtIns);
    for (PluginDirectory.Plugin<T> plugin : plugins) {
      String key = name.apply(plugin.instance());
      if (key == null || !NAME.matcher(key).matches()) {
        throw new ConfigurationException(
            "plugin jar "
                + plugin.jar()
                + ": "
                + what
                + " "
                + plugin.instance().getClass().getName()
                + " has an invalid name \""
                + key
                + "\": use lowercase letters, digits and -");
      }
      String taken =
          origins.putIfAbsent(
              key, plugin.instance().getClass().getName() + " from " + plugin.jar());
      if (taken != null) {
        throw new ConfigurationException(
            "plugin jar "
                + plugin.jar()
                + ": "
                + what
                + " "
                + plugin.instance().getClass().getName()
                + " is named \""
                + key
                + "\", which "
                + taken
                + " already has; "
                + (taken.startsWith("the built-in")
                    ? "give the plugin another name"
                    : "keep one of the two jars or rename a plugin"));
      }
      all.add(plugin.instance());
    }
    return all;
  }

  private static <T> Map<String, T> index(List<T> plugins, Function<T, String> name, String what) {
    Map<String, T> byName = new LinkedHashMap<>();
    plugins.stream()
        .sorted(Comparator.comparing(name))
        .forEach(
            plugin -> {
              String key = name.apply(plugin);
              if (key == null || !NAME.matcher(key).matches()) {
                throw new ConfigurationException(
                    what
                        + " "
                        + plugin.getClass().getName()
                        + " has an invalid name \""
                        + key
                        + "\": use lowercase letters, digits and -");
              }
              T previous = byName.putIfAbsent(key, plugin);
              if (previous != null) {
                throw new ConfigurationException(
                    "two "
                        + what
                        + " plugins are named \""
                        + key
                        + "\": "
                        + previous.getClass().getName()
                        + " and "
                        + plugin.getClass().getName());
              }
            });
    return byName;
  }

  public Map<String, MutationPolicy> policies() {
    return Map.copyOf(policies);
  }

  /** All discovered policies, sorted by name. */
  public List<MutationPolicy> allPolicies() {
    return List.copyOf(policies.values());
  }

  public List<ServiceMergeStrategy> allStrategies() {
    return List.copyOf(strategies.values());
  }

  /** The policies a configuration enables, in its order; empty means all. */
  public List<MutationPolicy> select(List<String> names) {
    if (names.isEmpty()) {
      return allPolicies();
    }
    Set<String> seen = new LinkedHashSet<>();
    List<MutationPolicy> selected = new ArrayList<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new ConfigurationException("policy \"" + name + "\" is listed twice");
      }
      MutationPolicy policy = policies.get(name);
      if (policy == null) {
        throw new ConfigurationException(
            "unknown policy \"" + name + "\"; discovered: " + String.join(", ", policies.keySet()));
      }
      selected.add(policy);
    }
    return selected;
  }

  public ServiceMergeStrategy strategy(String name) {
    ServiceMergeStrategy strategy = strategies.get(name);
    if (strategy == null) {
      throw new ConfigurationException(
          "unknown service merge strategy \""
              + name
              + "\"; discovered: "
              + String.join(", ", strategies.keySet()));
    }
    return strategy;
  }
}
