package io.github.oras.operator.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** A container's environment as the kubelet builds it from the pod and the -f files' objects. */
class ContainerEnvironmentTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final PodIdentity POD =
      new PodIdentity(
          "sweep-1",
          "team-a",
          "uid-1",
          Map.of("batch.kubernetes.io/job-completion-index", "1"),
          Map.of("note", "x"),
          Map.of("JOB_COMPLETION_INDEX", "1"));

  private static ClusterObjects objects() throws Exception {
    return ClusterObjects.of(
        List.of(
            YAML.readTree(
                "{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {token: czNjcjN0}}"),
            YAML.readTree(
                "{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {A: a, 'b c': x}}"),
            YAML.readTree(
                "{apiVersion: v1, kind: Secret, metadata: {name: other, namespace: elsewhere},"
                    + " stringData: {k: v}}")),
        "team-a");
  }

  private static Map<String, String> env(String containerYaml) throws Exception {
    return new ContainerEnvironment(POD, YAML.createObjectNode(), objects())
        .of(YAML.readTree(containerYaml));
  }

  @Test
  void resolvesFieldsSecretsConfigMapsInOrderAndAddsTheControllersVariables() throws Exception {
    Map<String, String> env =
        env(
            """
            name: app
            envFrom: [{configMapRef: {name: c}, prefix: CM_}]
            env:
              - {name: NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
              - {name: NS, valueFrom: {fieldRef: {fieldPath: metadata.namespace}}}
              - name: INDEX
                valueFrom:
                  fieldRef: {fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']"}
              - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
              - {name: SA, valueFrom: {fieldRef: {fieldPath: spec.serviceAccountName}}}
              - {name: TOKEN, valueFrom: {secretKeyRef: {name: s, key: token}}}
              - {name: BOTH, value: "$(NAME)/$(TOKEN)"}
            """);
    assertThat(env)
        .containsEntry("CM_A", "a")
        .doesNotContainKey("CM_b c")
        .containsEntry("NAME", "sweep-1")
        .containsEntry("NS", "team-a")
        .containsEntry("INDEX", "")
        .containsEntry("IP", "127.0.0.1")
        .containsEntry("SA", "default")
        .containsEntry("TOKEN", "s3cr3t")
        .containsEntry("BOTH", "sweep-1/s3cr3t")
        .containsEntry("JOB_COMPLETION_INDEX", "1");
  }

  @Test
  void aMissingSecretIsNamedUnlessOptional() throws Exception {
    assertThatThrownBy(
            () ->
                env(
                    "{name: app, env: [{name: T, valueFrom: {secretKeyRef: {name: other, key: k}}}]}"))
        .hasMessageContaining("container \"app\": env T reads Secret \"other\"")
        .hasMessageContaining("add the Secret");
    assertThat(
            env(
                "{name: app, env: [{name: T, valueFrom: {secretKeyRef: {name: gone, key: k,"
                    + " optional: true}}}], envFrom: [{secretRef: {name: gone, optional: true}}]}"))
        .doesNotContainKey("T");
    assertThatThrownBy(
            () ->
                env(
                    "{name: app, env: [{name: T, valueFrom: {secretKeyRef: {name: s, key: nope}}}]}"))
        .hasMessageContaining("key \"nope\" of Secret \"s\"")
        .hasMessageContaining("[token]");
    assertThatThrownBy(() -> env("{name: app, envFrom: [{configMapRef: {name: absent}}]}"))
        .hasMessageContaining("envFrom reads ConfigMap \"absent\"");
  }

  @Test
  void anUnknownFieldIsRefusedByName() {
    assertThatThrownBy(
            () ->
                env("{name: app, env: [{name: X, valueFrom: {fieldRef: {fieldPath: spec.oops}}}]}"))
        .hasMessageContaining("env X reads fieldRef \"spec.oops\"");
  }

  @Property(tries = 200)
  void everyLabelAndAnnotationReachesEnvByItsKey(
      @ForAll @AlphaChars @StringLength(min = 1, max = 20) String key,
      @ForAll @StringLength(max = 40) String value)
      throws Exception {
    PodIdentity pod =
        new PodIdentity("p", "ns", "u", Map.of(key, value), Map.of(key + ".a", value), Map.of());
    ObjectNode container = YAML.createObjectNode().put("name", "app");
    var env = container.putArray("env");
    env.addObject()
        .put("name", "L")
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("fieldPath", "metadata.labels['" + key + "']");
    env.addObject()
        .put("name", "A")
        .putObject("valueFrom")
        .putObject("fieldRef")
        .put("fieldPath", "metadata.annotations['" + key + ".a']");
    JsonNode spec = YAML.createObjectNode();
    Map<String, String> resolved =
        new ContainerEnvironment(pod, spec, ClusterObjects.none()).of(container);
    assertThat(resolved).containsEntry("L", value).containsEntry("A", value);
  }
}
