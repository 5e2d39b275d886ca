package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A PersistentVolumeClaim template for the registry's data. */
public class OrasCacheStorage {
  @JsonPropertyDescription("Requested size, a Kubernetes quantity such as 10Gi.")
  @Required
  private String size;

  @JsonPropertyDescription("Storage class; the cluster default when absent.")
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
