package io.github.oras.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.beans.IntrospectionException;
import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks Kubernetes manifests against the fabric8 model classes, which are generated from the
 * Kubernetes OpenAPI schemas: every document must be a known kind, bind to its class without type
 * errors, name itself, and have no field the schema does not know (fabric8 keeps those in {@code
 * additionalProperties}, which is how a typo such as {@code contianers} shows up). A {@code
 * kustomization.yaml} is checked for resources that exist instead.
 *
 * <p>Point it at a directory, e.g. {@code
 * ManifestValidator.validateDirectory(Path.of("../deploy"))}, and assert that the list of findings
 * is empty.
 */
final class ManifestValidator {
  /** One thing wrong with one document of one file. */
  record Finding(Path file, int document, String problem) {
    @Override
    public String toString() {
      return file + " (document " + document + "): " + problem;
    }
  }

  private static final YAMLMapper YAML = new YAMLMapper();
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  /** Also accepts these custom resource classes, e.g. {@code OrasCache} for samples. */
  @SafeVarargs
  ManifestValidator(Class<? extends KubernetesResource>... customResources) {
    for (Class<? extends KubernetesResource> type : customResources) {
      serialization.registerKubernetesResource(type);
    }
  }

  /** Every {@code .yaml}/{@code .yml} file under {@code dir}, recursively. */
  List<Finding> validateDirectory(Path dir) throws IOException {
    List<Finding> findings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(ManifestValidator::isYaml).sorted().toList()) {
        findings.addAll(validateFile(file));
      }
    }
    return findings;
  }

  List<Finding> validateFile(Path file) throws IOException {
    List<Finding> findings = new ArrayList<>();
    List<JsonNode> documents;
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      documents = docs.readAll();
    } catch (IOException e) {
      return List.of(new Finding(file, 1, "not valid YAML: " + e.getMessage()));
    }
    boolean kustomization = file.getFileName().toString().matches("kustomization\\.ya?ml");
    for (int i = 0; i < documents.size(); i++) {
      JsonNode doc = documents.get(i);
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue; // an empty document between two ---
      }
      List<String> problems =
          kustomization ? kustomizationProblems(file, doc) : documentProblems(doc);
      for (String problem : problems) {
        findings.add(new Finding(file, i + 1, problem));
      }
    }
    return findings;
  }

  List<String> documentProblems(JsonNode doc) {
    String apiVersion = doc.path("apiVersion").asText("");
    String kind = doc.path("kind").asText("");
    if (apiVersion.isEmpty() || kind.isEmpty()) {
      return List.of("apiVersion and kind are required");
    }
    Class<? extends KubernetesResource> type =
        serialization.getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null) {
      return List.of("unknown kind " + kind + " in " + apiVersion);
    }
    List<String> problems = new ArrayList<>();
    if (doc.path("metadata").path("name").asText("").isEmpty()) {
      problems.add(kind + " has no metadata.name");
    }
    Object typed;
    try {
      typed = serialization.convertValue(doc, type);
    } catch (IllegalArgumentException e) {
      problems.add("does not match the " + kind + " schema: " + e.getMessage());
      return problems;
    }
    unknownFields(typed, kind, problems);
    return problems;
  }

  private static List<String> kustomizationProblems(Path file, JsonNode doc) {
    List<String> problems = new ArrayList<>();
    for (JsonNode resource : doc.path("resources")) {
      Path target = file.resolveSibling(resource.asText());
      if (!Files.exists(target)) {
        problems.add("kustomization resource " + resource.asText() + " does not exist");
      }
    }
    return problems;
  }

  /** Walks the bound model and reports what the schema did not know, with its path. */
  private static void unknownFields(Object value, String path, List<String> problems) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
      return;
    }
    if (value == null
        || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (PropertyDescriptor property : properties(value.getClass())) {
      if (property.getReadMethod() == null || property.getName().equals("class")) {
        continue;
      }
      Object child = read(value, property);
      if (property.getName().equals("additionalProperties") && child instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> problems.add("unknown field " + path + "." + k));
      } else {
        unknownFields(child, path + "." + property.getName(), problems);
      }
    }
  }

  private static PropertyDescriptor[] properties(Class<?> type) {
    try {
      return Introspector.getBeanInfo(type).getPropertyDescriptors();
    } catch (IntrospectionException e) {
      throw new IllegalStateException("cannot inspect " + type, e);
    }
  }

  private static Object read(Object bean, PropertyDescriptor property) {
    try {
      return property.getReadMethod().invoke(bean);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(
          "cannot read " + property.getName() + " of " + bean.getClass(), e);
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }
}
