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

  /**
   * Decides for one template.
   *
   * @param workloadSubdomain the headless service the pods already belong to (see {@link
   *     MutationPolicy#workloadSubdomain})
   * @param cacheService the cache's headless service name, empty when the workload uses a remote
   *     registry instead of the in-namespace cache
   */
  Decision decide(Optional<String> workloadSubdomain, Optional<String> cacheService);

  /** The outcome for one template. */
  sealed interface Decision {
    /** Leave networking alone; {@code warning} tells the user about a non-fatal surprise. */
    record Keep(Optional<String> warning) implements Decision {}

    /** Set the template's {@code spec.subdomain}. */
    record SetSubdomain(String subdomain) implements Decision {}

    /** Refuse the workload, saying why. */
    record Reject(String reason) implements Decision {}
  }
}
