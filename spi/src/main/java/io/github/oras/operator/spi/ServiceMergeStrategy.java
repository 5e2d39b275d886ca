package io.github.oras.operator.spi;

import java.util.Optional;

/**
 * What happens to a pod template's networking (its {@code subdomain}, i.e. its headless service)
 * when the cache is injected. A pod can be in only one headless service, so taking the cache's
 * service away from a workload that has its own (MPI, JobSet) breaks it; the default never does.
 * Found with {@link java.util.ServiceLoader} like policies; built-ins are {@link KeepSubdomain},
 * {@link CacheSubdomain} and {@link FailOnConflict}.
 */
public interface ServiceMergeStrategy {

  /** Configuration name, e.g. {@code keep}. */
  String name();

  /** One line for {@code oras-operator policies}. */
  default String description() {
    return name();
  }

  /** Decides for one template. */
  Decision decide(Networking networking);

  /**
   * What the engine knows about one template's networking.
   *
   * @param workloadSubdomain the headless service the pods already belong to (see {@link
   *     MutationPolicy#workloadSubdomain})
   * @param cacheService the headless Service of the cache the workload names; empty when it uses a
   *     remote registry instead of the in-namespace cache
   * @param subdomainIsCacheService whether {@code workloadSubdomain} is the name of a cache's
   *     headless Service in the namespace (this cache's or another's): that Service selects only
   *     the cache's pods, so the workload's pods would get no DNS records from it
   */
  record Networking(
      Optional<String> workloadSubdomain,
      Optional<String> cacheService,
      boolean subdomainIsCacheService) {

    /** The user-facing description of a collision, naming the subdomain and a fix. */
    public String collision() {
      return "the pods' subdomain (headless service) \""
          + workloadSubdomain.orElse("")
          + "\" is the name of an OrasCache's Service, which selects only pods labelled for that"
          + " cache, so these pods get no DNS records from it and their hostnames do not resolve";
    }
  }

  /** The outcome for one template. */
  sealed interface Decision {
    /** Leave networking alone; {@code warning} tells the user about a non-fatal surprise. */
    record Keep(Optional<String> warning) implements Decision {}

    /**
     * Put the pods in the cache's headless Service: set the template's {@code spec.subdomain} to
     * {@code service} and label the pods with the label that the Service selects ({@code
     * oras.converged-computing.github.io/cache-service: <cache>}).
     */
    record JoinCacheService(String service) implements Decision {}

    /** Refuse the workload, saying why. */
    record Reject(String reason) implements Decision {}
  }
}
