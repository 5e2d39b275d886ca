package io.github.oras.operator.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OrasCache CRD: generated from the model classes by fabric8's crd-generator at build time
 * (process-classes, into target/classes/META-INF/fabric8/) and checked in under crds/ for users.
 */
class OrasCacheCrdTest {
  static final String FILE = "orascaches." + OrasCache.GROUP + "-v1.yml";

  /** The project root, set by the api module's surefire configuration. */
  static final Path ROOT = Path.of(System.getProperty("oras.project.root", ".."));

  static final Path CHECKED_IN = ROOT.resolve("crds").resolve(FILE);

  static final String UPDATE_COMMAND =
      "mvn -B -ntp -pl api process-classes && cp api/target/classes/META-INF/fabric8/"
          + FILE
          + " crds/";

  @Test
  void theCheckedInCrdIsTheGeneratedOne() throws IOException {
    assertThat(CHECKED_IN).as("the checked-in CRD").exists();
    String checkedIn = normalized(Files.readString(CHECKED_IN, StandardCharsets.UTF_8));

    assertThat(checkedIn)
        .as(
            "crds/%s is stale: the OrasCache classes changed. Regenerate it from the project root"
                + " with:%n  %s%n",
            FILE, UPDATE_COMMAND)
        .isEqualTo(normalized(generated()));
  }

  @Test
  void theSchemaHasTheDefaultsTheStatusSubresourceAndPrinterColumns() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(generated(), CustomResourceDefinition.class);

    assertThat(crd.getMetadata().getName()).isEqualTo("orascaches." + OrasCache.GROUP);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("OrasCache");
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    assertThat(version.getName()).isEqualTo(OrasCache.VERSION);
    assertThat(version.getSubresources().getStatus()).isNotNull();
    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
    assertThat(spec.getProperties().get("image").getDefault().asText())
        .isEqualTo(OrasCacheSpec.DEFAULT_IMAGE)
        .isEqualTo(new OrasCacheSpec().getImage());
    assertThat(spec.getProperties().get("deploy").getDefault().asBoolean()).isTrue();
    assertThat(new OrasCacheSpec().getDeploy()).isTrue();
    assertThat(spec.getProperties().get("storage").getRequired()).containsExactly("size");
    assertThat(spec.getProperties().get("auth").getRequired()).containsExactly("htpasswdSecret");
    JSONSchemaProps status = version.getSchema().getOpenAPIV3Schema().getProperties().get("status");
    assertThat(status.getProperties()).containsKeys("conditions", "registry", "observedGeneration");
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(CustomResourceColumnDefinition::getJsonPath)
        .contains(".spec.deploy", ".status.registry");
  }

  /**
   * The API server prunes fields the schema does not list: a spec field missing here is silently
   * dropped from every cache that sets it.
   */
  @Test
  void theSchemaKeepsTheRegistryHttpSecretAndTheNetworkSettings() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(generated(), CustomResourceDefinition.class);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
    JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");

    assertThat(spec.getProperties().get("secrets").getProperties())
        .containsOnlyKeys("orasEnv", "registryHttp");
    assertThat(spec.getProperties().get("secrets").getProperties().get("registryHttp").getType())
        .isEqualTo("string");
    JSONSchemaProps network = spec.getProperties().get("network");
    assertThat(network.getProperties())
        .containsOnlyKeys("policy", "allowedNamespaces", "allowedCidrs");
    assertThat(network.getProperties().get("policy").getDefault().asBoolean()).isTrue();
    assertThat(new OrasCacheNetwork().getPolicy()).isTrue();
    assertThat(network.getProperties().get("allowedNamespaces").getItems().getSchema().getType())
        .isEqualTo("string");
    assertThat(network.getProperties().get("allowedCidrs").getItems().getSchema().getType())
        .isEqualTo("string");
  }

  /** {@code kubectl get orascaches} shows whether the registry is ready, where it is, and age. */
  @Test
  void kubectlGetShowsReadyAddressAndAge() throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(generated(), CustomResourceDefinition.class);
    assertThat(crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns())
        .extracting(c -> c.getName() + "=" + c.getJsonPath() + ":" + c.getType())
        .contains(
            "Ready=.status.conditions[?(@.type==\"Ready\")].status:string",
            "Registry=.status.registry:string",
            "Age=.metadata.creationTimestamp:date");
  }

  @Test
  void theSampleCacheUsesOnlyFieldsOfTheModel() throws IOException {
    ObjectMapper strict =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    JsonNode sample = strict.readTree(ROOT.resolve("samples").resolve("orascache.yaml").toFile());

    assertThat(sample.path("apiVersion").asText())
        .isEqualTo(OrasCache.GROUP + "/" + OrasCache.VERSION);
    assertThat(sample.path("kind").asText()).isEqualTo("OrasCache");
    OrasCacheSpec spec = strict.treeToValue(sample.path("spec"), OrasCacheSpec.class);
    assertThat(spec.getImage()).isEqualTo(OrasCacheSpec.DEFAULT_IMAGE);
    assertThat(spec.getDeploy()).isTrue();
    assertThat(spec.getStorage().getSize()).isEqualTo("10Gi");
  }

  private static String generated() throws IOException {
    try (InputStream in = OrasCacheCrdTest.class.getResourceAsStream("/META-INF/fabric8/" + FILE)) {
      assertThat(in)
          .as(
              "the build generates META-INF/fabric8/%s at process-classes; run mvn verify, not only"
                  + " the IDE",
              FILE)
          .isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String normalized(String yaml) {
    return yaml.replace("\r\n", "\n").strip();
  }
}
