package io.github.oras.operator.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.oras.operator.cli.manifests.ManifestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project version in the root pom is the one place the image tag is written: the engine's
 * defaults, deploy/ and the READMEs name the images exactly as bin/images builds them. It lives
 * with the cli, which renders deploy/, beside the engine's package.
 */
class ImageReferencesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern IMAGE =
      Pattern.compile(
          "[A-Za-z0-9.:\\-]+(/[A-Za-z0-9._\\-]+)*/oras-(sidecar|operator):[A-Za-z0-9._\\-]+");

  @Test
  void referencesAreThePrefixAndTheProjectVersionOfTheRootPom() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    String version =
        between(pom, "<artifactId>oras-operator-parent</artifactId>", "<version>", "</version>");
    String prefix = between(pom, "<properties>", "<images.prefix>", "</images.prefix>");

    assertThat(ImageReferences.BUILD.version()).isEqualTo(version);
    assertThat(ImageReferences.BUILD.sidecar()).isEqualTo(prefix + "/oras-sidecar:" + version);
    assertThat(ImageReferences.BUILD.operator()).isEqualTo(prefix + "/oras-operator:" + version);
    assertThat(InjectorConfig.DEFAULT_SIDECAR_IMAGE).isEqualTo(ImageReferences.BUILD.sidecar());
    assertThat(ManifestOptions.DEFAULT_IMAGE).isEqualTo(ImageReferences.BUILD.operator());
  }

  @Test
  void deployAndReadmesNameTheImagesOfThisBuild() throws IOException {
    List<Path> documents;
    try (Stream<Path> deploy = Files.list(ROOT.resolve("deploy"))) {
      documents =
          Stream.concat(
                  deploy,
                  Stream.of("README.md", "sidecar/README.md", "operator/README.md")
                      .map(ROOT::resolve))
              .filter(Files::isRegularFile)
              .toList();
    }
    int named = 0;
    for (Path document : documents) {
      Matcher image = IMAGE.matcher(Files.readString(document));
      while (image.find()) {
        String expected =
            image.group(2).equals("sidecar")
                ? ImageReferences.BUILD.sidecar()
                : ImageReferences.BUILD.operator();
        assertThat(image.group())
            .as("%s names an image this build does not make", ROOT.relativize(document))
            .isEqualTo(expected);
        named++;
      }
    }
    assertThat(named).as("deploy/ and the README name the images").isGreaterThanOrEqualTo(2);
  }

  @Test
  void anUnfilteredFileIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> ImageReferences.load("unfiltered-images.properties"))
        .hasMessageContaining("not filtered by Maven");
  }

  private static String between(String text, String after, String open, String close) {
    int from = text.indexOf(open, text.indexOf(after)) + open.length();
    return text.substring(from, text.indexOf(close, from)).trim();
  }
}
