package io.github.oras.operator.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wrapper's AppCDS archive for plain processes ({@code ORAS_CDS_DIR}): the first run builds it
 * from the class list the image uses and maps the sidecar from it, later runs map the same file,
 * {@code cds-archive} builds it ahead of time, and a rebuilt jar gets an archive of its own in
 * place of the old one.
 */
@Timeout(180)
class AppCdsWrapperIT {
  @TempDir Path jarDir;
  @TempDir Path cds;
  @TempDir Path logs;

  /** Where the wrapper finds {@code java}. */
  private Path javaBin = Path.of(System.getProperty("java.home"), "bin");

  @Test
  void theFirstRunBuildsTheArchiveAndMapsTheSidecarFromIt() throws Exception {
    Path jar = classesJar(jarDir, "");
    assertThat(sourceOf(run(jar, "first"), Main.class.getName()))
        .as("the first run maps Main from the archive it built")
        .contains("shared objects file");
    List<Path> built = archives();
    assertThat(built).hasSize(1).allMatch(p -> p.toString().endsWith(".jsa"));
    Object identity = Files.getAttribute(built.get(0), "unix:ino");

    assertThat(sourceOf(run(jar, "second"), Main.class.getName())).contains("shared objects file");
    assertThat(archives()).isEqualTo(built);
    assertThat(Files.getAttribute(built.get(0), "unix:ino"))
        .as("the second run maps the same file, not a new build")
        .isEqualTo(identity);

    Path rebuilt = classesJar(jarDir, "rebuilt");
    assertThat(sourceOf(run(rebuilt, "rebuilt"), Main.class.getName()))
        .contains("shared objects file");
    assertThat(archives())
        .as("the rebuilt jar's archive replaces the old one")
        .hasSize(1)
        .doesNotContainAnyElementsOf(built);
  }

  @Test
  void cdsArchiveBuildsTheArchiveAheadOfTimeAndPrintsItsPath() throws Exception {
    Path jar = classesJar(jarDir, "");
    String printed = wrapper(jar, "ahead", List.of(), "cds-archive").strip();
    assertThat(archives()).singleElement().hasToString(printed);
    assertThat(wrapper(jar, "again", List.of(), "cds-archive").strip()).isEqualTo(printed);
  }

  @Test
  void aJavaRuntimeUpgradedInPlaceGetsAnArchiveOfItsOwn(@TempDir Path runtime) throws Exception {
    // A runtime refuses another runtime's archive and then shares nothing at all, not even its own
    // classes: the archive must follow the runtime, not only its path. This one is the real java
    // behind a launcher, with a class image of its own that an upgrade rewrites.
    Path bin = Files.createDirectories(runtime.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\nexec \""
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "\" \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Path image = Files.createDirectories(runtime.resolve("lib")).resolve("modules");
    Files.writeString(image, "the runtime's classes, version 1");
    javaBin = bin;
    Path jar = classesJar(jarDir, "");
    String before = wrapper(jar, "before", List.of(), "cds-archive").strip();

    Files.writeString(image, "the runtime's classes, version 2 (upgraded in place)");
    String after = wrapper(jar, "after", List.of(), "cds-archive").strip();

    assertThat(after).isNotEqualTo(before);
    assertThat(archives())
        .as("the new runtime's archive replaces the old one")
        .singleElement()
        .hasToString(after);
  }

  /** Runs {@code oras-sidecar --version} through the wrapper; returns the class-load log. */
  private List<String> run(Path jar, String name) throws Exception {
    Path classLog = logs.resolve(name + ".classes");
    wrapper(jar, name, List.of("-Xlog:class+load:file=" + classLog), "--version");
    return Files.readAllLines(classLog);
  }

  /** Runs the wrapper with {@code argument}; returns what it printed. */
  private String wrapper(Path jar, String name, List<String> javaOpts, String argument)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh", Path.of("bin", "oras-sidecar").toAbsolutePath().toString(), argument)
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".out").toFile());
    builder.environment().put("ORAS_SIDECAR_JAR", jar.toString());
    builder.environment().put("ORAS_CDS_DIR", cds.toString());
    builder.environment().put("JAVA_OPTS", String.join(" ", javaOpts));
    builder.environment().put("PATH", javaBin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(logs.resolve(name + ".out"));
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private List<Path> archives() throws IOException {
    try (Stream<Path> files = Files.list(cds)) {
      return files.sorted().collect(Collectors.toList());
    }
  }

  private static String sourceOf(List<String> classLog, String className) {
    return classLog.stream()
        .filter(line -> line.contains(" " + className + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError(className + " was not loaded"));
  }

  /**
   * A jar of this module's classes (the archive refuses class directories), with the dependency
   * jars of the test class path as Class-Path entries; {@code marker} changes its bytes.
   */
  private static Path classesJar(Path dir, String marker) throws IOException {
    List<String> dependencies = new ArrayList<>();
    Path classes = null;
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path path = Path.of(entry).toAbsolutePath();
      if (entry.endsWith(".jar")) {
        dependencies.add(path.toUri().toString());
      } else if (Files.exists(path.resolve(Main.class.getName().replace('.', '/') + ".class"))) {
        classes = path;
      }
    }
    assertThat(classes).as("this module's classes on the test class path").isNotNull();
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", dependencies));
    Path jar = dir.resolve("oras-sidecar.jar");
    Path root = classes;
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream zip = new JarOutputStream(out, manifest);
        Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        zip.putNextEntry(new JarEntry(root.relativize(file).toString()));
        Files.copy(file, zip);
        zip.closeEntry();
      }
      zip.putNextEntry(new JarEntry("build-marker.txt"));
      zip.write(marker.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
