package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.oras.operator.api.SidecarContract;
import org.junit.jupiter.api.Test;

/** The injected containers' fixed shape comes from a resource and is never shared between uses. */
class InjectedShapesTest {
  static final String[] SHAPE_KEYS = {
    "name",
    "image",
    "command",
    "args",
    "env",
    "envFrom",
    "volumeMounts",
    "resources",
    "securityContext"
  };

  @Test
  void theShapeIsAResourceOfTheEngine() {
    assertThat(InjectedShapes.class.getResource(InjectedShapes.RESOURCE)).isNotNull();
    ObjectNode container = InjectedShapes.orasContainer();

    assertThat(container.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly(SHAPE_KEYS);
    assertThat(container.at("/volumeMounts/0/name").asText()).isEqualTo(SidecarContract.VOLUME);
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo(SidecarContract.SHARE);
    assertThat(container.at("/securityContext/capabilities/drop/0").asText()).isEqualTo("ALL");
    assertThat(InjectedShapes.shareVolume().path("emptyDir").isObject()).isTrue();
  }

  @Test
  void everyUseGetsItsOwnCopy() {
    ObjectNode first = InjectedShapes.orasContainer();
    first.put("name", "changed");
    ((ObjectNode) first.at("/securityContext")).put("allowPrivilegeEscalation", true);
    InjectedShapes.appMount().put("mountPath", "/elsewhere");
    InjectedShapes.defaultResources().putObject("limits").put("memory", "1Ti");

    assertThat(InjectedShapes.orasContainer().path("name").asText()).isEmpty();
    assertThat(
            InjectedShapes.orasContainer()
                .at("/securityContext/allowPrivilegeEscalation")
                .booleanValue())
        .isFalse();
    assertThat(InjectedShapes.appMount().path("mountPath").asText())
        .isEqualTo(SidecarContract.SHARE);
    assertThat(InjectedShapes.defaultResources().at("/limits/memory").asText()).isEqualTo("256Mi");
  }

  /**
   * The default resources are the resource's, and pass the same quantity check as configured ones.
   */
  @Test
  void theDefaultResourcesAreTheShapesAndValidQuantities() {
    assertThat(InjectorConfig.defaults().sidecarResources())
        .isEqualTo(InjectedShapes.defaultResources());
    assertThat(SidecarResources.checked(InjectedShapes.defaultResources()))
        .isEqualTo(InjectedShapes.defaultResources());
  }

  /**
   * The planner fills the shape in place: keys stay in the resource's order, envFrom only with a
   * credentials Secret.
   */
  @Test
  void theFilledContainerKeepsTheShapesOrder() throws Exception {
    var settings =
        ((io.github.oras.operator.api.ParsedSettings.Valid)
                io.github.oras.operator.api.SettingsParser.parse(
                    java.util.Map.of(
                        "oras.converged-computing.github.io/oras-cache", "cache",
                        "oras.converged-computing.github.io/input-uri", "data/in:1")))
            .settings();
    var template =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree("{\"spec\":{\"containers\":[{\"name\":\"app\",\"command\":[\"run\"]}]}}");
    var keep =
        new io.github.oras.operator.spi.ServiceMergeStrategy.Decision.Keep(
            java.util.Optional.empty());

    ObjectNode withSecret =
        TemplatePlanner.plan(
                "",
                template,
                settings,
                new RegistryTarget(
                    "cache:5000",
                    true,
                    java.util.Optional.of("oras-env"),
                    java.util.Optional.empty()),
                InjectorConfig.defaults(),
                keep)
            .plan()
            .orElseThrow()
            .pullContainer();
    ObjectNode without =
        TemplatePlanner.plan(
                "",
                template,
                settings,
                new RegistryTarget(
                    "cache:5000", true, java.util.Optional.empty(), java.util.Optional.empty()),
                InjectorConfig.defaults(),
                keep)
            .plan()
            .orElseThrow()
            .pullContainer();

    assertThat(withSecret.properties())
        .extracting(java.util.Map.Entry::getKey)
        .containsExactly(SHAPE_KEYS);
    assertThat(withSecret.at("/envFrom/0/secretRef/name").asText()).isEqualTo("oras-env");
    assertThat(without.has("envFrom")).isFalse();
    assertThat(without.path("name").asText()).isEqualTo(SidecarContract.PULL_CONTAINER);
  }
}
