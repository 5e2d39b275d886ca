package io.github.oras.operator.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** What the user asks for: which registry image, and whether to deploy it at all. */
public class OrasCacheSpec {
  public static final String DEFAULT_IMAGE = "ghcr.io/oras-project/registry:latest";

  @JsonPropertyDescription("Registry image to run.")
  @Default(DEFAULT_IMAGE)
  private String image = DEFAULT_IMAGE;

  @JsonPropertyDescription(
      "Deploy a registry in the namespace. false: workloads use a remote registry named with the"
          + " registry annotation.")
  @Default("true")
  private Boolean deploy = Boolean.TRUE;

  @JsonPropertyDescription("Secrets the registry and the workloads use.")
  private OrasCacheSecrets secrets;

  @JsonPropertyDescription("Persistent storage for the registry; an emptyDir when absent.")
  private OrasCacheStorage storage;

  @JsonPropertyDescription("htpasswd authentication for the registry.")
  private OrasCacheAuth auth;

  @JsonPropertyDescription(
      "Who may reach the registry; by default only pods of the cache's own namespace (enforced"
          + " only by a network plugin that implements NetworkPolicy).")
  private OrasCacheNetwork network;

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public Boolean getDeploy() {
    return deploy;
  }

  public void setDeploy(Boolean deploy) {
    this.deploy = deploy;
  }

  public OrasCacheSecrets getSecrets() {
    return secrets;
  }

  public void setSecrets(OrasCacheSecrets secrets) {
    this.secrets = secrets;
  }

  public OrasCacheStorage getStorage() {
    return storage;
  }

  public void setStorage(OrasCacheStorage storage) {
    this.storage = storage;
  }

  public OrasCacheAuth getAuth() {
    return auth;
  }

  public void setAuth(OrasCacheAuth auth) {
    this.auth = auth;
  }

  public OrasCacheNetwork getNetwork() {
    return network;
  }

  public void setNetwork(OrasCacheNetwork network) {
    this.network = network;
  }
}
