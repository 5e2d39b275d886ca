package io.github.oras.operator.policies.jobset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.Annotations;
import io.github.oras.operator.spi.PodTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The pointer and annotation merge of {@link JobSetPolicy} on generated JobSets. */
class JobSetPolicyProperties {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final JobSetPolicy policy = new JobSetPolicy();

  /** One generated replicated job; a missing annotation map means no metadata at that level. */
  record Replicated(
      String name,
      Optional<Map<String, String>> jobAnnotations,
      Optional<Map<String, String>> podAnnotations,
      boolean hasPodTemplate) {}

  @Property
  void everyPodTemplateIsFoundAtItsPointerWithTheInnerMostAnnotationsWinning(
      @ForAll("annotations") Map<String, String> jobSetAnnotations,
      @ForAll("replicatedJobs") List<Replicated> replicated) {
    ObjectNode jobSet = jobSet(jobSetAnnotations, replicated);

    List<PodTemplate> templates = policy.podTemplates(jobSet);

    List<Integer> withTemplate = new ArrayList<>();
    for (int i = 0; i < replicated.size(); i++) {
      if (replicated.get(i).hasPodTemplate()) {
        withTemplate.add(i);
      }
    }
    assertThat(templates).hasSameSizeAs(withTemplate);
    for (int n = 0; n < templates.size(); n++) {
      int i = withTemplate.get(n);
      Replicated expected = replicated.get(i);
      PodTemplate template = templates.get(n);
      assertThat(template.pointer())
          .isEqualTo("/spec/replicatedJobs/" + i + "/template/spec/template");
      JsonNode found = jobSet.at(JsonPointer.compile(template.pointer()));
      assertThat(found)
          .isSameAs(
              jobSet
                  .get("spec")
                  .get("replicatedJobs")
                  .get(i)
                  .get("template")
                  .get("spec")
                  .get("template"));
      assertThat(found.path("metadata").path("name").textValue()).isEqualTo(expected.name());
      assertThat(template.annotations()).isEqualTo(merged(jobSetAnnotations, expected));
    }
  }

  @Property
  void anyShapeOfSpecNeverThrowsAndEveryPointerLeadsToAnObject(
      @ForAll("json") JsonNode junk, @ForAll boolean asReplicatedJobs) {
    ObjectNode jobSet =
        NODES.objectNode().put("apiVersion", "jobset.x-k8s.io/v1alpha2").put("kind", "JobSet");
    if (asReplicatedJobs) {
      jobSet.putObject("spec").set("replicatedJobs", junk);
    } else {
      jobSet.set("spec", junk);
    }

    for (PodTemplate template : policy.podTemplates(jobSet)) {
      assertThat(jobSet.at(JsonPointer.compile(template.pointer())).isObject()).isTrue();
      assertThat(policy.workloadSubdomain(jobSet, template)).isNotNull();
    }
  }

  private static Map<String, String> merged(Map<String, String> jobSet, Replicated replicated) {
    Map<String, String> merged = new HashMap<>(jobSet);
    replicated.jobAnnotations().ifPresent(merged::putAll);
    if (replicated.hasPodTemplate()) {
      replicated.podAnnotations().ifPresent(merged::putAll);
    }
    // Only our keys govern a template: generated odd keys must not come through.
    merged.keySet().removeIf(key -> !key.startsWith(Annotations.PREFIX));
    return merged;
  }

  private static ObjectNode jobSet(Map<String, String> annotations, List<Replicated> replicated) {
    ObjectNode jobSet = NODES.objectNode();
    jobSet.put("apiVersion", "jobset.x-k8s.io/v1alpha2").put("kind", "JobSet");
    ObjectNode metadata = jobSet.putObject("metadata").put("name", "generated");
    metadata.set("annotations", toNode(annotations));
    ArrayNode jobs = jobSet.putObject("spec").putArray("replicatedJobs");
    for (Replicated r : replicated) {
      ObjectNode job = jobs.addObject().put("name", r.name()).put("replicas", 1);
      ObjectNode jobTemplate = job.putObject("template");
      r.jobAnnotations()
          .ifPresent(a -> jobTemplate.putObject("metadata").set("annotations", toNode(a)));
      ObjectNode jobSpec = jobTemplate.putObject("spec").put("backoffLimit", 0);
      if (r.hasPodTemplate()) {
        ObjectNode podTemplate = jobSpec.putObject("template");
        ObjectNode podMetadata = podTemplate.putObject("metadata").put("name", r.name());
        r.podAnnotations().ifPresent(a -> podMetadata.set("annotations", toNode(a)));
        podTemplate.putObject("spec").putArray("containers").addObject().put("name", "app");
      }
    }
    return jobSet;
  }

  private static ObjectNode toNode(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    map.forEach(node::put);
    return node;
  }

  @Provide
  Arbitrary<Map<String, String>> annotations() {
    Arbitrary<String> odd =
        Arbitraries.strings().withChars("ab/~.-_0").ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> ours = Arbitraries.of(Annotations.USER_KEYS).map(Annotations::qualified);
    Arbitrary<String> keys = Arbitraries.oneOf(odd, ours, Arbitraries.of("~0", "~1", "/", "a~1b"));
    Arbitrary<String> values = Arbitraries.strings().ofMaxLength(12);
    return Arbitraries.maps(keys, values).ofMaxSize(5);
  }

  @Provide
  Arbitrary<List<Replicated>> replicatedJobs() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abc-/~01").ofMinLength(1).ofMaxLength(10);
    Arbitrary<Replicated> one =
        Combinators.combine(
                names,
                annotations().optional(0.6),
                annotations().optional(0.6),
                Arbitraries.of(true, true, true, false))
            .as(Replicated::new);
    return one.list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<JsonNode> json() {
    return Arbitraries.recursive(this::leaf, this::container, 0, 4);
  }

  private Arbitrary<JsonNode> leaf() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(5).map(NODES::textNode),
        Arbitraries.integers().map(NODES::numberNode),
        Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()),
        Arbitraries.just(NODES.objectNode()));
  }

  private Arbitrary<JsonNode> container(Arbitrary<JsonNode> element) {
    Arbitrary<String> keys =
        Arbitraries.of(
            "replicatedJobs",
            "template",
            "spec",
            "metadata",
            "annotations",
            "network",
            "subdomain",
            "enableDNSHostnames",
            "name",
            "0",
            "a/b",
            "~");
    Arbitrary<JsonNode> arrays =
        element
            .list()
            .ofMaxSize(4)
            .map(
                list -> {
                  ArrayNode array = NODES.arrayNode();
                  list.forEach(e -> array.add(e.deepCopy()));
                  return array;
                });
    Arbitrary<JsonNode> objects =
        Arbitraries.maps(keys, element)
            .ofMaxSize(4)
            .map(
                map -> {
                  ObjectNode object = NODES.objectNode();
                  map.forEach((k, v) -> object.set(k, v.deepCopy()));
                  return object;
                });
    return Arbitraries.oneOf(arrays, objects);
  }
}
