package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Secrets referenced by the cache. */
public class OrasCacheSecrets {
  @JsonPropertyDescription(
      "Secret with ORAS_USER, ORAS_PUSH_PASS and ORAS_PULL_PASS, given to the ORAS containers of"
          + " workloads that do not name their own with the oras-env annotation.")
  private String orasEnv;

  public String getOrasEnv() {
    return orasEnv;
  }

  public void setOrasEnv(String orasEnv) {
    this.orasEnv = orasEnv;
  }
}
