package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** htpasswd authentication for the cache's registry. */
public class OrasCacheAuth {
  @JsonPropertyDescription(
      "Secret holding an htpasswd file under the key htpasswd (bcrypt entries).")
  @Required
  private String htpasswdSecret;

  public String getHtpasswdSecret() {
    return htpasswdSecret;
  }

  public void setHtpasswdSecret(String htpasswdSecret) {
    this.htpasswdSecret = htpasswdSecret;
  }
}
