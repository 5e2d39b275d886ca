package io.github.oras.operator.api;

/**
 * How workload pods join a cache's headless Service (the {@code cache-subdomain} service merge
 * strategy): the webhook sets their {@code subdomain} to the Service's name and labels them with
 * {@link #MEMBER_LABEL}; the operator's Service selects that label, which the registry pod carries
 * too. Pods with a hostname then resolve as {@code <hostname>.<cache>.<namespace>.svc}.
 */
public final class CacheNetwork {
  private CacheNetwork() {}

  /** Label whose value is the name of the OrasCache whose headless Service selects the pod. */
  public static final String MEMBER_LABEL = Annotations.PREFIX + "cache-service";
}
