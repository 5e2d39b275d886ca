package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed: conditions and where workloads reach the registry. */
public class OrasCacheStatus {
  @JsonPropertyDescription("Ready and Degraded conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "host:port of the registry workloads use: the in-cluster address of the deployed registry,"
          + " or empty with deploy=false (workloads name a remote registry).")
  private String registry;

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getRegistry() {
    return registry;
  }

  public void setRegistry(String registry) {
    this.registry = registry;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }
}
