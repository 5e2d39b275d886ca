package io.github.oras.operator.reconciler;

/** What the webhook learns about the OrasCache a workload names. */
public sealed interface CacheLookup {

  /** The cache runs a registry in the namespace, reachable at {@code registry} (host:port). */
  record Deployed(String registry, boolean ready) implements CacheLookup {}

  /** The cache has spec.deploy=false: the workload must name a registry with the annotation. */
  record Remote(String name) implements CacheLookup {}

  /** No cache of that name in the namespace. */
  record NotFound(String namespace, String name) implements CacheLookup {
    public String message() {
      return "OrasCache \""
          + name
          + "\" does not exist in namespace "
          + namespace
          + "; create it, or correct the oras-cache annotation";
    }
  }
}
