package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Secrets referenced by the cache. */
public class OrasCacheSecrets {
  @JsonPropertyDescription(
      "Secret with ORAS_USER, ORAS_PUSH_PASS and ORAS_PULL_PASS, given to the ORAS containers of"
          + " workloads that do not name their own with the oras-env annotation.")
  private String orasEnv;

  @JsonPropertyDescription(
      "Secret whose key REGISTRY_HTTP_SECRET becomes the registry's REGISTRY_HTTP_SECRET: the key"
          + " that signs upload state, so an upload survives a registry restart. Without it the"
          + " registry makes up a random one at each start.")
  private String registryHttp;

  public String getOrasEnv() {
    return orasEnv;
  }

  public void setOrasEnv(String orasEnv) {
    this.orasEnv = orasEnv;
  }

  public String getRegistryHttp() {
    return registryHttp;
  }

  public void setRegistryHttp(String registryHttp) {
    this.registryHttp = registryHttp;
  }
}
