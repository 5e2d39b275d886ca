package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may reach the registry: the operator's NetworkPolicy admits the cache's own namespace, plus
 * the namespaces and address blocks listed here.
 */
public class OrasCacheNetwork {
  @JsonPropertyDescription(
      "Create a NetworkPolicy that admits traffic to the registry's port only from pods of this"
          + " namespace and the sources below. false: no NetworkPolicy (any pod that can route to"
          + " the registry reaches it).")
  @Default("true")
  private Boolean policy = Boolean.TRUE;

  @JsonPropertyDescription(
      "Names of other namespaces whose pods may reach the registry, e.g. a namespace that runs"
          + " an ingress controller.")
  private List<String> allowedNamespaces = new ArrayList<>();

  @JsonPropertyDescription(
      "Address blocks (CIDR, e.g. 10.0.0.0/8) that may reach the registry, e.g. clients outside"
          + " the cluster behind a load balancer. kubectl port-forward needs no entry.")
  private List<String> allowedCidrs = new ArrayList<>();

  public Boolean getPolicy() {
    return policy;
  }

  public void setPolicy(Boolean policy) {
    this.policy = policy;
  }

  public List<String> getAllowedNamespaces() {
    return allowedNamespaces;
  }

  public void setAllowedNamespaces(List<String> allowedNamespaces) {
    this.allowedNamespaces = allowedNamespaces;
  }

  public List<String> getAllowedCidrs() {
    return allowedCidrs;
  }

  public void setAllowedCidrs(List<String> allowedCidrs) {
    this.allowedCidrs = allowedCidrs;
  }
}
