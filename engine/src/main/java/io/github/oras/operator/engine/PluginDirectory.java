package io.github.oras.operator.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Plugins from outside the build: every {@code *.jar} in one directory (the {@code --plugin-dir}),
 * loaded with {@link ServiceLoader} like the built-ins. All jars share ONE class loader whose
 * parent is the host's, so a plugin sees the host's SPI, API and Jackson (never copies of its own,
 * which would make its {@code MutationPolicy} a different type) and may ship its own libraries as
 * further jars beside it. Each provider is still traced to the jar that declares it, so every error
 * names the jar to fix.
 *
 * <p>The class loader stays open for the life of the process: the plugins' classes load lazily.
 */
public final class PluginDirectory {
  private final Path directory;
  private final List<Path> jars;
  private final URLClassLoader loader;

  private PluginDirectory(Path directory, List<Path> jars, URLClassLoader loader) {
    this.directory = directory;
    this.jars = jars;
    this.loader = loader;
  }

  /** A provider found in a plugin jar. */
  public record Plugin<T>(T instance, Path jar) {}

  /**
   * Opens {@code directory}; a missing directory, one without jars, or a file that is not a
   * readable jar is a {@link ConfigurationException}.
   *
   * @param host the class loader of the host (spi, api, Jackson, the built-in policies)
   */
  public static PluginDirectory open(Path directory, ClassLoader host) {
    if (!Files.isDirectory(directory)) {
      throw new ConfigurationException(
          "plugin directory "
              + directory
              + (Files.exists(directory) ? " is not a directory" : " does not exist"));
    }
    List<Path> jars = listJars(directory);
    if (jars.isEmpty()) {
      throw new ConfigurationException(
          "plugin directory "
              + directory
              + " holds no .jar files (build the plugin first, e.g. mvn package)");
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : jars) {
      checkReadable(jar);
      urls.add(url(jar));
    }
    return new PluginDirectory(
        directory, List.copyOf(jars), new URLClassLoader(urls.toArray(URL[]::new), host));
  }

  public Path directory() {
    return directory;
  }

  /** The jars, in name order. */
  public List<Path> jars() {
    return jars;
  }

  /** The class loader the plugins are defined by. */
  public ClassLoader classLoader() {
    return loader;
  }

  /**
   * The providers of {@code service} that the jars declare in {@code META-INF/services}, jar by jar
   * in name order; a provider that cannot be loaded or instantiated is a {@link
   * ConfigurationException} naming its jar.
   */
  public <T> List<Plugin<T>> load(Class<T> service) {
    List<Plugin<T>> found = new ArrayList<>();
    for (Path jar : jars) {
      try {
        ServiceLoader.load(service, new OneJarServices(url(jar), loader))
            .forEach(instance -> found.add(new Plugin<>(instance, jar)));
      } catch (ServiceConfigurationError | LinkageError e) {
        throw new ConfigurationException(
            "plugin jar "
                + jar
                + " cannot provide a "
                + service.getSimpleName()
                + ": "
                + e.getMessage()
                + " (is the class in the jar, public, with a public no-argument constructor, and built"
                + " against this version of oras-operator-spi?)",
            e);
      }
    }
    return found;
  }

  private static List<Path> listJars(Path directory) {
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigurationException(
          "cannot list plugin directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void checkReadable(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      file.size();
    } catch (IOException e) {
      throw new ConfigurationException(
          "plugin jar " + jar + " is not a readable jar: " + e.getMessage(), e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What ServiceLoader sees for one jar: only that jar's {@code META-INF/services} files, while
   * classes still come from the shared loader (so providers are defined once, by it, and may use
   * the other jars). This is what lets an error name the jar that declared the broken provider.
   */
  private static final class OneJarServices extends ClassLoader {
    private final String prefix;
    private final URLClassLoader shared;

    OneJarServices(URL jar, URLClassLoader shared) {
      super(shared);
      this.prefix = "jar:" + jar + "!/";
      this.shared = shared;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> own = new ArrayList<>();
      for (URL url : Collections.list(shared.findResources(name))) {
        if (url.toString().startsWith(prefix)) {
          own.add(url);
        }
      }
      return Collections.enumeration(own);
    }
  }
}
